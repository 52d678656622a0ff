import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createApp, type AppDeps, type CityOpsApp } from '../../api/app';
import { seedDemo } from '../../demo/seed';
import { connectDatabase } from '../../platform/database';
import { createTemporalClient } from '../../platform/temporal';
import { startNodeProcess } from '../../scripts/stack/node-process';
import { tail, waitUntil, type ManagedProcess } from '../../scripts/stack/processes';
import { loadStackState, type StackState } from './stack-state';

export const DEMO_PASSWORD = 'test-password-1';

/**
 * One test file's slice of the real stack: its own database and task queue on the shared
 * Temporal and FerretDB servers, the API app in this process, and workers as real child processes.
 */
export class TestStack {
  private workers: ManagedProcess[] = [];
  private constructor(
    readonly state: StackState,
    readonly dbName: string,
    readonly taskQueue: string,
    readonly namespace: string,
    readonly temporalAddress: string,
    readonly baseUrl: string,
    /** The database server this stack uses: the run's FerretDB, or one of the file's own (`start(name, { mongoUri })`). */
    readonly mongoUri: string,
    private currentApp: CityOpsApp,
    private server: Server,
    private readonly temporal: ReturnType<typeof createTemporalClient>,
    private readonly appDeps: AppDeps,
  ) {}

  /** The in-process API (a new one after `restartApi`). */
  get app(): CityOpsApp {
    return this.currentApp;
  }

  /**
   * `mqtt`: also subscribe this app to the run's mosquitto (fails when mosquitto is not installed).
   * `temporal`: a Temporal server of the file's own (one it may stop) instead of the run's shared one;
   * its namespace is used as given, none is claimed from the pool.
   * `fourEyes`: SOP deploys and rule changes wait for a second admin (off by default, as for the demo dataset).
   * `tokenTtlSeconds`: the access-token lifetime (an hour by default, so no test refreshes unless it asks to).
   * `deps`: other settings of the app (the metrics token, the outbox limit).
   * `mongoUri`: a database server of the file's own (one it may stop) instead of the run's shared FerretDB.
   */
  static async start(
    name: string,
    opts: {
      mqtt?: boolean;
      temporal?: { address: string; namespace: string };
      fourEyes?: boolean;
      tokenTtlSeconds?: number;
      deps?: Pick<AppDeps, 'metricsToken' | 'outboxMaxDepth'>;
      mongoUri?: string;
    } = {},
  ): Promise<TestStack> {
    const state = loadStackState();
    const suffix = randomBytes(3).toString('hex');
    const dbName = `test_${name}_${suffix}`.replace(/[^A-Za-z0-9_]/g, '_');
    const taskQueue = `test-${name}-${suffix}`;
    const temporalAddress = opts.temporal?.address ?? state.temporalAddress;
    const namespace = opts.temporal?.namespace ?? claimNamespace(state);
    const mongoUri = opts.mongoUri ?? state.mongoUri;
    await connectDatabase(mongoUri, dbName);
    await seedDemo({ password: DEMO_PASSWORD });
    const temporal = createTemporalClient(temporalAddress, namespace);
    if (opts.mqtt && !state.mqttUrl) throw new Error(`this test needs MQTT, but the run has no broker: ${state.mqttSkipped ?? 'unknown reason'}`);
    const mqtt = opts.mqtt && state.mqttUrl ? { url: state.mqttUrl, clientId: `test-${name}-${suffix}`, minReconnectMs: 200, maxReconnectMs: 2000 } : undefined;
    const deps: AppDeps = {
      temporal,
      taskQueue,
      tokenSecret: randomBytes(32).toString('hex'),
      tokenTtlSeconds: opts.tokenTtlSeconds ?? 3600,
      fourEyes: opts.fourEyes ?? false,
      ...opts.deps,
      ...(mqtt ? { mqtt } : {}),
    };
    const { app, server } = await serveApp(deps, 0);
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    return new TestStack(state, dbName, taskQueue, namespace, temporalAddress, `http://127.0.0.1:${port}`, mongoUri, app, server, temporal, deps);
  }

  /**
   * Stops the API as a process exit would (open streams and connections end, the app's memory is
   * gone), runs `whileDown`, then starts a fresh app on the same port with the same signing secret.
   */
  async restartApi(whileDown: () => Promise<void> = async () => undefined): Promise<void> {
    await stopApp(this.currentApp, this.server);
    await whileDown();
    const { app, server } = await serveApp(this.appDeps, Number(new URL(this.baseUrl).port));
    this.currentApp = app;
    this.server = server;
  }

  /** A second API instance on the same database and Temporal (another port), as when several run behind a balancer; `close()` it. */
  async secondApi(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
    const { app, server } = await serveApp(this.appDeps, 0);
    const addr = server.address();
    return { baseUrl: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, close: () => stopApp(app, server) };
  }

  get temporalClient() {
    return this.temporal;
  }

  /** Starts a worker process on this stack's task queue and waits until it polls; `env` adds settings (its health port, grace period). */
  async startWorker(env: NodeJS.ProcessEnv = {}): Promise<ManagedProcess> {
    const logFile = path.join(this.state.dataDir, `${this.taskQueue}-worker-${this.workers.length + 1}.log`);
    const worker = startNodeProcess('worker', 'activities/worker.ts', {
      logFile,
      env: {
        TEMPORAL_ADDRESS: this.temporalAddress,
        MONGODB_URI: this.mongoUri,
        CITYOPS_DB_NAME: this.dbName,
        CITYOPS_TASK_QUEUE: this.taskQueue,
        TEMPORAL_NAMESPACE: this.namespace,
        CITYOPS_WORKFLOW_BUNDLE: this.state.workflowBundle,
        CITYOPS_DATA_DIR: this.state.dataDir,
        ...env,
      },
    });
    this.workers.push(worker);
    await waitUntil('worker', async () => tail(logFile, 100_000).includes('worker started'), { timeoutMs: 60_000, process: worker });
    return worker;
  }

  /** The arguments of each `name` signal in a workflow's history: what actually reached Temporal. */
  async signalsOf(workflowId: string, name: string): Promise<Record<string, unknown>[]> {
    const history = await this.temporal.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? [])
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((a) => a?.signalName === name)
      .map((a) => JSON.parse(Buffer.from(a!.input!.payloads![0]!.data!).toString('utf8')) as Record<string, unknown>);
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await this.request('POST', '/api/auth/login', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { token: string }).token;
  }

  async request(method: string, urlPath: string, opts: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.baseUrl}${urlPath}`, {
      method,
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body };
  }

  async close(): Promise<void> {
    for (const w of this.workers) await w.stop('SIGTERM', 15_000);
    await stopApp(this.currentApp, this.server);
    // Stop what this file left running so the server does no work for a finished file.
    for await (const wf of this.temporal.workflow.list({ query: 'ExecutionStatus="Running"' })) {
      await this.temporal.workflow
        .getHandle(wf.workflowId, wf.runId)
        .terminate('test file finished')
        .catch(() => undefined);
    }
    await this.temporal.connection.close();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  }
}

async function serveApp(deps: AppDeps, port: number): Promise<{ app: CityOpsApp; server: Server }> {
  const app = createApp(deps);
  app.dispatcher.start();
  app.live.start();
  app.pruner.start();
  app.mqtt?.start();
  const server = await new Promise<Server>((resolve) => {
    const s = app.app.listen(port, '127.0.0.1', () => resolve(s));
  });
  return { app, server };
}

async function stopApp(app: CityOpsApp, server: Server): Promise<void> {
  await app.mqtt?.stop();
  await app.live.stop();
  await app.pruner.stop();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections(); // keep-alive sockets too, as when the process exits
  await closed;
  await app.dispatcher.stop();
}

/**
 * Claims an unused namespace from the run's pool with an exclusive lock file (atomic across jest
 * workers). Never handed out twice in a run, so one file never sees another file's workflow history.
 */
function claimNamespace(state: StackState): string {
  for (const namespace of state.namespaces) {
    const lock = path.join(state.dataDir, `${namespace}.lock`);
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return namespace;
    } catch {
      /* taken: try the next one */
    }
  }
  throw new Error('no free Temporal namespace for this test file: raise the pool size in global-setup.ts');
}

/** Polls `probe` until it returns a value (not undefined), or fails with the last value seen. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

export function floodReading(id: string, value: number, observedAt = new Date().toISOString()) {
  return { id, source: 'flood-sensor/suoi-rat-bridge-11', metric: 'water_level_m', value, unit: 'm', observedAt, location: { lat: 11.5349, lon: 106.8832 } };
}
