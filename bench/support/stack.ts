import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig, type Config } from '../../platform/config';
import { connectDatabase } from '../../platform/database';
import { seedDemo } from '../../demo/seed';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import { startEmbeddedServers, type EmbeddedServers } from '../../scripts/stack/embedded';
import { startNodeProcess } from '../../scripts/stack/node-process';
import { getFreePort, tail, waitUntil, type ManagedProcess } from '../../scripts/stack/processes';

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

export interface BenchStackOptions {
  /** Bundle the workflow code and start the incident and hello workers. Default true; a bench that starts no workflow skips them. */
  workers?: boolean;
}

/**
 * What a bench runs against: the embedded Temporal dev server and FerretDB on free ports with a
 * throw-away data folder (or the servers TEMPORAL_ADDRESS / MONGODB_URI name), the demo dataset in a
 * database of its own, worker processes on task queues of their own and, on request, the API. Fields
 * fill in as start-up proceeds, so stop() — also from Ctrl-C half-way — ends exactly what was started.
 */
export class BenchStack {
  readonly suffix = randomBytes(3).toString('hex');
  readonly dbName = `cityops_bench_${this.suffix}`;
  readonly sopTaskQueue = `bench-sop-${this.suffix}`;
  readonly helloTaskQueue = `bench-hello-${this.suffix}`;
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-bench-'));
  config!: Config;
  client!: Client;
  sopWorker?: ManagedProcess;
  helloWorker?: ManagedProcess;
  /** Every API process started, first to last. */
  private readonly apis: ManagedProcess[] = [];
  /** The first API's URL (`http://127.0.0.1:<port>`), set by startApi(). */
  apiUrl?: string;
  private servers?: EmbeddedServers;
  private connection?: Connection;
  private dbConnected = false;
  private stopping?: Promise<void>;

  /** True when the database is one this bench made on someone else's server (so it drops it at the end). */
  get externalDatabase(): boolean {
    return Boolean(this.config?.MONGODB_URI);
  }

  /** Pid of an embedded server this stack started (`ferretdb`, `temporal`); undefined for external ones. */
  serverPid(name: 'ferretdb' | 'temporal'): number | undefined {
    return this.servers?.processes.find((p) => p.name === name)?.child.pid;
  }

  /** The embedded Temporal server's Prometheus page; undefined for an external one. */
  get temporalMetricsUrl(): string | undefined {
    return this.config.TEMPORAL_ADDRESS ? undefined : `http://127.0.0.1:${this.config.TEMPORAL_METRICS_PORT}/metrics`;
  }

  async start(opts: BenchStackOptions = {}): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, CITYOPS_DATA_DIR: this.dataDir, CITYOPS_DB_NAME: this.dbName };
    if (!env.TEMPORAL_ADDRESS) {
      env.TEMPORAL_PORT = String(await getFreePort());
      env.TEMPORAL_METRICS_PORT = String(await getFreePort());
    }
    if (!env.MONGODB_URI) env.FERRETDB_PORT = String(await getFreePort());
    this.config = loadConfig(env);
    say(`data folder ${this.dataDir}`);
    say(`Temporal ${this.config.TEMPORAL_ADDRESS ? `external at ${this.config.temporalAddress}` : `embedded at ${this.config.temporalAddress}`}`);
    say(`MongoDB ${this.config.MONGODB_URI ? 'external' : `embedded FerretDB at ${this.config.mongoUri}`}, database ${this.dbName}`);
    this.servers = await startEmbeddedServers(this.config, { temporalUi: false });

    await connectDatabase(this.config.mongoUri, this.dbName);
    this.dbConnected = true;
    await seedDemo({ password: this.config.CITYOPS_DEMO_PASSWORD });
    say('seeded the demo dataset');

    this.connection = await Connection.connect({ address: this.config.temporalAddress });
    this.client = new Client({ connection: this.connection, namespace: this.config.TEMPORAL_NAMESPACE });
    if (opts.workers !== false) await this.startWorkers();
  }

  private async startWorkers(): Promise<void> {
    say('bundling workflow code (product and hello) …');
    const sopBundle = await bundleWorkflows(path.join(this.dataDir, 'workflow-bundle.js'));
    const helloBundle = await bundleHello(path.join(this.dataDir, 'hello-bundle.js'));
    const workerEnv = {
      TEMPORAL_ADDRESS: this.config.temporalAddress,
      TEMPORAL_NAMESPACE: this.config.TEMPORAL_NAMESPACE,
      MONGODB_URI: this.config.mongoUri,
      CITYOPS_DB_NAME: this.dbName,
      CITYOPS_DATA_DIR: this.dataDir,
      CITYOPS_TASK_QUEUE: this.sopTaskQueue,
      CITYOPS_WORKFLOW_BUNDLE: sopBundle,
      BENCH_HELLO_TASK_QUEUE: this.helloTaskQueue,
      BENCH_HELLO_BUNDLE: helloBundle,
    };
    this.sopWorker = startNodeProcess('worker', 'activities/worker.ts', { logFile: path.join(this.dataDir, 'worker.log'), env: workerEnv });
    this.helloWorker = startNodeProcess('hello-worker', 'bench/hello/worker.ts', { logFile: path.join(this.dataDir, 'hello-worker.log'), env: workerEnv });
    await waitForLog(this.sopWorker, 'worker started');
    await waitForLog(this.helloWorker, 'hello worker started');
    say(`workers up: incident worker pid ${this.sopWorker.child.pid}, hello worker pid ${this.helloWorker.child.pid}`);
  }

  /**
   * Starts the real API (api/server.ts) as its own process on a free port, as `npm start` runs it,
   * with an event loop of its own rather than the bench's. MQTT stays off: the bench posts over HTTP.
   * A second call starts another API process on the same servers (`name` tells their logs apart), as
   * a deployment with several behind a load balancer; `api` and `apiUrl` stay the first one's.
   */
  async startApi(name = 'api'): Promise<string> {
    const port = await getFreePort();
    const proc = startNodeProcess(name, 'api/server.ts', {
      logFile: path.join(this.dataDir, `${name}.log`),
      env: {
        PORT: String(port),
        TEMPORAL_ADDRESS: this.config.temporalAddress,
        TEMPORAL_NAMESPACE: this.config.TEMPORAL_NAMESPACE,
        MONGODB_URI: this.config.mongoUri,
        CITYOPS_DB_NAME: this.dbName,
        CITYOPS_DATA_DIR: this.dataDir,
        CITYOPS_TASK_QUEUE: this.sopTaskQueue,
        CITYOPS_FOUR_EYES: 'off', // the demo dataset, as `npm start` runs it
        MQTT_URL: undefined, // spawn leaves undefined variables out, so an MQTT_URL in the caller's shell does not leak in
      },
    });
    this.apis.push(proc);
    await waitForLog(proc, 'api listening');
    const url = `http://127.0.0.1:${port}`;
    this.apiUrl ??= url;
    say(`${name} up at ${url}, pid ${proc.child.pid}`);
    return url;
  }

  /** The first API process started. */
  get api(): ManagedProcess | undefined {
    return this.apis[0];
  }

  /** Stops the workers first (their in-flight work is the bench's own), then whatever else was started. */
  async stopWorkers(): Promise<void> {
    await Promise.all([this.sopWorker?.stop(), this.helloWorker?.stop()]);
  }

  /** Idempotent: stops the workers and the API, drops a database made on an external server, closes connections, stops servers, removes the data folder. */
  stop(opts: { keepDataDir?: boolean } = {}): Promise<void> {
    this.stopping ??= (async () => {
      await this.stopWorkers();
      await Promise.all(this.apis.map((api) => api.stop()));
      if (this.dbConnected) {
        if (this.externalDatabase) await mongoose.connection.dropDatabase().catch((e: Error) => say(`could not drop ${this.dbName}: ${e.message}`));
        await mongoose.disconnect().catch(() => undefined);
      }
      await this.connection?.close().catch(() => undefined);
      await this.servers?.stop();
      if (opts.keepDataDir) say(`kept ${this.dataDir} (logs of the servers and workers)`);
      else fs.rmSync(this.dataDir, { recursive: true, force: true });
    })();
    return this.stopping;
  }
}

async function waitForLog(proc: ManagedProcess, line: string): Promise<void> {
  await waitUntil(proc.name, async () => tail(proc.logFile, 100_000).includes(line), { timeoutMs: 60_000, process: proc });
}

/** Bundles bench/hello/workflows.ts alone: product workers never see it, and it never sees product code. */
async function bundleHello(outFile: string): Promise<string> {
  const noop = () => undefined;
  const warn = (m: string) => process.stderr.write(`[bundle] ${m}\n`);
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../hello/workflows'),
    logger: { log: noop, trace: noop, debug: noop, info: noop, warn, error: warn },
  });
  fs.writeFileSync(outFile, code);
  return outFile;
}
