import fs from 'node:fs';
import mongoose from 'mongoose';
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { loadConfig, type Config } from '../platform/config';
import { connectDatabase } from '../platform/database';
import { createLogger, errorFields } from '../platform/log';
import { createIncidentActivities } from './incident-activities';
import { createMailer, createServiceActivities } from './service-activities';
import { SopGraphCache } from './sop-cache';

const log = createLogger('worker');

/** Creates (but does not run) a worker polling the incident task queue. */
export async function createWorker(config: Config): Promise<Worker> {
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const mailer = createMailer(config);
  const services = createServiceActivities({ mailer, mailFrom: config.SMTP_FROM });
  const activities = { ...createIncidentActivities({ sopCache: new SopGraphCache(), notify: services.notify, emailEnabled: mailer !== undefined }), ...services };
  const bundlePath = config.CITYOPS_WORKFLOW_BUNDLE;
  return Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.CITYOPS_TASK_QUEUE,
    activities,
    // A pre-built bundle (made once by the launcher) restarts a worker in about a second instead of re-bundling.
    ...(bundlePath && fs.existsSync(bundlePath) ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: require.resolve('../workflows') }),
    // Incidents mostly wait for people: keeping every one in memory grows the worker without bound.
    maxCachedWorkflows: config.CITYOPS_WORKFLOW_CACHE,
    shutdownGraceTime: '10 seconds',
  });
}

async function main() {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { metrics: undefined } });
  await connectDatabase(config.mongoUri, config.CITYOPS_DB_NAME);
  const worker = await createWorker(config);
  const stop = () => {
    log.info('shutting down: finishing in-flight activities');
    worker.shutdown();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  log.info('worker started', { taskQueue: config.CITYOPS_TASK_QUEUE, temporal: config.temporalAddress });
  await worker.run();
  await mongoose.disconnect();
  log.info('worker stopped');
}

if (require.main === module) {
  main().catch((err) => {
    log.error('worker failed', errorFields(err));
    process.exit(1);
  });
}
