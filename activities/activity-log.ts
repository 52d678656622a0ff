import { Context } from '@temporalio/activity';

/** `workflowId`, `activity` and `attempt` of the activity running now, for its log lines; empty outside an activity. */
export function activityLogFields(): Record<string, unknown> {
  try {
    const { info } = Context.current();
    return { ...(info.workflowExecution ? { workflowId: info.workflowExecution.workflowId } : {}), activity: info.activityType, attempt: info.attempt };
  } catch {
    return {};
  }
}
