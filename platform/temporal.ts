import { Client, Connection } from '@temporalio/client';

/**
 * Longest wait between reconnection attempts to a Temporal frontend that went away. grpc-js backs
 * off up to 120 s by default: after a three-minute outage every call still failed for about a
 * minute once Temporal was back, holding back the outbox and reporting health down. 5 s matches
 * the SDK's longest retry interval, so a retrying call meets the reconnected channel.
 */
const TEMPORAL_MAX_RECONNECT_BACKOFF_MS = 5000;

/**
 * A Temporal client whose connection is made lazily, so the API starts (and reports 503 on
 * /api/health) while Temporal is still down, and recovers by itself when Temporal comes back.
 */
export function createTemporalClient(address: string, namespace: string): Client {
  const connection = Connection.lazy({ address, channelArgs: { 'grpc.max_reconnect_backoff_ms': TEMPORAL_MAX_RECONNECT_BACKOFF_MS } });
  return new Client({ connection, namespace });
}

export async function pingTemporal(client: Client, timeoutMs = 2000): Promise<void> {
  await client.connection.withDeadline(Date.now() + timeoutMs, () => client.workflowService.getSystemInfo({}));
}
