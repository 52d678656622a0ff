import { allHandlersFinished, condition, proxyActivities, proxyLocalActivities, setHandler, workflowInfo, ApplicationFailure } from '@temporalio/workflow';
import type { IncidentActivities } from '../../activities/incident-activities';
import { isoDurationToMs } from '../../sop/duration';
import type { SopRef } from '../../sop/graph';
import {
  completeTaskUpdate,
  incidentEventSignal,
  incidentStateQuery,
  type CompleteTaskInput,
  type IncidentOutcome,
  type IncidentWorkflowInput,
  type TriggerEvent,
} from '../definitions';
import { taskNotPending, WorkflowErrorType } from '../errors';
import { GraphError, SopInterpreter, type SopGraph, type V1Node } from './interpreter-v1';

const acts = proxyActivities<IncidentActivities>({
  // Short database writes: a worker that dies mid-activity is noticed within seconds.
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/** The graph is immutable per version; the worker serves it from memory, so a local activity is enough. */
const local = proxyLocalActivities<IncidentActivities>({ startToCloseTimeout: '30 seconds' });

/** How many event keys the run remembers to drop a redelivered signal. */
const SEEN_EVENTS_LIMIT = 500;

/**
 * FROZEN: the incident workflow as it ran before the engine rewrite. Only incidents whose history
 * lacks the `engine-v2` patch marker take this path; every command it issues must stay as it was.
 *
 * One incident: opens the read model, runs the SOP graph pinned to the version resolved at start,
 * appends further readings for the same correlation key, and resolves the incident at the end.
 */
export async function incidentWorkflowV1(input: IncidentWorkflowInput): Promise<IncidentOutcome> {
  const info = workflowInfo();
  // Stable across retries and continue-as-new: the incident's id.
  const incidentId = info.firstExecutionRunId;
  const variables: Record<string, unknown> = { ...(input.variables ?? {}), incident: { correlationKey: input.correlationKey, severity: input.severity } };
  const pendingTasks = new Map<string, string>(); // taskId → stepId
  const completions = new Map<string, CompleteTaskInput>();
  const activeSteps = new Set<string>();
  const completedSteps: string[] = [];
  const seenEvents: string[] = [];
  const eventQueue: TriggerEvent[] = [];
  let sop: SopRef | undefined = undefined; // set once resolved; read by the state query before that
  let eventCount = 0;
  if (input.trigger) {
    // signal-with-start delivers the trigger again as a signal: count it once.
    seenEvents.push(input.trigger.eventKey);
    eventCount = 1;
  }

  setHandler(incidentEventSignal, (event) => {
    if (seenEvents.includes(event.eventKey)) return; // outbox redelivery
    seenEvents.push(event.eventKey);
    if (seenEvents.length > SEEN_EVENTS_LIMIT) seenEvents.shift();
    eventQueue.push(event);
  });
  setHandler(
    completeTaskUpdate,
    (completion) => {
      completions.set(completion.taskId, completion);
      pendingTasks.delete(completion.taskId);
      return { accepted: true as const };
    },
    {
      validator: (completion) => {
        if (!pendingTasks.has(completion.taskId) || completions.has(completion.taskId)) throw taskNotPending(completion.taskId);
      },
    },
  );
  setHandler(incidentStateQuery, () => ({
    incidentId,
    ...(sop ? { sop } : {}),
    activeSteps: [...activeSteps],
    completedSteps: [...completedSteps],
    pendingTaskIds: [...pendingTasks.keys()],
    variables,
    eventCount,
  }));

  sop = await acts.resolveSop({ key: input.sopKey, ...(input.sopVersion ? { version: input.sopVersion } : {}) });
  await acts.openIncident({
    incidentId,
    workflowId: info.workflowId,
    correlationKey: input.correlationKey,
    title: input.title,
    severity: input.severity,
    sop,
    ...(input.unit ? { unit: input.unit } : {}),
    ...(input.trigger ? { trigger: input.trigger } : {}),
  });
  const graph = (await local.loadSopGraph(sop)) as unknown as SopGraph;

  // Further readings are appended by a background loop so the SOP never waits on them.
  let finished = false;
  const eventPump = (async () => {
    for (;;) {
      await condition(() => eventQueue.length > 0 || finished);
      if (eventQueue.length === 0) return;
      const event = eventQueue.shift()!;
      eventCount += 1;
      await acts.recordIncidentEvent({ incidentId, event });
    }
  })();

  const interpreter = new SopInterpreter(graph, variables, {
    onStepStarted: (stepId) => activeSteps.add(stepId),
    onStepCompleted: (stepId) => {
      activeSteps.delete(stepId);
      completedSteps.push(stepId);
    },
    runUserTask: async (node: V1Node, activation: number) => {
      const taskId = `${incidentId}:${node.id}:${activation}`;
      const dueAt = node.sla ? new Date(Date.now() + isoDurationToMs(node.sla)).toISOString() : undefined;
      // Pending before the task is written: the inbox may show it (and a completion may arrive) before createTask returns.
      pendingTasks.set(taskId, node.id);
      await acts.createTask({
        taskId,
        incidentId,
        workflowId: info.workflowId,
        stepId: node.id,
        name: node.name ?? node.id,
        assignee: node.assignee ?? {},
        ...(node.form ? { form: node.form } : {}),
        ...(dueAt ? { dueAt } : {}),
      });
      await condition(() => completions.has(taskId));
      const completion = completions.get(taskId)!;
      await acts.recordTaskCompleted({ taskId, incidentId, data: completion.data, completedBy: completion.completedBy });
      return completion.data;
    },
  });

  let resolution: string;
  try {
    const result = await interpreter.run();
    resolution = result.endNode?.name ?? result.endNode?.id ?? 'completed';
  } catch (err) {
    if (err instanceof GraphError) throw ApplicationFailure.nonRetryable(err.message, WorkflowErrorType.UnsupportedGraph, { elementId: err.elementId });
    throw err;
  }

  finished = true;
  await eventPump;
  await acts.resolveIncident({ incidentId, resolution });
  await condition(allHandlersFinished);
  return { incidentId, resolution, sop };
}
