import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { WorkflowUpdateFailedError, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure, type Duration } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createIncidentActivities } from '../../activities/incident-activities';
import { createServiceActivities } from '../../activities/service-activities';
import { SopGraphCache } from '../../activities/sop-cache';
import { deploySop } from '../../api/sops/deploy-service';
import { seedDemo } from '../../demo/seed';
import { Incident, Notification, Task, type NotificationDoc, type TaskDoc } from '../../model';
import { connectDatabase } from '../../platform/database';
import {
  completeTaskUpdate,
  INCIDENT_WORKFLOW_TYPE,
  incidentStateQuery,
  incidentWorkflowId,
  taskClaimedSignal,
  taskReleasedSignal,
  type IncidentOutcome,
  type IncidentState,
  type IncidentWorkflowInput,
} from '../../workflows/definitions';
import { loadStackState } from './stack-state';
import { DEMO_PASSWORD, eventually } from './test-stack';

export const TIMER_FIXTURES = path.join(__dirname, '..', 'fixtures', 'sops');

export type TaskLean = TaskDoc & { _id: string };
export type NotificationLean = NotificationDoc & { _id: string };
type IncidentHandle = WorkflowHandle<(input: IncidentWorkflowInput) => Promise<IncidentOutcome>>;

/** What a test gives to start an incident: the workflow input without the engine's own fields (`historyLimit` forces continue-as-new). */
export type IncidentStart = Pick<IncidentWorkflowInput, 'correlationKey' | 'title' | 'severity' | 'sopKey' | 'unit' | 'variables' | 'historyLimit'>;

/**
 * One test file's stack for timer tests: Temporal's real time-skipping test server (time moves only
 * when a test sleeps), a fresh database on the run's FerretDB seeded with the demo city, and an
 * in-process worker with the prebuilt workflow bundle and the real activities (in-app notifications
 * only: no SMTP). Tests in a file share the server's clock, so `finishAll()` ends every incident a
 * test left running before the next test moves time.
 */
export class TimeSkippingStack {
  private readonly started: IncidentHandle[] = [];

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly taskQueue: string,
    readonly dbName: string,
    private readonly worker: Worker,
    private readonly running: Promise<void>,
  ) {}

  /** Starts the test server and the worker, seeds the demo and deploys the fixtures (file name without `.bpmn` = SOP key). */
  static async start(name: string, fixtures: string[]): Promise<TimeSkippingStack> {
    const state = loadStackState();
    const suffix = randomBytes(3).toString('hex');
    const dbName = `test_${name}_${suffix}`.replace(/[^A-Za-z0-9_]/g, '_');
    const taskQueue = `test-${name}-${suffix}`;
    await connectDatabase(state.mongoUri, dbName);
    let env: TestWorkflowEnvironment | undefined;
    try {
      await seedDemo({ password: DEMO_PASSWORD });
      for (const key of fixtures) await deploySop({ key, bpmnXml: fs.readFileSync(path.join(TIMER_FIXTURES, `${key}.bpmn`), 'utf8'), deployedBy: 'test' });
      quietRuntime();
      env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: state.temporalTestServer } } });
      const services = createServiceActivities({ mailFrom: 'CityOps <no-reply@cityops.local>' });
      const activities = { ...createIncidentActivities({ sopCache: new SopGraphCache(), notify: services.notify, emailEnabled: false }), ...services };
      const worker = await Worker.create({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        activities,
        workflowBundle: { codePath: state.workflowBundle },
      });
      const running = worker.run();
      return new TimeSkippingStack(env, taskQueue, dbName, worker, running);
    } catch (err) {
      await env?.teardown();
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
      throw err;
    }
  }

  /** Starts an incident workflow as the outbox dispatcher would, and waits until its incident is open. */
  async startIncident(input: IncidentStart): Promise<{ handle: IncidentHandle; incidentId: string }> {
    const handle: WorkflowHandleWithFirstExecutionRunId<(input: IncidentWorkflowInput) => Promise<IncidentOutcome>> = await this.env.client.workflow.start(INCIDENT_WORKFLOW_TYPE, {
      taskQueue: this.taskQueue,
      workflowId: incidentWorkflowId(input.correlationKey),
      args: [input],
    });
    this.started.push(handle);
    const incidentId = handle.firstExecutionRunId;
    await eventually(`incident ${incidentId} opened`, async () => (await Incident.exists({ _id: incidentId })) ?? undefined);
    return { handle, incidentId };
  }

  /** Moves the server's clock on (an ms-formatted duration such as '2 hours'), firing every timer due meanwhile. */
  async sleep(duration: Duration): Promise<void> {
    await this.env.sleep(duration);
  }

  async now(): Promise<number> {
    return this.env.currentTimeMs();
  }

  /**
   * Waits until the incident has nothing in flight: no activity pending and the history unchanged
   * over a few polls. Time stands still meanwhile (it moves only in `sleep`), so what the timers
   * fired has been written once this returns — the basis for asserting that something did not happen.
   */
  async settle(handle: IncidentHandle): Promise<void> {
    let last = -1;
    let stable = 0;
    await eventually(
      `${handle.workflowId} to settle`,
      async () => {
        const d = await handle.describe();
        const busy = (d.raw.pendingActivities?.length ?? 0) > 0;
        stable = !busy && d.historyLength === last ? stable + 1 : 0;
        last = d.historyLength;
        return stable >= 3 ? true : undefined;
      },
      60_000,
    );
  }

  async state(handle: IncidentHandle): Promise<IncidentState> {
    return handle.query(incidentStateQuery);
  }

  /** The task of one step of an incident, once the workflow created it (with a status, once it has it). */
  async task(incidentId: string, stepId: string, status?: TaskLean['status']): Promise<TaskLean> {
    return eventually(`task ${stepId} of ${incidentId}${status ? ` (${status})` : ''}`, async () => {
      const task = (await Task.findOne({ incidentId, stepId }).sort({ createdAt: -1 }).lean()) as TaskLean | null;
      return task && (!status || task.status === status) ? task : undefined;
    });
  }

  async tasks(incidentId: string): Promise<TaskLean[]> {
    return (await Task.find({ incidentId }).lean()) as TaskLean[];
  }

  /** Claims a task as the API does — in the read model, then the `taskClaimed` signal that stops escalation. */
  async claimTask(task: TaskLean, username: string): Promise<void> {
    await Task.updateOne({ _id: task._id, status: 'open' }, { $set: { status: 'claimed', assignee: username, claimedAt: new Date() } });
    await this.workflowOf(task).signal(taskClaimedSignal, { taskId: task._id, by: username });
  }

  /** Gives a claimed task back as the API does: open again in the read model, then the `taskReleased` signal that re-arms escalation. */
  async releaseTask(task: TaskLean): Promise<void> {
    await Task.updateOne({ _id: task._id, status: 'claimed' }, { $set: { status: 'open' }, $unset: { assignee: '', claimedAt: '' }, $inc: { claimGeneration: 1 } });
    await this.workflowOf(task).signal(taskReleasedSignal, { taskId: task._id });
  }

  /** Completes a task with the `completeTask` update (the workflow marks the read model). */
  async completeTask(task: TaskLean, username: string, data: Record<string, unknown> = {}): Promise<void> {
    await this.workflowOf(task).executeUpdate(completeTaskUpdate, { args: [{ taskId: task._id, data, completedBy: username }] });
  }

  /** In-app notifications of an incident, oldest key first. */
  async notifications(incidentId: string, filter: { kind?: NotificationLean['kind']; user?: string } = {}): Promise<NotificationLean[]> {
    const found = (await Notification.find({ incidentId, ...filter }).lean()) as NotificationLean[];
    return found.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  /** Waits until the incident has `count` notifications matching the filter. */
  async notificationsReach(incidentId: string, count: number, filter: { kind?: NotificationLean['kind']; user?: string } = {}): Promise<NotificationLean[]> {
    return eventually(`${count} ${filter.kind ?? ''} notification(s) for ${filter.user ?? 'anyone'} on ${incidentId}`, async () => {
      const found = await this.notifications(incidentId, filter);
      return found.length >= count ? found : undefined;
    });
  }

  /** Ends every incident still running, so the next test's sleeps fire none of its timers. */
  async finishAll(): Promise<void> {
    for (const handle of this.started.splice(0)) {
      const d = await handle.describe().catch(() => undefined);
      if (d?.status.name === 'RUNNING') await handle.terminate('test finished').catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.finishAll();
    this.worker.shutdown();
    await this.running;
    await this.env.teardown();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  }

  private workflowOf(task: TaskLean): IncidentHandle {
    return this.env.client.workflow.getHandle(task.workflowId, undefined, { firstExecutionRunId: task.workflowRunId ?? task.incidentId });
  }
}

/** Why the workflow refused an update: the type and message of the failure its validator threw. */
export async function updateRefusal(update: Promise<unknown>): Promise<{ type?: string | null; message: string }> {
  try {
    await update;
  } catch (err) {
    const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
    if (cause instanceof ApplicationFailure) return { type: cause.type, message: cause.message };
    throw err;
  }
  throw new Error('expected the workflow to refuse the update');
}

/** Worker and SDK-core logs at WARN, as in activities/worker.ts (once per jest module registry, before anything uses the runtime). */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { metrics: undefined } });
  } catch {
    /* already installed in this module registry: keep it */
  }
}

/** An instant as ISO 8601 text at Việt Nam's UTC+07:00 offset, e.g. `2026-11-27T08:00:00.000+07:00`. */
export function isoAtVietnamOffset(ms: number): string {
  return `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, -1)}+07:00`;
}
