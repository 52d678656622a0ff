import fs from 'node:fs';
import path from 'node:path';
import { startProcess, waitUntil, isPortOpen, type ManagedProcess } from './processes';

/**
 * Starts the embedded Temporal dev server: persistent SQLite (WAL) under the data folder,
 * bound to 127.0.0.1, with the version check and the UI news feed switched off.
 */
export async function startTemporalDevServer(opts: {
  bin: string;
  port: number;
  uiPort: number;
  dataDir: string;
  headless?: boolean;
  namespaces?: string[];
}): Promise<ManagedProcess> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--db-filename',
    path.join(opts.dataDir, 'temporal.sqlite'),
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
    '--log-level',
    'warn',
  ];
  for (const ns of opts.namespaces ?? []) args.push('--namespace', ns);
  if (opts.headless) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort), '--ui-ip', '127.0.0.1', '--ui-disable-news-fetch');
  const proc = startProcess('temporal', opts.bin, args, {
    logFile: path.join(opts.dataDir, 'temporal.log'),
    env: { TEMPORAL_VERSION_CHECK_DISABLED: '1' },
  });
  await waitUntil(`Temporal dev server on 127.0.0.1:${opts.port}`, () => isTemporalReady(`127.0.0.1:${opts.port}`, opts.namespaces?.at(-1) ?? 'default'), {
    timeoutMs: 60_000,
    process: proc,
  });
  return proc;
}

/** True once the frontend answers a real RPC (the port opens before the namespace exists). */
async function isTemporalReady(address: string, namespace: string): Promise<boolean> {
  const { Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}

/** Starts the embedded FerretDB on its SQLite backend, telemetry disabled, bound to 127.0.0.1. */
export async function startFerretDb(opts: { bin: string; port: number; dataDir: string }): Promise<ManagedProcess> {
  const dbDir = path.join(opts.dataDir, 'ferretdb');
  fs.mkdirSync(dbDir, { recursive: true });
  const proc = startProcess(
    'ferretdb',
    opts.bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dbDir}/`,
      `--listen-addr=127.0.0.1:${opts.port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      `--state-dir=${dbDir}`,
      '--log-level=warn',
    ],
    { logFile: path.join(opts.dataDir, 'ferretdb.log') },
  );
  await waitUntil(`FerretDB on 127.0.0.1:${opts.port}`, () => isPortOpen(opts.port), { timeoutMs: 30_000, process: proc });
  return proc;
}
