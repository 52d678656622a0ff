import { ApplicationFailure, CancellationScope, isCancellation, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { incidentStateQuery, type IncidentState, type SopCallInput, type SopCallOutcome } from './definitions';
import { EngineError, ExpressionError, SopEngine } from './engine/engine';
import { EngineRunner } from './engine/runner';
import { WorkflowErrorType } from './errors';
import { OPEN_AS_ACTIVITY_PATCH, acts, local } from './activity-proxies';

/** Deep enough for any real procedure; stops an SOP that calls itself without end. */
const MAX_CALL_DEPTH = 8;

/**
 * A call activity: another deployed SOP run as a child workflow on behalf of the parent's incident.
 * Its steps appear in the same incident; it returns its variables for the parent's output mappings.
 * An error end event fails it with the error code as the failure type, for the parent's boundaries.
 */
export async function sopCallWorkflow(input: SopCallInput): Promise<SopCallOutcome> {
  if (input.depth > MAX_CALL_DEPTH) throw ApplicationFailure.nonRetryable(`call activities nested deeper than ${MAX_CALL_DEPTH}`, 'CallDepthExceeded');
  const info = workflowInfo();
  // A regular activity, as when an incident opens (OPEN_AS_ACTIVITY_PATCH); earlier runs resolved it locally.
  const resolver = patched(OPEN_AS_ACTIVITY_PATCH) ? acts : local;
  const sop = await resolver.resolveSop({ key: input.sopKey, ...(input.sopVersion ? { version: input.sopVersion } : {}) });
  const graph = await local.loadSopGraph(sop);
  const engine = new SopEngine(graph, SopEngine.initialState({ ...input.variables }), { keyPrefix: info.workflowId }, () => Date.now());
  const runner = new EngineRunner(engine, { incidentId: input.incidentId, workflowId: info.workflowId, workflowRunId: info.firstExecutionRunId, depth: input.depth });
  runner.registerTaskHandlers();
  setHandler(incidentStateQuery, (): IncidentState => ({
    incidentId: input.incidentId,
    sop,
    activeSteps: engine.activeSteps().map((s) => s.stepId),
    completedSteps: [...engine.state.completedSteps],
    pendingTaskIds: engine.activeSteps().flatMap((s) => (s.taskId ? [s.taskId] : [])),
    variables: engine.state.variables,
    eventCount: 0,
    steps: engine.activeSteps(),
    stepCounts: engine.state.stepCounts,
  }));
  try {
    runner.execute(engine.start());
    await runner.run();
  } catch (err) {
    if (isCancellation(err)) {
      // The parent stopped waiting (boundary event, cancellation): close this run's open steps first.
      await CancellationScope.nonCancellable(async () => {
        runner.execute(engine.handle({ type: 'cancel', reason: 'the calling step was cancelled', by: 'system' }));
        await runner.drain();
      });
    }
    if (err instanceof EngineError || err instanceof ExpressionError)
      throw ApplicationFailure.nonRetryable(err.message, WorkflowErrorType.SopRuntimeError, { elementId: err.elementId });
    throw err;
  }
  await runner.drain();
  const done = engine.done!;
  if (done.outcome === 'error') throw ApplicationFailure.nonRetryable(`SOP ${input.sopKey} ended with error ${done.errorCode ?? ''}`, done.errorCode ?? 'SopError');
  return { variables: engine.state.variables };
}
