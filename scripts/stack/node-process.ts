import path from 'node:path';
import { startProcess, type ManagedProcess } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Starts one of CityOps' own TypeScript entry points (api/server.ts, activities/worker.ts) under tsx. */
export function startNodeProcess(name: string, entry: string, opts: { logFile: string; env: NodeJS.ProcessEnv }): ManagedProcess {
  return startProcess(name, process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, entry)], { logFile: opts.logFile, env: opts.env, cwd: REPO_ROOT });
}
