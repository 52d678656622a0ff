import { ApplicationFailure } from '@temporalio/workflow';

/** Error types the API maps to HTTP answers. */
export const WorkflowErrorType = {
  /** The task is not waiting in this run: completed already, cancelled, or never created. */
  TaskNotPending: 'TaskNotPending',
  /** The graph uses something this interpreter version cannot run. */
  UnsupportedGraph: 'UnsupportedGraph',
  /** The operation does not apply to the run's current state (nothing waits for that message, the step is required…). */
  NotApplicable: 'NotApplicable',
  /** An expression or the graph failed at run time; names the BPMN element. */
  SopRuntimeError: 'SopRuntimeError',
} as const;

export function notApplicable(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, WorkflowErrorType.NotApplicable);
}

export function taskNotPending(taskId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`task ${taskId} is not waiting for completion`, WorkflowErrorType.TaskNotPending, { taskId });
}
