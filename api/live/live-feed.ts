import { LIVE_RETENTION_MS, LiveChange, liveSlotsBetween, pruneLiveChanges, type LiveEntity } from '../../model';
import { createLogger, errorFields } from '../../platform/log';

const log = createLogger('live');

/** A change as the feed hands it to connections (audience fields included; they never reach a client). */
export interface LiveRecord {
  _id: string;
  entity: LiveEntity;
  entityId: string;
  incidentId: string;
  unit: string | null;
  users: string[];
  action: string;
  at: Date;
}

export interface LiveListener {
  change(record: LiveRecord): void;
  /** The feed stopped (the app is shutting down): end the stream. */
  close(): void;
}

export interface LiveFeedOptions {
  /**
   * Poll interval while clients are connected: half of it, on average, is added to every live
   * update. A poll reads only the current time slot or two (see `readSlots`), so it is cheap.
   */
  pollMs?: number;
  /**
   * Poll interval with no client connected: only keeps the replay window current. Every poll
   * scans `live_changes` on FerretDB 1.24, which in a storm holds thousands of records.
   */
  idlePollMs?: number;
  /**
   * How far back each poll looks before the previous one started. Records carry the writing
   * process's clock and reach the database a moment after it was read, so `at` is not strictly
   * ordered across processes; the overlap (with the set of ids already seen) catches late arrivals.
   */
  overlapMs?: number;
  pruneEveryMs?: number;
  /** Most records kept in memory for replay. */
  maxRetained?: number;
}

/**
 * Polls `live_changes` for the whole API process — one query every `pollMs` however many clients
 * are connected — and hands each new record to the listeners once. Keeps the records of the
 * retention window in memory, so a reconnecting client catches up without a query of its own;
 * a fresh process loads the window on its first poll, so catching up works across restarts and
 * across instances. Also prunes old records from the collection now and then.
 */
export class LiveFeed {
  private readonly pollMs: number;
  private readonly idlePollMs: number;
  readonly overlapMs: number;
  private readonly pruneEveryMs: number;
  private readonly maxRetained: number;
  private readonly listeners = new Set<LiveListener>();
  /** In-process caches told of each change before the listeners; they do not make the feed poll faster. */
  private readonly observers: ((record: LiveRecord) => void)[] = [];
  /** Ids already handed out, with their time, for as long as a poll may return them again. */
  private readonly seen = new Map<string, number>();
  private retained: LiveRecord[] = [];
  /** Changes before this time may be missing from `retained` (pruned or never loaded). */
  private horizon = 0;
  private lastPollStartedAt: number | undefined;
  private lastPruneAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private running = false;
  private stopped = false;
  private readyResolve!: () => void;
  /** Settles after the first successful poll: from then on `since()` knows the retention window. */
  readonly ready: Promise<void> = new Promise((resolve) => (this.readyResolve = resolve));

  constructor(opts: LiveFeedOptions = {}) {
    this.pollMs = opts.pollMs ?? 100;
    this.idlePollMs = opts.idlePollMs ?? 2000;
    this.overlapMs = opts.overlapMs ?? 3000;
    this.pruneEveryMs = opts.pruneEveryMs ?? 60_000;
    this.maxRetained = opts.maxRetained ?? 20_000;
  }

  /** Starts polling (again calls are harmless; after `stop()` it stays stopped). */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling, waits for a poll in flight, and ends every connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    this.readyResolve(); // connections still waiting for the first poll see `isStopped` and end
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling;
    for (const l of [...this.listeners]) l.close();
    this.listeners.clear();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  get connections(): number {
    return this.listeners.size;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    // The first client should not wait out an idle interval for its first changes.
    if (this.listeners.size === 1 && this.timer) {
      clearTimeout(this.timer);
      this.schedule(0);
    }
    return () => this.listeners.delete(listener);
  }

  /** Calls `observer` with every new record, before any listener hears of it. */
  observe(observer: (record: LiveRecord) => void): void {
    this.observers.push(observer);
  }

  /**
   * The retained records a client that last saw `cursor` (a time in ms) may have missed, in the
   * order they arrived here; `complete` is false when older changes may be gone, and the client
   * should reload what it shows. Records near the cursor come again (the overlap): harmless, as
   * clients refetch by id.
   */
  since(cursor: number): { records: LiveRecord[]; complete: boolean } {
    const from = cursor - this.overlapMs;
    return { records: this.retained.filter((r) => r.at.getTime() > from), complete: from >= this.horizon };
  }

  /** One poll: hands new records to the listeners, keeps them for replay, prunes now and then. */
  async pollOnce(): Promise<void> {
    const startedAt = Date.now();
    const first = this.lastPollStartedAt === undefined;
    const since = first ? startedAt - LIVE_RETENTION_MS : this.lastPollStartedAt! - this.overlapMs;
    const docs = first ? await LiveFeed.readSince(since) : await LiveFeed.readSlots(since, startedAt);
    docs.sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    if (first) this.horizon = since;
    this.lastPollStartedAt = startedAt;
    for (const doc of docs) {
      if (this.seen.has(doc._id)) continue;
      const record: LiveRecord = { ...doc, unit: doc.unit ?? null, users: doc.users ?? [] };
      this.seen.set(doc._id, record.at.getTime());
      this.retained.push(record);
      for (const o of this.observers) {
        try {
          o(record);
        } catch (err) {
          log.warn('live observer failed', errorFields(err));
        }
      }
      for (const l of this.listeners) {
        try {
          l.change(record);
        } catch (err) {
          log.warn('live listener failed', errorFields(err));
        }
      }
    }
    this.forget(startedAt);
    if (first) this.readyResolve();
    if (startedAt - this.lastPruneAt >= this.pruneEveryMs) {
      this.lastPruneAt = startedAt;
      await pruneLiveChanges(startedAt).catch((err: unknown) => log.warn('live changes not pruned', errorFields(err)));
    }
  }

  /** Everything after `since`: the first poll's load of the retention window (a full scan, once). */
  private static async readSince(since: number): Promise<LiveRecord[]> {
    return (await LiveChange.collection.find({ at: { $gt: new Date(since) } }).toArray()) as unknown as LiveRecord[];
  }

  /**
   * Records after `since` from the slots between `since` and `now`, one equality query per slot
   * (usually one or two): FerretDB filters those in PostgreSQL, where a range on `at` would make it
   * read and decode every record kept. A record stamped ahead of this clock lands in a later slot
   * and is read by a later poll, as its slot comes into range.
   */
  private static async readSlots(since: number, now: number): Promise<LiveRecord[]> {
    const found = await Promise.all(liveSlotsBetween(since, now).map((slot) => LiveChange.collection.find({ slot, at: { $gt: new Date(since) } }).toArray()));
    return found.flat() as unknown as LiveRecord[];
  }

  /** Drops ids no poll can return again, and records past the retention window or the size cap. */
  private forget(now: number): void {
    const nextSince = now - this.overlapMs;
    for (const [id, at] of this.seen) if (at <= nextSince) this.seen.delete(id);
    const oldest = now - LIVE_RETENTION_MS;
    let drop = 0;
    while (drop < this.retained.length && (this.retained[drop]!.at.getTime() < oldest || this.retained.length - drop > this.maxRetained)) drop++;
    if (drop) {
      this.horizon = Math.max(this.horizon, this.retained[drop - 1]!.at.getTime());
      this.retained = this.retained.slice(drop);
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.pollOnce()
        .catch((err: unknown) => log.warn('live feed poll failed', errorFields(err)))
        .finally(() => {
          this.polling = undefined;
          this.schedule(this.listeners.size ? this.pollMs : this.idlePollMs);
        });
    }, delayMs);
    // The server's sockets keep a process alive, not this poller: an app whose owner forgot `stop()` can still exit.
    this.timer.unref();
  }
}
