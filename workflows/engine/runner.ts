/**
 * The Temporal shell around the SOP engine: turns engine commands into activities, timers and
 * child workflows, and their results, updates and signals into wake-ups. Used by the incident
 * workflow and by call-activity child workflows alike.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
} from '@temporalio/workflow';
import type { ServiceActivities } from '../../activities/service-activities';
import {
  completeTaskUpdate,
  escalateTaskUpdate,
  skipTaskUpdate,
  taskClaimedSignal,
  taskReleasedSignal,
  SOP_CALL_WORKFLOW_TYPE,
  type SopCallInput,
  type SopCallOutcome,
} from '../definitions';
import { notApplicable, taskNotPending } from '../errors';
import type { SopEngine } from './engine';
import type { Command, Wakeup } from './state';
import { acts } from '../activity-proxies';

/** Service steps get the attempts the SOP asks for; HTTP calls may take a while. */
function serviceActivities(maxAttempts: number) {
  return proxyActivities<ServiceActivities>({
    startToCloseTimeout: '60 seconds',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', backoffCoefficient: 2, maximumAttempts: maxAttempts },
  });
}

export interface RunnerIdentity {
  incidentId: string;
  /** The workflow running the steps (the incident's or a child's) and its first run id: where completions go. */
  workflowId: string;
  workflowRunId: string;
  /** Call depth (0 for the incident itself). */
  depth: number;
}

export class EngineRunner {
  private readonly wakeups: Wakeup[] = [];
  /** Task ids whose completion or skip was accepted but not yet processed: a second one is refused. */
  private readonly accepted = new Set<string>();
  private readonly timers = new Map<number, CancellationScope>();
  private readonly inflight = new Map<number, CancellationScope>();
  private readonly chains = new Map<string, Promise<void>>();
  private pendingOps = 0;
  private fatal: unknown;
  /** Winding down for continue-as-new: new service calls and children wait for the next run (engine.resume() starts them). */
  private pausing = false;

  constructor(
    private readonly engine: SopEngine,
    private readonly id: RunnerIdentity,
  ) {}

  /** Handlers every SOP run answers: human-step completion, skip, claim, release, escalate. */
  registerTaskHandlers(): void {
    const pending = (taskId: string) => {
      if (this.accepted.has(taskId) || !this.engine.taskExec(taskId)) throw taskNotPending(taskId);
    };
    setHandler(
      completeTaskUpdate,
      (c) => {
        this.accepted.add(c.taskId);
        this.push({ type: 'taskCompleted', taskId: c.taskId, data: c.data, by: c.completedBy });
        return { accepted: true as const };
      },
      { validator: (c) => pending(c.taskId) },
    );
    setHandler(
      skipTaskUpdate,
      (s) => {
        this.accepted.add(s.taskId);
        this.push({ type: 'taskSkipped', taskId: s.taskId, justification: s.justification, by: s.by });
        return { accepted: true as const };
      },
      {
        validator: (s) => {
          pending(s.taskId);
          const why = this.engine.whyNotSkippable(s.taskId);
          if (why) throw notApplicable(why);
          if (!s.justification.trim()) throw notApplicable('skipping a step needs a written justification');
        },
      },
    );
    setHandler(taskClaimedSignal, (s) => this.push({ type: 'taskClaimed', taskId: s.taskId, by: s.by }));
    setHandler(taskReleasedSignal, (s) => this.push({ type: 'taskReleased', taskId: s.taskId }));
    setHandler(
      escalateTaskUpdate,
      (e) => {
        this.push({ type: 'escalateNow', taskId: e.taskId, by: e.by });
        return { accepted: true as const };
      },
      {
        validator: (e) => {
          if (!this.engine.taskExec(e.taskId)) throw taskNotPending(e.taskId);
          if (this.engine.taskExec(e.taskId)?.dueAt === undefined) throw notApplicable('the step has no SLA, so it has no escalation chain');
        },
      },
    );
  }

  push(w: Wakeup): void {
    this.wakeups.push(w);
  }

  /** Nothing in flight that a continue-as-new would lose. */
  isIdle(): boolean {
    return this.pendingOps === 0 && this.wakeups.length === 0 && this.inflight.size === 0;
  }

  /** Processes wake-ups until the engine is done, or `pauseWhen` says to stop (for continue-as-new). */
  async run(pauseWhen: () => boolean = () => false): Promise<'done' | 'paused'> {
    for (;;) {
      if (this.engine.done) return 'done';
      await condition(() => this.wakeups.length > 0 || this.fatal !== undefined || (this.wantsPause(pauseWhen) && this.isIdle()));
      if (this.fatal !== undefined) throw this.fatal;
      while (this.wakeups.length && !this.engine.done) {
        const w = this.wakeups.shift()!;
        this.execute(this.engine.handle(w));
        if (w.type === 'taskCompleted' || w.type === 'taskSkipped') this.accepted.delete(w.taskId);
      }
      if (!this.engine.done && this.wantsPause(pauseWhen) && this.isIdle()) return 'paused';
    }
  }

  private wantsPause(pauseWhen: () => boolean): boolean {
    if (!this.pausing && pauseWhen()) this.pausing = true;
    return this.pausing;
  }

  /** Waits for the writes still queued (task cancellations at the end of a run). */
  async drain(): Promise<void> {
    await condition(() => this.pendingOps === 0 || this.fatal !== undefined);
    if (this.fatal !== undefined) throw this.fatal;
  }

  execute(commands: Command[]): void {
    for (const c of commands) this.executeOne(c);
  }

  private executeOne(c: Command): void {
    const { incidentId, workflowId, workflowRunId } = this.id;
    switch (c.type) {
      case 'createTask':
        this.serial(c.task.taskId, () =>
          acts.createTask({
            taskId: c.task.taskId,
            incidentId,
            workflowId,
            workflowRunId,
            stepId: c.task.stepId,
            name: c.task.name,
            assignee: c.task.assignee,
            ...(c.task.form ? { form: c.task.form } : {}),
            ...(c.task.dueAt !== undefined ? { dueAt: new Date(c.task.dueAt).toISOString() } : {}),
            skippable: c.task.skippable,
            ...(c.task.item ? { item: c.task.item } : {}),
          }),
        );
        return;
      case 'cancelTask':
        this.serial(c.taskId, () => acts.cancelTask({ taskId: c.taskId, reason: c.reason }));
        return;
      case 'taskDone':
        this.serial(c.taskId, () => acts.recordTaskCompleted({ taskId: c.taskId, incidentId, data: c.data, completedBy: c.by, ...(c.skipped ? { skipped: c.skipped } : {}) }));
        return;
      case 'notifyTask':
        this.serial(`notify:${c.taskId}`, () => acts.notifyStep({ ...c, incidentId }));
        return;
      case 'stepFailed':
        this.serial(`step:${c.stepId}`, () => acts.recordStepFailure({ incidentId, stepId: c.stepId, errorType: c.errorType, message: c.message }));
        return;
      case 'stepRecovered':
        this.serial(`step:${c.stepId}`, () => acts.recordStepRecovered({ incidentId, ...c }));
        return;
      case 'startTimer': {
        this.timers.get(c.subId)?.cancel();
        const scope = new CancellationScope();
        this.timers.set(c.subId, scope);
        scope
          .run(() => sleep(Math.max(1, c.dueAt - Date.now())))
          .then(
            () => {
              if (this.timers.get(c.subId) === scope) this.timers.delete(c.subId);
              this.push({ type: 'timerFired', subId: c.subId });
            },
            (err: unknown) => {
              if (!isCancellation(err)) this.fatal = err;
            },
          );
        return;
      }
      case 'cancelTimer':
        this.timers.get(c.subId)?.cancel();
        this.timers.delete(c.subId);
        return;
      case 'runService': {
        if (this.pausing) return; // the next run starts it (engine.resume)
        const scope = new CancellationScope();
        this.inflight.set(c.execId, scope);
        const variables = this.engine.context(this.engine.state.execs[c.execId]?.scopeId ?? 1);
        scope
          .run(() =>
            serviceActivities(c.maxAttempts).runServiceTask({
              executionKey: c.key,
              incidentId,
              workflowId,
              stepId: c.stepId,
              serviceType: c.serviceType,
              params: c.params,
              variables,
            }),
          )
          .then(
            (result) => this.push({ type: 'serviceCompleted', execId: c.execId, result }),
            (err: unknown) => this.onWorkFailed('serviceFailed', c.execId, err),
          )
          .finally(() => this.inflight.delete(c.execId));
        return;
      }
      case 'startChild': {
        if (this.pausing) return;
        const scope = new CancellationScope();
        this.inflight.set(c.execId, scope);
        const input: SopCallInput = {
          incidentId,
          parentWorkflowId: workflowId,
          sopKey: c.sopKey,
          ...(c.sopVersion ? { sopVersion: c.sopVersion } : {}),
          variables: c.variables,
          depth: this.id.depth + 1,
        };
        scope
          .run(async () => {
            const child = await startChild<(i: SopCallInput) => Promise<SopCallOutcome>>(SOP_CALL_WORKFLOW_TYPE, { workflowId: c.key, args: [input] });
            return child.result();
          })
          .then(
            (outcome) => this.push({ type: 'childCompleted', execId: c.execId, variables: outcome.variables }),
            (err: unknown) => this.onWorkFailed('childFailed', c.execId, err),
          )
          .finally(() => this.inflight.delete(c.execId));
        return;
      }
      case 'cancelService':
      case 'cancelChild':
        this.inflight.get(c.execId)?.cancel();
        this.inflight.delete(c.execId);
        return;
    }
  }

  private onWorkFailed(type: 'serviceFailed' | 'childFailed', execId: number, err: unknown): void {
    if (isCancellation(err)) return; // we cancelled it
    this.push({ type, execId, ...describeFailure(err) });
  }

  /** Runs writes for one key (a task, a step) in order: a cancellation never overtakes the creation. */
  private serial(key: string, op: () => Promise<unknown>): void {
    this.pendingOps += 1;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(op)
      .then(
        () => undefined,
        (err: unknown) => {
          this.fatal ??= err;
        },
      )
      .finally(() => {
        this.pendingOps -= 1;
        if (this.chains.get(key) === next) this.chains.delete(key);
      });
    this.chains.set(key, next);
  }
}

/** The error type BPMN error boundaries match: the ApplicationFailure type, or the failure's name. */
export function describeFailure(err: unknown): { errorType: string; message: string } {
  const cause = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { errorType: cause.type ?? 'Error', message: cause.message };
  if (cause instanceof Error) return { errorType: cause.name || 'Error', message: cause.message };
  return { errorType: 'Error', message: String(cause) };
}
