import fs from 'node:fs';
import path from 'node:path';
import { getFreePort, type ManagedProcess } from '../../scripts/stack/processes';
import { startTemporalDevServer } from '../../scripts/stack/servers';
import { provisionTemporalCli } from '../../scripts/stack/tools';
import { loadStackState } from './stack-state';

/** What a test may start its server with, as `npm start` would from TEMPORAL_METRICS_PORT and TEMPORAL_DYNAMIC_CONFIG. */
export interface OwnTemporalOptions {
  metricsPort?: number;
  dynamicConfig?: Record<string, unknown>;
}

/**
 * A Temporal dev server owned by one test file, so the file may stop and restart it: the run's
 * shared server must stay up for the files running beside it. It keeps its SQLite file and port
 * across restarts, as a production server would.
 */
export class OwnTemporal {
  readonly namespace = 'default';
  private process: ManagedProcess | undefined;

  private constructor(
    private readonly bin: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly options: OwnTemporalOptions,
  ) {}

  /** Starts a fresh server on a free port, its data in a new folder under the run's data folder. */
  static async start(name: string, options: OwnTemporalOptions = {}): Promise<OwnTemporal> {
    const bin = await provisionTemporalCli(); // cached by global setup's provisioning: no download here
    const dataDir = fs.mkdtempSync(path.join(loadStackState().dataDir, `temporal-${name}-`));
    const server = new OwnTemporal(bin, await getFreePort(), dataDir, options);
    await server.restart();
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** Stops the server with SIGTERM and waits for it to exit. */
  async stop(): Promise<void> {
    await this.process?.stop('SIGTERM', 15_000);
    this.process = undefined;
  }

  /** Starts the server again (same port, same SQLite file) and waits until it answers RPCs. */
  async restart(): Promise<void> {
    if (this.process) throw new Error('own Temporal server is already running');
    this.process = await startTemporalDevServer({ bin: this.bin, port: this.port, uiPort: 0, dataDir: this.dataDir, headless: true, ...this.options });
  }

  /** Stops the server and removes its data. */
  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
