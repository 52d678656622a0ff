import path from 'node:path';
import type { Config } from '../../platform/config';
import { isPortOpen, type ManagedProcess } from './processes';
import { MOSQUITTO_INSTALL_HINT, findMosquitto, startFerretDb, startMosquitto, startTemporalDevServer } from './servers';
import { provision } from './tools';

export interface EmbeddedServers {
  processes: ManagedProcess[];
  /** The embedded broker's URL, when one was asked for and could start. */
  mqttUrl?: string;
  /** Why there is no embedded broker although one was asked for (not installed, port taken). */
  mqttSkipped?: string;
  stop(): Promise<void>;
}

/**
 * Provisions and starts whatever the configuration does not point elsewhere: the Temporal dev
 * server unless TEMPORAL_ADDRESS is set, FerretDB unless MONGODB_URI is set, and (when `mqtt` is
 * given) Debian's mosquitto if installed — no provisioning: it is a system package.
 */
export async function startEmbeddedServers(
  config: Config,
  opts: { temporalUi: boolean; dataDir?: string; namespaces?: string[]; mqtt?: { port: number } },
): Promise<EmbeddedServers> {
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
      if (config.TEMPORAL_METRICS_PORT) await assertPortFree(config.TEMPORAL_METRICS_PORT, 'TEMPORAL_METRICS_PORT');
      processes.push(
        await startTemporalDevServer({
          bin: tools.temporal!,
          port: config.TEMPORAL_PORT,
          uiPort: config.TEMPORAL_UI_PORT,
          metricsPort: config.TEMPORAL_METRICS_PORT,
          dataDir: path.join(dataDir, 'temporal'),
          headless: !opts.temporalUi,
          namespaces: opts.namespaces ?? [],
          dynamicConfig: config.TEMPORAL_DYNAMIC_CONFIG,
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
  // Optional: without a broker CityOps still ingests over HTTP, so a missing mosquitto never stops the start.
  let mqttUrl: string | undefined;
  let mqttSkipped: string | undefined;
  if (opts.mqtt) {
    const bin = findMosquitto();
    if (!bin) mqttSkipped = `mosquitto is not installed: ${MOSQUITTO_INSTALL_HINT}`;
    else if (await isPortOpen(opts.mqtt.port))
      mqttSkipped = `port ${opts.mqtt.port} (MQTT_PORT) is in use; set MQTT_PORT to a free port, or MQTT_URL=mqtt://127.0.0.1:${opts.mqtt.port} to use the broker there`;
    else {
      try {
        processes.push(await startMosquitto({ bin, port: opts.mqtt.port, dataDir }));
        mqttUrl = `mqtt://127.0.0.1:${opts.mqtt.port}`;
      } catch (err) {
        mqttSkipped = `mosquitto did not start: ${(err as Error).message}`;
      }
    }
  }
  return { processes, stop, ...(mqttUrl ? { mqttUrl } : {}), ...(mqttSkipped ? { mqttSkipped } : {}) };
}

async function assertPortFree(port: number, variable: string): Promise<void> {
  if (await isPortOpen(port)) throw new Error(`Port ${port} (${variable}) is already in use on 127.0.0.1. Stop what uses it or set ${variable} to another port.`);
}
