import fs from 'node:fs';
import os from 'node:os';
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
  /** Port of the server's Prometheus `/metrics` (on 127.0.0.1, like every port it opens); 0 or unset: a free one. */
  metricsPort?: number;
  dataDir: string;
  headless?: boolean;
  namespaces?: string[];
  /** Dynamic-config values over CityOps' own (TEMPORAL_DYNAMIC_CONFIG). */
  dynamicConfig?: Record<string, unknown>;
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
    ...dynamicConfig({
      'frontend.enableServerVersionCheck': false,
      // An activity a workflow task schedules goes back with that task's answer to the worker that has a
      // free slot, instead of waiting for its next poll: one round trip fewer per step (bench:e2e).
      'system.enableActivityEagerExecution': true,
      ...opts.dynamicConfig,
    }),
    '--log-level',
    'warn',
  ];
  if (opts.metricsPort) args.push('--metrics-port', String(opts.metricsPort));
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
  // A subchannel of its own: one shared with another client of this process (same target, same options)
  // would inherit that client's reconnect back-off and report a restarted server late.
  const connection = await Connection.connect({ address, connectTimeout: 1000, channelArgs: { 'grpc.use_local_subchannel_pool': 1 } });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}

/**
 * Starts FerretDB bound to 127.0.0.1 with telemetry disabled: the embedded one on its SQLite backend
 * (under the data folder), or, given `postgresUrl`, on that PostgreSQL database.
 */
export async function startFerretDb(opts: { bin: string; port: number; dataDir: string; postgresUrl?: string }): Promise<ManagedProcess> {
  const dbDir = path.join(opts.dataDir, 'ferretdb');
  fs.mkdirSync(dbDir, { recursive: true });
  const backend = opts.postgresUrl ? ['--handler=pg', `--postgresql-url=${opts.postgresUrl}`] : ['--handler=sqlite', `--sqlite-url=file:${dbDir}/`];
  const proc = startProcess(
    'ferretdb',
    opts.bin,
    [...backend, `--listen-addr=127.0.0.1:${opts.port}`, '--debug-addr=-', '--telemetry=disable', `--state-dir=${dbDir}`, '--log-level=warn'],
    { logFile: path.join(opts.dataDir, 'ferretdb.log') },
  );
  await waitUntil(`FerretDB on 127.0.0.1:${opts.port}`, () => isPortOpen(opts.port), { timeoutMs: 30_000, process: proc });
  return proc;
}

/** The mosquitto broker binary: MOSQUITTO_BIN, Debian's /usr/sbin/mosquitto, or one on the PATH; undefined when not installed. */
export function findMosquitto(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.MOSQUITTO_BIN, '/usr/sbin/mosquitto', ...(env.PATH ?? '').split(path.delimiter).map((dir) => dir && path.join(dir, 'mosquitto'))];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export const MOSQUITTO_INSTALL_HINT = 'install it with `sudo apt-get install mosquitto` (Debian/Ubuntu) or set MOSQUITTO_BIN, or point MQTT_URL at a broker';

/**
 * Starts an embedded mosquitto: one listener on 127.0.0.1:<port> (no other listeners), anonymous
 * clients allowed — it is reachable from this machine only — and persistence in the data folder, so
 * persistent sessions and their queued QoS 1 messages survive a broker restart.
 */
export async function startMosquitto(opts: { bin: string; port: number; dataDir: string }): Promise<ManagedProcess> {
  const dir = path.join(opts.dataDir, 'mosquitto');
  fs.mkdirSync(dir, { recursive: true });
  const confFile = path.join(dir, 'mosquitto.conf');
  const conf = [
    '# Written by CityOps on every start; edits are overwritten.',
    `listener ${opts.port} 127.0.0.1`,
    'allow_anonymous true',
    'persistence true',
    `persistence_location ${dir}${path.sep}`,
    'autosave_interval 60',
    // Run as whoever started us (as root mosquitto would otherwise switch to a `mosquitto` user that cannot write `dir`).
    `user ${os.userInfo().username}`,
    // Queue enough for an API outage of a few minutes at demo rates; older messages beyond this are dropped by the broker.
    'max_queued_messages 100000',
    'log_dest stdout',
    'log_type error',
    'log_type warning',
    'log_type notice',
    '',
  ].join('\n');
  fs.writeFileSync(confFile, conf);
  const proc = startProcess('mosquitto', opts.bin, ['-c', confFile], { logFile: path.join(opts.dataDir, 'mosquitto.log') });
  await waitUntil(`mosquitto on 127.0.0.1:${opts.port}`, () => isPortOpen(opts.port), { timeoutMs: 15_000, process: proc });
  return proc;
}

/** `--dynamic-config-value KEY=JSON` arguments of the Temporal CLI. */
function dynamicConfig(values: Record<string, unknown>): string[] {
  return Object.entries(values).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}
