import fs from 'node:fs';
import path from 'node:path';
import { getFreePort, type ManagedProcess } from '../../../scripts/stack/processes';
import { startFerretDb } from '../../../scripts/stack/servers';
import { provisionFerretDb } from '../../../scripts/stack/tools';
import { loadStackState } from '../../support/stack-state';

/**
 * A FerretDB owned by one test file, on a SQLite folder of its own, so the file may stop and restart
 * it: the run's shared FerretDB must stay up for the files running beside it. Keeps its port and data
 * across restarts, as a production database server would.
 */
export class OwnFerretDb {
  private process: ManagedProcess | undefined;

  private constructor(
    private readonly bin: string,
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start(name: string): Promise<OwnFerretDb> {
    const bin = await provisionFerretDb(); // cached by global setup's provisioning: no build here
    const dataDir = fs.mkdtempSync(path.join(loadStackState().dataDir, `ferretdb-${name}-`));
    const server = new OwnFerretDb(bin, await getFreePort(), dataDir);
    await server.restart();
    return server;
  }

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  async stop(): Promise<void> {
    await this.process?.stop('SIGTERM', 15_000);
    this.process = undefined;
  }

  /** Starts the server again (same port, same SQLite folder) and waits until it accepts connections. */
  async restart(): Promise<void> {
    if (this.process) throw new Error('own FerretDB is already running');
    this.process = await startFerretDb({ bin: this.bin, port: this.port, dataDir: this.dataDir });
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
