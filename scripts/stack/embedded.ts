import path from 'node:path';
import type { Config } from '../../platform/config';
import { isPortOpen, type ManagedProcess } from './processes';
import { startFerretDb, startTemporalDevServer } from './servers';
import { provision } from './tools';

export interface EmbeddedServers {
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

/**
 * Provisions and starts whatever the configuration does not point elsewhere: the Temporal dev
 * server unless TEMPORAL_ADDRESS is set, FerretDB unless MONGODB_URI is set.
 */
export async function startEmbeddedServers(config: Config, opts: { temporalUi: boolean; dataDir?: string; namespaces?: string[] }): Promise<EmbeddedServers> {
  const dataDir = opts.dataDir ?? config.dataDir;
  const needTemporal = !config.TEMPORAL_ADDRESS;
  const needFerret = !config.MONGODB_URI;
  const tools = await provision({ temporal: needTemporal, temporalTestServer: false, ferretdb: needFerret });
  const processes: ManagedProcess[] = [];
  const stop = async () => {
    for (const p of [...processes].reverse()) await p.stop();
  };
  try {
    if (needTemporal) {
      await assertPortFree(config.TEMPORAL_PORT, 'TEMPORAL_PORT');
      if (opts.temporalUi) await assertPortFree(config.TEMPORAL_UI_PORT, 'TEMPORAL_UI_PORT');
      processes.push(
        await startTemporalDevServer({
          bin: tools.temporal!,
          port: config.TEMPORAL_PORT,
          uiPort: config.TEMPORAL_UI_PORT,
          dataDir: path.join(dataDir, 'temporal'),
          headless: !opts.temporalUi,
          namespaces: opts.namespaces ?? [],
        }),
      );
    }
    if (needFerret) {
      await assertPortFree(config.FERRETDB_PORT, 'FERRETDB_PORT');
      processes.push(await startFerretDb({ bin: tools.ferretdb!, port: config.FERRETDB_PORT, dataDir }));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { processes, stop };
}

async function assertPortFree(port: number, variable: string): Promise<void> {
  if (await isPortOpen(port)) throw new Error(`Port ${port} (${variable}) is already in use on 127.0.0.1. Stop what uses it or set ${variable} to another port.`);
}
