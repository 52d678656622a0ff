import { Client, Connection } from '@temporalio/client';

/**
 * A Temporal client whose connection is made lazily, so the API starts (and reports 503 on
 * /api/health) while Temporal is still down, and recovers by itself when Temporal comes back.
 */
export function createTemporalClient(address: string, namespace: string): Client {
  const connection = Connection.lazy({ address });
  return new Client({ connection, namespace });
}

export async function pingTemporal(client: Client, timeoutMs = 2000): Promise<void> {
  await client.connection.withDeadline(Date.now() + timeoutMs, () => client.workflowService.getSystemInfo({}));
}
