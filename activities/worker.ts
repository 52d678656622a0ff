import fs from 'node:fs';
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { loadConfig, type Config } from '../platform/config';
import { connectDatabase, disconnectDatabase } from '../platform/database';
import { createLogger, errorFields } from '../platform/log';
import { createIncidentActivities, createIncidentNotices } from './incident-activities';
import { createMailer, createServiceActivities } from './service-activities';
import { SopGraphCache } from './sop-cache';
import { WorkerMetrics, observeActivities, startWorkerHttp } from './worker-observability';

const log = createLogger('worker');

/** Creates (but does not run) a worker polling the incident task queue; `metrics` adds the activity interceptor. */
export async function createWorker(
  config: Config,
  metrics?: WorkerMetrics,
): Promise<{ worker: Worker; connection: NativeConnection; /** Publishes the live notices still held back; call after the worker stops. */ flushNotices: () => Promise<void> }> {
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const mailer = createMailer(config);
  const services = createServiceActivities({ mailer, mailFrom: config.SMTP_FROM });
  const incidentNotices = createIncidentNotices();
  const incident = createIncidentActivities({ sopCache: new SopGraphCache(), notify: services.notify, emailEnabled: mailer !== undefined, incidentNotices });
  const activities = { ...incident, ...services };
  const bundlePath = config.CITYOPS_WORKFLOW_BUNDLE;
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.CITYOPS_TASK_QUEUE,
    activities,
    // A pre-built bundle (made once by the launcher) restarts a worker in about a second instead of re-bundling.
    ...(bundlePath && fs.existsSync(bundlePath) ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: require.resolve('../workflows') }),
    // Incidents mostly wait for people: keeping every one in memory grows the worker without bound.
    maxCachedWorkflows: config.CITYOPS_WORKFLOW_CACHE,
    // On shutdown: stop polling, let in-flight activities finish for this long, then cancel them (Temporal retries them elsewhere).
    shutdownGraceTime: config.CITYOPS_SHUTDOWN_GRACE_MS,
    ...(metrics ? { interceptors: { activity: [observeActivities(metrics, log)] } } : {}),
  });
  return { worker, connection, flushNotices: () => incidentNotices.flush() };
}

async function main() {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { metrics: undefined } });
  await connectDatabase(config.mongoUri, config.CITYOPS_DB_NAME);
  const metrics = new WorkerMetrics();
  const { worker, connection, flushNotices } = await createWorker(config, metrics);
  const probe = config.CITYOPS_WORKER_HTTP_PORT
    ? await startWorkerHttp(config.CITYOPS_WORKER_HTTP_PORT, { worker, connection, metrics, ...(config.CITYOPS_METRICS_TOKEN ? { token: config.CITYOPS_METRICS_TOKEN } : {}) })
    : undefined;
  if (probe) log.info('worker health and metrics listening', { port: probe.port });
  // The Temporal runtime also shuts the worker down on these signals; this says so in the log.
  const stop = (signal: NodeJS.Signals) => {
    if (worker.getState() !== 'RUNNING') return log.info('already shutting down', { signal });
    log.info('shutting down: not polling, finishing in-flight activities', { signal, graceMs: config.CITYOPS_SHUTDOWN_GRACE_MS });
    worker.shutdown();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  log.info('worker started', { taskQueue: config.CITYOPS_TASK_QUEUE, temporal: config.temporalAddress });
  await worker.run();
  await flushNotices();
  await probe?.close();
  await connection.close();
  await disconnectDatabase();
  log.info('worker stopped');
  process.exit(0);
}

if (require.main === module) {
  main().catch((err) => {
    log.error('worker failed', errorFields(err));
    process.exit(1);
  });
}
