/**
 * `npm start`: provision what is missing, start Temporal, FerretDB, the worker and the API
 * (which serves both UIs), seed the demo dataset into an empty database, print URLs and logins.
 * Ctrl-C stops everything in reverse order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { connectDatabase, disconnectDatabase } from '../platform/database';
import { DEMO_USERS } from '../demo/dataset';
import { seedDemo } from '../demo/seed';
import { buildUis } from './build-ui';
import { bundleWorkflows } from './bundle-workflows';
import { startEmbeddedServers } from './stack/embedded';
import { startNodeProcess } from './stack/node-process';
import { waitUntil } from './stack/processes';
import { supervise, type Supervised } from './stack/supervisor';

const say = (msg: string) => process.stdout.write(`[cityops] ${msg}\n`);

async function main() {
  const config = loadConfig();
  fs.mkdirSync(path.join(config.dataDir, 'logs'), { recursive: true });
  say(`data folder: ${config.dataDir}`);
  const servers = await startEmbeddedServers(config, { temporalUi: true, ...(config.MQTT_URL ? {} : { mqtt: { port: config.MQTT_PORT } }) });
  if (servers.mqttSkipped) say(`running without MQTT — ${servers.mqttSkipped}`);
  const mqttUrl = config.MQTT_URL ?? servers.mqttUrl;
  const children: Supervised[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping …');
    for (const c of children.reverse()) await c.stop();
    await servers.stop();
    say('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    buildUis({ say });
    say('bundling workflow code …');
    const bundle = await bundleWorkflows(path.join(config.dataDir, 'workflow-bundle.js'));
    await connectDatabase(config.mongoUri, config.CITYOPS_DB_NAME);
    const seeded = await seedDemo({ password: config.CITYOPS_DEMO_PASSWORD });
    say(seeded ? 'seeded the Đồng Xoài demo dataset' : 'database already has data: not seeding');
    await disconnectDatabase();

    const env = {
      ...process.env,
      CITYOPS_DATA_DIR: config.dataDir,
      MONGODB_URI: config.mongoUri,
      TEMPORAL_ADDRESS: config.temporalAddress,
      CITYOPS_WORKFLOW_BUNDLE: bundle,
      // The demo dataset has one admin: four eyes is off unless asked for (CITYOPS_FOUR_EYES=on, with a second admin).
      CITYOPS_FOUR_EYES: process.env.CITYOPS_FOUR_EYES ?? 'off',
      ...(mqttUrl ? { MQTT_URL: mqttUrl } : {}),
    };
    for (const [name, entry] of [
      ['worker', 'activities/worker.ts'],
      ['api', 'api/server.ts'],
    ] as const) {
      const logFile = path.join(config.dataDir, 'logs', `${name}.log`);
      children.push(supervise(name, () => startNodeProcess(name, entry, { logFile, env }), { isStopping: () => stopping, stopGraceMs: config.CITYOPS_SHUTDOWN_GRACE_MS + 5000 }));
    }
    await waitUntil('API', async () => (await fetch(`http://127.0.0.1:${config.PORT}/api/health`)).ok, { timeoutMs: 60_000 });
  } catch (err) {
    process.stderr.write(`[cityops] start failed: ${(err as Error).message}\n`);
    await shutdown(1);
    return;
  }

  const base = `http://127.0.0.1:${config.PORT}`;
  say('CityOps is running.');
  say(`  Operator and leader UI  ${base}/`);
  say(`  Admin UI                ${base}/admin/`);
  say(`  API health              ${base}/api/health`);
  if (!config.TEMPORAL_ADDRESS) say(`  Temporal UI             http://127.0.0.1:${config.TEMPORAL_UI_PORT}/`);
  if (!config.TEMPORAL_ADDRESS && config.TEMPORAL_METRICS_PORT) say(`  Temporal metrics        http://127.0.0.1:${config.TEMPORAL_METRICS_PORT}/metrics`);
  if (mqttUrl) say(`  MQTT readings           ${mqttUrl.replace(/\/\/[^@/]*@/, '//***@')}  topic cityops/events/<source>`);
  say(`  Logs                    ${path.join(config.dataDir, 'logs')}`);
  say(`Demo logins (password "${config.CITYOPS_DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => `${u.username} (${u.roles.join(',')})`).join(', ')}`);
  say('Press Ctrl-C to stop.');
}

main().catch((err) => {
  process.stderr.write(`[cityops] ${(err as Error).message}\n`);
  process.exit(1);
});
