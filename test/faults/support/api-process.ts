import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startNodeProcess } from '../../../scripts/stack/node-process';
import { getFreePort, tail, waitUntil, type ManagedProcess } from '../../../scripts/stack/processes';
import type { TestStack } from '../../support/test-stack';

/**
 * The real API (api/server.ts) as a process of its own on a test stack's database, Temporal
 * namespace and task queue — as `npm start` runs it — so a test can kill it with SIGKILL and start it
 * again on the same port. The signing secret stays the same across restarts, so tokens stay valid.
 */
export class ApiProcess {
  private process: ManagedProcess | undefined;
  private starts = 0;
  private readonly secret = randomBytes(32).toString('hex');

  private constructor(
    private readonly stack: TestStack,
    readonly port: number,
  ) {}

  static async start(stack: TestStack): Promise<ApiProcess> {
    const api = new ApiProcess(stack, await getFreePort());
    await api.restart();
    return api;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get current(): ManagedProcess | undefined {
    return this.process;
  }

  /** Starts the API (again) and waits until it listens. */
  async restart(): Promise<void> {
    if (this.process) throw new Error('the API process is already running');
    const logFile = path.join(this.stack.state.dataDir, `${this.stack.taskQueue}-api-${++this.starts}.log`);
    const proc = startNodeProcess('api', 'api/server.ts', {
      logFile,
      env: {
        PORT: String(this.port),
        TEMPORAL_ADDRESS: this.stack.temporalAddress,
        TEMPORAL_NAMESPACE: this.stack.namespace,
        MONGODB_URI: this.stack.mongoUri,
        CITYOPS_DB_NAME: this.stack.dbName,
        CITYOPS_TASK_QUEUE: this.stack.taskQueue,
        CITYOPS_DATA_DIR: this.stack.state.dataDir,
        CITYOPS_JWT_SECRET: this.secret,
        CITYOPS_FOUR_EYES: 'off',
        MQTT_URL: undefined, // spawn leaves undefined variables out: no MQTT from the caller's shell
      },
    });
    this.process = proc;
    await waitUntil('api process', async () => tail(logFile, 100_000).includes('api listening'), { timeoutMs: 60_000, process: proc });
  }

  /** SIGKILL: no shutdown, no in-flight request finished. */
  async kill(): Promise<void> {
    await this.process?.stop('SIGKILL');
    this.process = undefined;
  }

  async stop(): Promise<void> {
    await this.process?.stop('SIGTERM', 15_000);
    this.process = undefined;
  }

  /** The log of the last start, for the report when something fails. */
  log(): string {
    return this.process ? tail(this.process.logFile, 4000) : '';
  }
}
