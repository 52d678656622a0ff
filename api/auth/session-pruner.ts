import { LoginThrottle, RefreshUse, Session } from '../../model';
import { createLogger, errorFields } from '../../platform/log';
import type { SessionSettings } from './session-settings';

const log = createLogger('auth');

/** Session ids per `$in` when deleting the uses of vanished sessions. */
const BATCH = 500;

export interface PruneCounts {
  sessions: number;
  refreshUses: number;
  throttles: number;
}

/**
 * Deletes what sign-in leaves behind once it can no longer matter: sessions that ended more than
 * `sessionRetentionSeconds` ago (kept that long to answer "who was signed in when"), refresh-token
 * uses whose session is gone or older than a session can live (reuse detection needs them only while
 * their session could still refresh), and throttle windows that have lapsed without a lockout in force.
 *
 * FerretDB (SQLite) pushes only `_id` filters down, but a `deleteMany` on one date range is still one
 * scan inside FerretDB: measured with 20,000 uses, deleting 10,000 by `at` took ~0.5 s (and a first pass over 20,000
 * sessions, 40,000 uses and 2,000 throttle windows ~4.6 s, a pass with nothing to delete ~1.6 s), while reading
 * their ids and deleting by `_id` took ~14 s in `$in` batches of 500 and ~38 ms per `deleteOne`. So
 * each kind is one or two plain range deletes (no `$or`); only vanished sessions need a lookup.
 */
export class SessionPruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly settings: SessionSettings) {}

  /** Prunes once now and then every `pruneEveryMs`; the timer does not keep the process alive. */
  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      this.running ??= this.pruneOnce()
        .catch((err: unknown) => log.warn('pruning sessions failed', errorFields(err)))
        .finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.settings.pruneEveryMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in flight (before the database connection closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async pruneOnce(): Promise<PruneCounts> {
    const now = this.settings.now();
    const counts = { sessions: await this.pruneSessions(now), refreshUses: await this.pruneRefreshUses(now), throttles: await this.pruneThrottles(now) };
    if (counts.sessions || counts.refreshUses || counts.throttles) log.info('pruned sign-in records', counts);
    return counts;
  }

  private async pruneSessions(now: number): Promise<number> {
    const cutoff = new Date(now - this.settings.sessionRetentionSeconds * 1000);
    // Idle sessions nobody revoked end at their `expiresAt` at the latest, so the two dates cover every ended session.
    const revoked = await Session.deleteMany({ revokedAt: { $lt: cutoff } });
    const expired = await Session.deleteMany({ expiresAt: { $lt: cutoff } });
    return revoked.deletedCount + expired.deletedCount;
  }

  private async pruneRefreshUses(now: number): Promise<number> {
    // A use older than the absolute lifetime belongs to a session that has ended: nothing can refresh it any more.
    const old = await RefreshUse.deleteMany({ at: { $lt: new Date(now - this.settings.absoluteLifetimeSeconds * 1000) } });
    // A use whose session is gone (pruned, or removed by hand) can never be looked up again.
    // Uses first: a session exists before its uses, so one created between the two reads is never taken for gone.
    const used = new Set((await RefreshUse.find({}, { session: 1 }).lean()).map((u) => u.session));
    const sessions = new Set((await Session.find({}, { _id: 1 }).lean()).map((s) => s._id));
    const vanished = [...used].filter((sid) => !sessions.has(sid));
    let orphans = 0;
    for (let i = 0; i < vanished.length; i += BATCH) orphans += (await RefreshUse.deleteMany({ session: { $in: vanished.slice(i, i + BATCH) } })).deletedCount;
    return old.deletedCount + orphans;
  }

  private async pruneThrottles(now: number): Promise<number> {
    // A window that lapsed without a lockout in force; a failure counted meanwhile starts a new window, which stays.
    const lapsed = { windowStart: { $lt: new Date(now - this.settings.lockoutWindowSeconds * 1000) } };
    const unlocked = await LoginThrottle.deleteMany({ ...lapsed, lockedUntil: { $exists: false } });
    const unlockedSince = await LoginThrottle.deleteMany({ ...lapsed, lockedUntil: { $lte: new Date(now) } });
    return unlocked.deletedCount + unlockedSince.deletedCount;
  }
}
