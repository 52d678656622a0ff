import { ApplicationFailure } from '@temporalio/workflow';

/** Error types the API maps to HTTP answers. */
export const WorkflowErrorType = {
  /** The task is not waiting in this run: completed already, cancelled, or never created. */
  TaskNotPending: 'TaskNotPending',
  /** The graph uses something this interpreter version cannot run. */
  UnsupportedGraph: 'UnsupportedGraph',
} as const;

export function taskNotPending(taskId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`task ${taskId} is not waiting for completion`, WorkflowErrorType.TaskNotPending, { taskId });
}
