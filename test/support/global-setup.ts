import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../platform/config';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import { startEmbeddedServers } from '../../scripts/stack/embedded';
import { getFreePort } from '../../scripts/stack/processes';
import { provisionTemporalTestServer } from '../../scripts/stack/tools';
import { STACK_STATE_FILE, type StackState } from './stack-state';

/**
 * Starts real servers for the integration tests — the Temporal dev server and FerretDB, on free
 * ports with throw-away data, and mosquitto (a Debian package) when installed — unless TEMPORAL_ADDRESS / MONGODB_URI point at existing ones — and
 * provisions Temporal's time-skipping test server, which timer tests start themselves (one per file).
 */
export default async function globalSetup(): Promise<void> {
  // First, so a missing tool stops the run before any server starts; always needed (no external replacement).
  const temporalTestServer = await provisionTemporalTestServer();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-test-'));
  const env = {
    ...process.env,
    TEMPORAL_PORT: String(await getFreePort()),
    FERRETDB_PORT: String(await getFreePort()),
    CITYOPS_DATA_DIR: dataDir,
  };
  const config = loadConfig(env);
  const namespaces = Array.from({ length: 24 }, (_, i) => `cityops-test-${i + 1}`);
  const servers = await startEmbeddedServers(config, { temporalUi: false, namespaces, mqtt: { port: await getFreePort() } });
  (globalThis as { __cityopsServers?: unknown }).__cityopsServers = { servers, dataDir };
  const workflowBundle = await bundleWorkflows(path.join(dataDir, 'workflow-bundle.js'));
  const state: StackState = {
    temporalAddress: config.temporalAddress,
    mongoUri: config.mongoUri,
    workflowBundle,
    dataDir,
    namespaces,
    temporalTestServer,
    ...(servers.mqttUrl ? { mqttUrl: servers.mqttUrl } : {}),
    ...(servers.mqttSkipped ? { mqttSkipped: servers.mqttSkipped } : {}),
  };
  fs.writeFileSync(STACK_STATE_FILE, JSON.stringify(state));
}
