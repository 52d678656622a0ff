/**
 * Worker process for the bench's baseline workflow, on its own task queue and with its own bundle,
 * so product workers never load bench code. Reads BENCH_HELLO_TASK_QUEUE and BENCH_HELLO_BUNDLE.
 */
import mongoose from 'mongoose';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig } from '../../platform/config';
import { connectDatabase } from '../../platform/database';
import * as activities from './activities';
import * as floorActivities from './floor-activities';

async function main() {
  const config = loadConfig();
  const taskQueue = process.env.BENCH_HELLO_TASK_QUEUE;
  const bundle = process.env.BENCH_HELLO_BUNDLE;
  if (!taskQueue || !bundle) throw new Error('BENCH_HELLO_TASK_QUEUE and BENCH_HELLO_BUNDLE must be set');
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { metrics: undefined } });
  // The floor workflow writes its marks into the bench's database (bench:e2e); the hello workflow does no I/O.
  await connectDatabase(config.mongoUri, config.CITYOPS_DB_NAME);
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    activities: { ...activities, ...floorActivities },
    workflowBundle: { codePath: bundle },
  });
  process.once('SIGTERM', () => worker.shutdown());
  process.once('SIGINT', () => worker.shutdown());
  process.stdout.write(`hello worker started on ${taskQueue}\n`);
  await worker.run();
  await connection.close();
  await mongoose.disconnect();
}

main().catch((err: Error) => {
  process.stderr.write(`hello worker failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
