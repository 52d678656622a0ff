import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { loadConfig, type Config } from '../platform/config';
import { linkEntriesFromBeforeTheChain } from '../model';
import { connectDatabase, disconnectDatabase } from '../platform/database';
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
    await disconnectDatabase();
    throw err;
  });
  const temporal = createTemporalClient(config.temporalAddress, config.TEMPORAL_NAMESPACE);
  const { app, approver, dispatcher, evaluator, mqtt, live, pruner, lifecycle } = createApp({
    temporal,
    taskQueue: config.CITYOPS_TASK_QUEUE,
    tokenSecret: tokenSecret(config),
    tokenTtlSeconds: config.CITYOPS_TOKEN_TTL_SECONDS,
    corsOrigins: config.CITYOPS_CORS_ORIGINS,
    fourEyes: config.CITYOPS_FOUR_EYES === 'on',
    sessions: { idleTimeoutSeconds: config.CITYOPS_SESSION_IDLE_MINUTES * 60, absoluteLifetimeSeconds: config.CITYOPS_SESSION_MAX_HOURS * 3600 },
    ...(config.MQTT_URL ? { mqtt: { url: config.MQTT_URL, clientId: config.mqttClientId } } : {}),
    ...(config.CITYOPS_METRICS_TOKEN ? { metricsToken: config.CITYOPS_METRICS_TOKEN } : {}),
    outboxMaxDepth: config.CITYOPS_OUTBOX_MAX_DEPTH,
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
  /**
   * Graceful stop: readiness answers 503 at once; no new connections are taken (idle keep-alive
   * ones close, busy ones after their answer, which says `Connection: close`); the live streams
   * end (they never finish by themselves); in-flight requests finish, for at most the grace period;
   * only then the rule clock, MQTT and the outbox dispatcher stop, and the connections close.
   */
  const close = async (graceMs = config.CITYOPS_SHUTDOWN_GRACE_MS) => {
    lifecycle.beginShutdown();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await live.stop();
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
    clearTimeout(timer);
    if (!inTime) {
      log.warn('shutdown grace period over: closing connections with requests still in flight', { graceMs });
      server.closeAllConnections();
      await closed;
    }
    stopTicking();
    await mqtt?.stop();
    await pruner.stop();
    await dispatcher.stop();
    await temporal.connection.close();
    await disconnectDatabase();
  };
  return { server, close };
}

async function main() {
  const config = loadConfig();
  const { server, close } = await startApi(config);
  const addr = server.address();
  log.info('api listening', { port: typeof addr === 'object' && addr ? addr.port : config.PORT });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // Ctrl-C under `npm start` reaches the API twice (SIGINT from the terminal, SIGTERM from the
    // supervisor): one graceful stop; the supervisor's or systemd's SIGKILL is the hard stop.
    if (stopping) return log.info('already shutting down', { signal });
    stopping = true;
    log.info('shutting down: not ready, finishing in-flight requests', { signal, graceMs: config.CITYOPS_SHUTDOWN_GRACE_MS });
    close().then(
      () => {
        log.info('api stopped');
        process.exit(0);
      },
      (err) => {
        log.error('shutdown failed', errorFields(err));
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((err) => {
    log.error('api failed to start', errorFields(err));
    process.exit(1);
  });
}
