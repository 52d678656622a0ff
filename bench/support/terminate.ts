import type { Client } from '@temporalio/client';

/** Terminates every running workflow on these task queues (what a bench started, wherever it came from). Returns how many. */
export async function terminateRunning(client: Client, taskQueues: string[], reason: string): Promise<number> {
  let count = 0;
  for (const queue of taskQueues) {
    for await (const wf of client.workflow.list({ query: `ExecutionStatus="Running" AND TaskQueue="${queue}"` })) {
      await client.workflow
        .getHandle(wf.workflowId, wf.runId)
        .terminate(reason)
        .then(() => count++)
        .catch(() => undefined); // ended meanwhile
    }
  }
  return count;
}
