import { LoginThrottle, audit } from '../../model';
import { HttpError } from '../http-errors';
import type { SessionSettings } from './session-settings';

export interface Lockout {
  key: string;
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

export const userKey = (username: string) => `user:${username}`;
export const addressKey = (address: string) => `address:${address}`;

/** The same answer whether or not the user exists: it names no account. */
export const tooManyAttempts = (retryAfterSeconds: number) =>
  new HttpError(429, 'too many failed sign-ins; try again later', undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

/**
 * Counts failed sign-ins per user name and per client address in the database, so every API process
 * agrees, and locks a key for `lockoutSeconds` once it reaches its limit within the window.
 */
export class LoginThrottleService {
  constructor(private readonly settings: SessionSettings) {}

  /** Throws 429 when any of the keys is locked. */
  async assertOpen(keys: string[]): Promise<void> {
    const now = this.settings.now();
    for (const key of keys) {
      const doc = await LoginThrottle.findById(key).lean();
      const until = doc?.lockedUntil?.getTime() ?? 0;
      if (until > now) throw tooManyAttempts((until - now) / 1000);
    }
  }

  async recordFailure(username: string, address: string | undefined): Promise<void> {
    await this.bump(userKey(username), this.settings.maxFailuresPerUser);
    if (address) await this.bump(addressKey(address), this.settings.maxFailuresPerAddress);
  }

  /** A successful sign-in clears the user name's count (not the address's: one right guess must not reset a spray). */
  async recordSuccess(username: string): Promise<void> {
    await LoginThrottle.deleteOne({ _id: userKey(username) });
  }

  async get(key: string): Promise<Lockout | null> {
    const doc = await LoginThrottle.findById(key).lean();
    return doc ? { key: doc._id, failures: doc.failures, windowStart: doc.windowStart, lockedUntil: doc.lockedUntil ?? null } : null;
  }

  /** Current lockouts (a scan: the collection holds only recent failures). */
  async listLocked(): Promise<Lockout[]> {
    const now = this.settings.now();
    const docs = await LoginThrottle.find({}).lean();
    return docs
      .filter((d) => (d.lockedUntil?.getTime() ?? 0) > now)
      .map((d) => ({ key: d._id, failures: d.failures, windowStart: d.windowStart, lockedUntil: d.lockedUntil ?? null }));
  }

  async clear(actor: string, key: string): Promise<boolean> {
    const before = await this.get(key);
    if (!before) return false;
    await LoginThrottle.deleteOne({ _id: key });
    await audit({ actor, action: 'auth.lockout-cleared', entity: 'login-throttle', entityId: key, before: { failures: before.failures, lockedUntil: before.lockedUntil } });
    return true;
  }

  private async bump(key: string, max: number): Promise<void> {
    const now = this.settings.now();
    const doc = await LoginThrottle.findById(key).lean();
    const fresh = !doc || now - doc.windowStart.getTime() > this.settings.lockoutWindowSeconds * 1000;
    const failures = fresh ? 1 : doc.failures + 1;
    const lockedUntil = failures >= max ? new Date(now + this.settings.lockoutSeconds * 1000) : undefined;
    const set = { failures, windowStart: fresh ? new Date(now) : doc.windowStart, ...(lockedUntil ? { lockedUntil } : {}) };
    await LoginThrottle.updateOne({ _id: key }, { $set: set }, { upsert: true });
  }
}
