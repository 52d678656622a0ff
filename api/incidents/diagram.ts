import type { Client } from '@temporalio/client';
import { SopVersion, Task, sopVersionId, type IncidentDoc } from '../../model';
import type { SopGraph } from '../../sop/graph';
import { incidentStateQuery, type IncidentState } from '../../workflows/definitions';
import { notFound } from '../http-errors';

export type StepState = 'done' | 'active' | 'failed' | 'skipped' | 'cancelled';

/** How long the diagram waits for the workflow before answering from the database alone. */
const QUERY_TIMEOUT_MS = 2000;

const TASK_STATES: Record<string, StepState> = { open: 'active', claimed: 'active', completed: 'done', skipped: 'skipped', cancelled: 'cancelled' };

interface TaskLike {
  stepId: string;
  status: string;
  createdAt: Date;
}

/**
 * Each step's state for the diagram. Human steps from their tasks (an open one wins; else the
 * latest pass of a looped step); service steps from the workflow when it answered (done, active);
 * failed steps last, as they need someone's attention. Only ids of the SOP's own elements are kept.
 */
export function stepStates(
  tasks: TaskLike[],
  failedSteps: string[],
  workflow: Pick<IncidentState, 'completedSteps' | 'activeSteps' | 'steps' | 'stepCounts'> | undefined,
  elementIds?: Set<string>,
): Record<string, StepState> {
  const states: Record<string, StepState> = {};
  const byStep = new Map<string, TaskLike[]>();
  for (const t of tasks) byStep.set(t.stepId, [...(byStep.get(t.stepId) ?? []), t]);
  for (const [stepId, list] of byStep) {
    const last = list.reduce((a, b) => (new Date(b.createdAt).getTime() >= new Date(a.createdAt).getTime() ? b : a));
    const state = list.some((t) => TASK_STATES[t.status] === 'active') ? 'active' : TASK_STATES[last.status];
    if (state) states[stepId] = state;
  }
  if (workflow) {
    const done = [...workflow.completedSteps, ...Object.entries(workflow.stepCounts ?? {}).flatMap(([id, n]) => (n > 0 ? [id] : []))];
    for (const id of done) states[id] ??= 'done';
    const active = [...workflow.activeSteps, ...(workflow.steps ?? []).filter((s) => s.status === 'active').map((s) => s.stepId)];
    for (const id of active) if (states[id] === undefined || states[id] === 'done') states[id] = 'active';
    for (const s of workflow.steps ?? []) if (s.status === 'failed') states[s.stepId] = 'failed';
  }
  for (const id of failedSteps) states[id] = 'failed';
  if (!elementIds) return states;
  return Object.fromEntries(Object.entries(states).filter(([id]) => elementIds.has(id)));
}

/** The workflow's own view of its steps, or undefined when Temporal is away or the workflow is gone. */
async function askWorkflow(temporal: Client, incident: IncidentDoc): Promise<IncidentState | undefined> {
  // Neither the deadline nor the abort ends a call still waiting for the channel to a Temporal
  // that is down (its retries run on); the page gets its answer from the database meanwhile.
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve(undefined);
    }, QUERY_TIMEOUT_MS);
  });
  const query = temporal
    .withAbortSignal(abort.signal, () =>
      temporal.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
        temporal.workflow.getHandle(incident.workflowId, undefined, { firstExecutionRunId: incident._id }).query(incidentStateQuery),
      ),
    )
    .catch(() => undefined);
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The BPMN of the SOP version the incident runs (not the latest) with each step's state. */
export async function incidentDiagram(temporal: Client, incident: IncidentDoc) {
  const [sop, tasks, workflow] = await Promise.all([
    SopVersion.findById(sopVersionId(incident.sopKey, incident.sopVersion), { bpmnXml: 1, graph: 1 }).lean(),
    Task.find({ incidentId: incident._id }, { stepId: 1, status: 1, createdAt: 1 }).limit(5000).lean(),
    askWorkflow(temporal, incident),
  ]);
  if (!sop) throw notFound(`SOP ${incident.sopKey} version ${incident.sopVersion}`);
  const failed = Object.values((incident.failedSteps ?? {}) as Record<string, { stepId?: string }>).flatMap((f) => (f?.stepId ? [f.stepId] : []));
  const nodes = (sop.graph as SopGraph | undefined)?.nodes;
  const steps = stepStates(tasks, failed, workflow, nodes ? new Set(Object.keys(nodes)) : undefined);
  return { sopKey: incident.sopKey, version: incident.sopVersion, xml: sop.bpmnXml, steps, live: workflow !== undefined };
}
