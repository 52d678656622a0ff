import { randomUUID } from 'node:crypto';
import type { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { Unit } from '../../model';
import { connectDatabase, disconnectDatabase } from '../../platform/database';
import { loadStackState } from '../support/stack-state';
import { eventually } from '../support/test-stack';

/**
 * The MongoDB driver wedges its server monitor when the monitor's connection is closed just after a
 * check began (the check writes to the destroyed socket and waits for a `drain` that never comes).
 * In the database-restart fault test that left the worker failing every activity for minutes after
 * FerretDB was back. The connection's heartbeat watch must notice and reopen the connection.
 */
describe('database connection with a wedged driver monitor', () => {
  const dbName = `test_reopen_${randomUUID().slice(0, 8)}`;

  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDatabase();
  });

  it('notices the heartbeat that never ends, reopens the connection, and reads and writes work again', async () => {
    // Short time-outs: a healthy check ends within 1 s here, so one outstanding for 8 s is wedged.
    await connectDatabase(loadStackState().mongoUri, dbName, { connectTimeoutMS: 1_000, heartbeatFrequencyMS: 1_000, watchEveryMs: 250 });
    await Unit.collection.insertOne({ _id: 'before-wedge', name: 'Trước' } as never);
    const wedged = mongoose.connection.getClient();
    const heartbeats = wedgeNextHeartbeat(wedged);

    // The new client is on the connection from the moment it starts connecting; the models' collections
    // move to it only once it is open, so wait for that (until then operations answer "not connected" → 503).
    const reopened = await eventually(
      'a new client, connected',
      async () => (mongoose.connection.getClient() !== wedged && mongoose.connection.readyState === mongoose.ConnectionStates.connected ? true : undefined),
      30_000,
    );
    expect(reopened).toBe(true);
    // The wedge was real: the old monitor's check began and never ended.
    expect(heartbeats).toEqual({ startedAfterWedge: 1, endedAfterWedge: 0 });

    await Unit.collection.insertOne({ _id: 'after-reopen', name: 'Sau' } as never);
    const ids = (await Unit.find({}, { _id: 1 }).lean()).map((u) => u._id).sort();
    expect(ids).toEqual(['after-reopen', 'before-wedge']);
  }, 60_000);
});

/**
 * Reproduces the driver's race on the real client: as the next heartbeat starts, the monitor's
 * connection is destroyed before the check's command reaches the socket. Returns live counts of
 * the client's heartbeats from then on.
 */
function wedgeNextHeartbeat(client: MongoClient): { startedAfterWedge: number; endedAfterWedge: number } {
  const counts = { startedAfterWedge: 0, endedAfterWedge: 0 };
  let armed = true;
  client.on('serverHeartbeatStarted', () => {
    if (!armed) {
      counts.startedAfterWedge++;
      return;
    }
    armed = false;
    counts.startedAfterWedge++;
    // Driver internals, in the test only: the monitor's own connection is not reachable otherwise.
    const servers = (client as unknown as { topology: { s: { servers: Map<string, { monitor?: { connection?: { destroy(): void } | null } }> } } }).topology.s.servers;
    queueMicrotask(() => {
      for (const server of servers.values()) server.monitor?.connection?.destroy();
    });
  });
  const ended = () => {
    if (!armed) counts.endedAfterWedge++;
  };
  client.on('serverHeartbeatSucceeded', ended).on('serverHeartbeatFailed', ended);
  return counts;
}
