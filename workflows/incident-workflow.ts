import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { SopRef } from '../sop/graph';
import {
  ALERT_CLEARED_MESSAGE,
  cancelIncidentUpdate,
  deliverMessageUpdate,
  incidentClearedSignal,
  incidentEventSignal,
  incidentStateQuery,
  retryStepUpdate,
  severityChangedSignal,
  skipStepUpdate,
  type IncidentCleared,
  type IncidentOutcome,
  type IncidentState,
  type IncidentWorkflowInput,
  type TriggerEvent,
} from './definitions';
import { EngineError, ExpressionError, SopEngine } from './engine/engine';
import { EngineRunner } from './engine/runner';
import { notApplicable, WorkflowErrorType } from './errors';
import { incidentWorkflowV1 } from './legacy/incident-workflow-v1';
import { OPEN_AS_ACTIVITY_PATCH, acts, local } from './activity-proxies';

/** Marks runs of the state-machine engine; histories without it replay on the frozen v1 interpreter. */
export const ENGINE_V2_PATCH = 'engine-v2';
/** Resolving the SOP and opening the read model run as local activities: two fewer round trips per incident. */
export const LOCAL_OPEN_PATCH = 'local-open';
/** The run hears its alert clear (runs from before the patch let the signal go unheard, as they did). */
export const ALERT_CLEARED_PATCH = 'alert-cleared';
/** How many event keys the run remembers to drop a redelivered signal. */
const SEEN_EVENTS_LIMIT = 500;
/** Well under Temporal's 51,200-event limit, so a looping SOP continues as new long before it. */
const DEFAULT_HISTORY_LIMIT = 10_000;

/**
 * One incident: opens the read model, runs the SOP pinned to the version resolved at start, appends
 * further readings for the same correlation key, and closes the incident with the run's outcome.
 * Long runs continue as new, carrying the engine state, open tasks and timers with them.
 */
export async function incidentWorkflow(input: IncidentWorkflowInput): Promise<IncidentOutcome> {
  if (!patched(ENGINE_V2_PATCH)) return incidentWorkflowV1(input);
  const info = workflowInfo();
  // Stable across retries and continue-as-new: the incident's id.
  const incidentId = info.firstExecutionRunId;
  const resume = input.resume;
  const seenEvents: string[] = resume ? [...resume.seenEvents] : [];
  const eventQueue: TriggerEvent[] = resume ? [...resume.pendingEvents] : [];
  let eventCount = resume?.eventCount ?? 0;
  if (!resume && input.trigger) {
    // signal-with-start delivers the trigger again as a signal: count it once.
    seenEvents.push(input.trigger.eventKey);
    eventCount = 1;
  }
  // Handlers are registered before the engine exists (a signal may arrive first); they read it from here.
  const live: { engine?: SopEngine; runner?: EngineRunner } = {};
  let sop: SopRef | undefined = resume?.sop;

  setHandler(incidentEventSignal, (event) => {
    if (seenEvents.includes(event.eventKey)) return; // outbox redelivery
    seenEvents.push(event.eventKey);
    if (seenEvents.length > SEEN_EVENTS_LIMIT) seenEvents.shift();
    eventQueue.push(event);
  });
  // A clear that arrives before the engine exists is applied once it does.
  let earlyClear: IncidentCleared | undefined;
  const hearClear = (c: IncidentCleared) => {
    const { engine, runner } = live;
    if (!engine || !runner) {
      earlyClear = c;
      return;
    }
    if (engine.done) return;
    const cleared = { ruleKey: c.ruleKey, value: c.value, clearedAt: c.clearedAt };
    engine.state.variables.alertCleared = cleared;
    if (engine.hasMessageSubscriber(ALERT_CLEARED_MESSAGE)) runner.push({ type: 'message', name: ALERT_CLEARED_MESSAGE, data: cleared });
  };
  if (patched(ALERT_CLEARED_PATCH)) setHandler(incidentClearedSignal, hearClear);
  setHandler(severityChangedSignal, ({ severity }) => {
    if (live.engine) live.engine.state.variables.incident = { ...(live.engine.state.variables.incident as object), severity };
  });
  const ready = () => {
    const { engine, runner } = live;
    if (!engine || !runner) throw notApplicable('the incident is still starting; try again in a moment');
    if (engine.done) throw notApplicable('the incident has ended');
    return { engine, runner };
  };
  setHandler(
    deliverMessageUpdate,
    (m) => {
      ready().runner.push({ type: 'message', name: m.name, data: m.data });
      return { accepted: true as const };
    },
    { validator: (m) => void (ready().engine.hasMessageSubscriber(m.name) || raise(`no step is waiting for message "${m.name}"`)) },
  );
  setHandler(
    retryStepUpdate,
    (r) => {
      ready().runner.push({ type: 'retryStep', stepId: r.stepId, by: r.by });
      return { accepted: true as const };
    },
    { validator: (r) => void (ready().engine.failedExec(r.stepId) || raise(`step ${r.stepId} has not failed`)) },
  );
  setHandler(
    skipStepUpdate,
    (r) => {
      ready().runner.push({ type: 'skipStep', stepId: r.stepId, by: r.by, justification: r.justification });
      return { accepted: true as const };
    },
    {
      validator: (r) => {
        if (!ready().engine.failedExec(r.stepId)) raise(`step ${r.stepId} has not failed`);
        if (!r.justification.trim()) raise('skipping a step needs a written justification');
      },
    },
  );
  setHandler(
    cancelIncidentUpdate,
    (c) => {
      ready().runner.push({ type: 'cancel', reason: c.reason, by: c.by });
      return { accepted: true as const };
    },
    { validator: (c) => void (ready() && (c.reason.trim() || raise('cancelling needs a reason'))) },
  );
  setHandler(incidentStateQuery, (): IncidentState => stateView(incidentId, sop, live.engine, eventCount, resume?.runs ?? 0));

  let opened: { ward?: string } | void = undefined;
  if (!resume) {
    // Local activities only in histories recorded between the two patches.
    const opener = patched(OPEN_AS_ACTIVITY_PATCH) ? acts : patched(LOCAL_OPEN_PATCH) ? local : acts;
    sop = await opener.resolveSop({ key: input.sopKey, ...(input.sopVersion ? { version: input.sopVersion } : {}) });
    opened = await opener.openIncident({
      incidentId,
      workflowId: info.workflowId,
      correlationKey: input.correlationKey,
      title: input.title,
      severity: input.severity,
      sop,
      ...(input.unit ? { unit: input.unit } : {}),
      ...(input.location ? { location: input.location } : {}),
      ...(input.trigger ? { trigger: input.trigger } : {}),
    });
  }
  const pinned = sop!;
  const graph = await local.loadSopGraph(pinned);
  const variables = {
    ...(input.variables ?? {}),
    incident: {
      id: incidentId,
      correlationKey: input.correlationKey,
      title: input.title,
      severity: input.severity,
      unit: input.unit ?? null,
      // The ward of the incident's unit, for assignments like `=incident.ward` (null before this was recorded).
      ward: (opened && opened.ward) ?? null,
      location: input.location ?? input.trigger?.location ?? null,
    },
  };
  const engine = (live.engine = new SopEngine(graph, resume?.engine ?? SopEngine.initialState(variables), { keyPrefix: incidentId }, () => Date.now()));
  const runner = (live.runner = new EngineRunner(engine, { incidentId, workflowId: info.workflowId, workflowRunId: incidentId, depth: 0 }));
  runner.registerTaskHandlers();
  if (earlyClear) hearClear(earlyClear);

  // Further readings are appended by a background loop so the SOP never waits on them.
  let stopPump = false;
  const eventPump = (async () => {
    for (;;) {
      await condition(() => eventQueue.length > 0 || stopPump);
      if (stopPump) return;
      const event = eventQueue[0]!;
      eventCount += 1;
      await acts.recordIncidentEvent({ incidentId, event });
      eventQueue.shift();
    }
  })();

  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const tooLong = () => {
    const now = workflowInfo();
    return now.continueAsNewSuggested || now.historyLength >= historyLimit;
  };

  let status: 'done' | 'paused';
  try {
    runner.execute(resume ? engine.resume() : engine.start());
    status = await runner.run(tooLong);
  } catch (err) {
    if (err instanceof EngineError || err instanceof ExpressionError) {
      await acts.resolveIncident({ incidentId, resolution: `SOP error at ${err.elementId}: ${err.message}`, outcome: 'failed' });
      throw ApplicationFailure.nonRetryable(err.message, WorkflowErrorType.SopRuntimeError, { elementId: err.elementId });
    }
    throw err;
  }

  stopPump = true;
  await eventPump;
  if (status === 'paused') {
    await condition(allHandlersFinished);
    return continueAsNew<typeof incidentWorkflow>({
      ...input,
      trigger: undefined,
      resume: { sop: pinned, engine: engine.state, seenEvents, pendingEvents: eventQueue, eventCount, runs: (resume?.runs ?? 0) + 1 },
    });
  }
  for (const event of eventQueue) await acts.recordIncidentEvent({ incidentId, event });
  await runner.drain();
  const done = engine.done!;
  const endNode = done.endNodeId ? graph.nodes[done.endNodeId] : undefined;
  const resolution =
    done.outcome === 'cancelled'
      ? `Đã hủy: ${done.reason ?? ''}`.trim()
      : done.outcome === 'error'
        ? `error ${done.errorCode ?? ''}`.trim()
        : (endNode?.name ?? endNode?.id ?? 'completed');
  await acts.resolveIncident({ incidentId, resolution, outcome: done.outcome === 'cancelled' ? 'cancelled' : done.outcome === 'error' ? 'failed' : 'resolved' });
  await condition(allHandlersFinished);
  return { incidentId, resolution, sop: pinned, outcome: done.outcome };
}

function raise(message: string): never {
  throw notApplicable(message);
}

function stateView(incidentId: string, sop: SopRef | undefined, engine: SopEngine | undefined, eventCount: number, runs: number): IncidentState {
  const steps = engine?.activeSteps() ?? [];
  const subs = engine ? Object.values(engine.state.subs) : [];
  return {
    incidentId,
    ...(sop ? { sop } : {}),
    activeSteps: [...new Set(steps.map((s) => s.stepId))],
    completedSteps: engine ? [...engine.state.completedSteps] : [],
    pendingTaskIds: steps.flatMap((s) => (s.taskId ? [s.taskId] : [])),
    variables: engine?.state.variables ?? {},
    eventCount,
    steps,
    stepCounts: engine?.state.stepCounts ?? {},
    timers: subs.flatMap((s) => (s.timer ? [{ purpose: s.purpose, ...(s.nodeId ? { nodeId: s.nodeId } : {}), dueAt: s.timer.dueAt }] : [])),
    awaitingMessages: [...new Set(subs.flatMap((s) => (s.message ? [s.message] : [])))],
    runs: runs + 1,
    historyLength: workflowInfo().historyLength,
    ...(engine?.done ? { done: engine.done } : {}),
  };
}
