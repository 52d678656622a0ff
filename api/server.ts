import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import mongoose from 'mongoose';
import { loadConfig, type Config } from '../platform/config';
import { linkEntriesFromBeforeTheChain } from '../model';
import { connectDatabase } from '../platform/database';
import { createLogger, errorFields } from '../platform/log';
import { createTemporalClient } from '../platform/temporal';
import { createApp } from './app';
import { refuseUnsafeProduction } from './auth/production-check';

const log = createLogger('api');

/** The signing secret: CITYOPS_JWT_SECRET, or one generated once and kept in the data folder. */
export function tokenSecret(config: Config): string {
  if (config.CITYOPS_JWT_SECRET) return config.CITYOPS_JWT_SECRET;
  const file = path.join(config.dataDir, 'jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(48).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

export async function startApi(config: Config): Promise<{ server: Server; close: () => Promise<void> }> {
  // In production: no generated or default signing secret (checked before anything starts), no demo passwords (needs the database).
  await refuseUnsafeProduction(config, process.env, { checkUsers: false });
  await connectDatabase(config.mongoUri, config.CITYOPS_DB_NAME);
  await refuseUnsafeProduction(config, process.env, { checkUsers: true }).catch(async (err: unknown) => {
    await mongoose.disconnect();
    throw err;
  });
  const temporal = createTemporalClient(config.temporalAddress, config.TEMPORAL_NAMESPACE);
  const { app, approver, dispatcher, evaluator, mqtt, live, pruner } = createApp({
    temporal,
    taskQueue: config.CITYOPS_TASK_QUEUE,
    tokenSecret: tokenSecret(config),
    tokenTtlSeconds: config.CITYOPS_TOKEN_TTL_SECONDS,
    corsOrigins: config.CITYOPS_CORS_ORIGINS,
    fourEyes: config.CITYOPS_FOUR_EYES === 'on',
    sessions: { idleTimeoutSeconds: config.CITYOPS_SESSION_IDLE_MINUTES * 60, absoluteLifetimeSeconds: config.CITYOPS_SESSION_MAX_HOURS * 3600 },
    ...(config.MQTT_URL ? { mqtt: { url: config.MQTT_URL, clientId: config.mqttClientId } } : {}),
  });
  // A database from before the hash-chained audit gets its old entries linked, once.
  const linked = await linkEntriesFromBeforeTheChain();
  if (linked) log.info('linked audit entries written before the hash chain', { count: linked });
  // An approval a crash cut short (decided, not yet live) is finished, once.
  const approved = await approver.finishInterrupted();
  if (approved) log.info('finished approvals interrupted by a previous stop', { count: approved });
  // Anything stored but not evaluated before a crash is evaluated now; the outbox then delivers it.
  const swept = await evaluator.sweepUnevaluated();
  if (swept) log.info('evaluated events left over from a previous run', { count: swept });
  dispatcher.start();
  live.start();
  pruner.start(); // once now, then hourly
  const stopTicking = evaluator.startTicking(config.CITYOPS_RULE_TICK_MS);
  mqtt?.start();
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, '127.0.0.1', () => resolve(s));
  });
  const close = async () => {
    stopTicking();
    await mqtt?.stop();
    // Ends the open event streams, which would otherwise keep server.close() waiting.
    await live.stop();
    await pruner.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await dispatcher.stop();
    await temporal.connection.close();
    await mongoose.disconnect();
  };
  return { server, close };
}

async function main() {
  const config = loadConfig();
  const { server, close } = await startApi(config);
  const addr = server.address();
  log.info('api listening', { port: typeof addr === 'object' && addr ? addr.port : config.PORT });
  const stop = () => {
    log.info('shutting down: finishing in-flight requests');
    close().then(
      () => process.exit(0),
      (err) => {
        log.error('shutdown failed', errorFields(err));
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((err) => {
    log.error('api failed to start', errorFields(err));
    process.exit(1);
  });
}
