import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/** Bundles workflows/ once into a file every worker process can load (fast restarts, one build per run). */
export async function bundleWorkflows(outFile: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quietLogger });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(`${outFile}.tmp`, code);
  fs.renameSync(`${outFile}.tmp`, outFile);
  return outFile;
}

const noop = () => undefined;
const quietLogger = {
  log: noop,
  trace: noop,
  debug: noop,
  info: noop,
  warn: (m: string) => process.stderr.write(`[bundle] ${m}\n`),
  error: (m: string) => process.stderr.write(`[bundle] ${m}\n`),
};
