import type { MongoClient, ServerHeartbeatFailedEvent, ServerHeartbeatStartedEvent, ServerHeartbeatSucceededEvent } from 'mongodb';
import mongoose, { type ConnectOptions } from 'mongoose';
import { HeartbeatWatch } from './heartbeat-watch';
import { createLogger, errorFields } from './log';

const log = createLogger('database');

export interface DatabaseTiming {
  /** Connect and handshake time-out: the database is on the same host or LAN. */
  connectTimeoutMS: number;
  /** The driver's default, stated because the stall limit is derived from it. */
  heartbeatFrequencyMS: number;
  /** How often the heartbeat watch looks, and the wait between attempts to reopen. */
  watchEveryMs: number;
}

const DEFAULT_TIMING: DatabaseTiming = { connectTimeoutMS: 10_000, heartbeatFrequencyMS: 10_000, watchEveryMs: 5_000 };

let stopWatching: (() => void) | undefined;

/**
 * Connects Mongoose. Only features both MongoDB and FerretDB 1.24 support are used:
 * no transactions, no change streams; `autoIndex` off because every hot lookup is by `_id`.
 * Watches the driver's server monitor and reopens the connection if it wedges (HeartbeatWatch).
 */
export async function connectDatabase(uri: string, dbName: string, timing: Partial<DatabaseTiming> = {}): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  const t = { ...DEFAULT_TIMING, ...timing };
  const options: ConnectOptions = {
    dbName,
    autoIndex: false,
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: t.connectTimeoutMS,
    heartbeatFrequencyMS: t.heartbeatFrequencyMS,
  };
  const connected = await mongoose.connect(uri, options);
  stopWatching?.();
  stopWatching = watchMonitor(uri, options, t);
  return connected;
}

/** Stops the heartbeat watch, then closes the connection: a deliberate close is never reopened. */
export async function disconnectDatabase(): Promise<void> {
  stopWatching?.();
  stopWatching = undefined;
  await mongoose.disconnect();
}

/**
 * Follows the client's heartbeats; when one stays outstanding past every time-out of a healthy
 * check, the monitor is wedged and never recovers on its own, so the connection is closed and
 * opened again (operations meanwhile are buffered by Mongoose, or fail as the database being
 * unavailable: 503 in the API, a retry in the worker). Returns a function that stops watching.
 */
function watchMonitor(uri: string, options: ConnectOptions, timing: DatabaseTiming): () => void {
  const watch = new HeartbeatWatch(HeartbeatWatch.stallAfter(timing.connectTimeoutMS, timing.heartbeatFrequencyMS));
  const onStarted = (e: ServerHeartbeatStartedEvent) => watch.started(e.connectionId, Date.now());
  const onEnded = (e: ServerHeartbeatSucceededEvent | ServerHeartbeatFailedEvent) => watch.finished(e.connectionId);
  const onClosed = () => watch.clear();
  const attach = (c: MongoClient) =>
    c.on('serverHeartbeatStarted', onStarted).on('serverHeartbeatSucceeded', onEnded).on('serverHeartbeatFailed', onEnded).on('topologyClosed', onClosed);
  const detach = (c: MongoClient) =>
    c.off('serverHeartbeatStarted', onStarted).off('serverHeartbeatSucceeded', onEnded).off('serverHeartbeatFailed', onEnded).off('topologyClosed', onClosed);

  let client = attach(mongoose.connection.getClient());
  let stopped = false;
  let reopening = false;
  const reopen = async (stalled: { address: string; ms: number }[]) => {
    log.error('database monitor stalled; reopening the connection', { stalled });
    detach(client);
    watch.clear();
    await mongoose.connection.close().catch(() => undefined);
    // Until it opens, operations are buffered (Mongoose) and time out as "database unavailable".
    while (!stopped) {
      try {
        await mongoose.connect(uri, options);
        client = attach(mongoose.connection.getClient());
        log.info('database connection reopened');
        return;
      } catch (err) {
        log.warn('database connection not reopened yet; trying again', errorFields(err));
        await new Promise((r) => setTimeout(r, timing.watchEveryMs));
      }
    }
  };
  const timer = setInterval(() => {
    const stalled = watch.stalled(Date.now());
    if (!stalled.length || reopening || stopped) return;
    reopening = true;
    void reopen(stalled).finally(() => (reopening = false));
  }, timing.watchEveryMs);
  timer.unref();
  return () => {
    // Also when the connection is closed on purpose (shutdown): nothing is reopened after that.
    stopped = true;
    clearInterval(timer);
    detach(client);
  };
}

export async function pingDatabase(timeoutMs = 2000): Promise<void> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) throw new Error('not connected');
  await Promise.race([db.admin().ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), timeoutMs).unref())]);
}

/**
 * For an unordered insertMany that failed: the indexes of the documents rejected as duplicate
 * keys, or undefined when anything other than duplicates went wrong (then the caller rethrows).
 */
export function duplicateKeyIndexes(err: unknown): Set<number> | undefined {
  const raw = (err as { writeErrors?: unknown }).writeErrors;
  if (!raw) return undefined;
  const list = (Array.isArray(raw) ? raw : [raw]) as { index?: number; code?: number; err?: { index?: number; code?: number } }[];
  const indexes = new Set<number>();
  for (const w of list) {
    const code = w.code ?? w.err?.code;
    const index = w.index ?? w.err?.index;
    if (code !== 11000 || index === undefined) return undefined;
    indexes.add(index);
  }
  return indexes;
}
