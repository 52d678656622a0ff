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
  // One namespace per test file that starts a TestStack (each claims its own), and a few spare.
  const namespaces = Array.from({ length: countStackFiles() + 4 }, (_, i) => `cityops-test-${i + 1}`);
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

/** How many test files start a TestStack, so the namespace pool grows with the suite instead of running dry. */
function countStackFiles(): number {
  const root = path.join(__dirname, '..', '..');
  let count = 0;
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.test.ts') && fs.readFileSync(full, 'utf8').includes('TestStack.start(')) count++;
    }
  };
  for (const dir of ['test', 'e2e']) visit(path.join(root, dir));
  return count;
}
