import { createHash, randomBytes } from 'node:crypto';
import { RefreshUse, Session, audit } from '../../model';
import { unauthorized } from '../http-errors';
import type { SessionSettings } from './session-settings';

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
const newSecret = () => randomBytes(32).toString('base64url');

/** A refresh token is `<session id>.<secret>`: the id finds the session by `_id`, the secret proves possession. */
function splitRefresh(token: string): { sid: string; hash: string } | undefined {
  const m = /^([A-Za-z0-9_-]{20,64})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
  return m ? { sid: m[1]!, hash: sha256(token) } : undefined;
}

interface Cached {
  user: string;
  live: boolean;
  lastUsedAt: number;
  fetchedAt: number;
}

/** How often a request moves a session's `lastUsedAt` (one write a minute at most, not one per request). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Sessions: sign-in creates one, refresh rotates its token, logout or a replayed token revokes it,
 * idleness and the absolute lifetime end it.
 */
export class SessionService {
  /**
   * What this process last read about each session, trusted for `sessionCacheMs`. Logout in this
   * process drops the entry at once; another API process notices within `sessionCacheMs` (a few
   * seconds), which bounds how long a revoked session's access token still works elsewhere.
   */
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly settings: SessionSettings) {}

  async create(user: string, address?: string): Promise<{ sid: string; refreshToken: string }> {
    const sid = randomBytes(18).toString('base64url');
    const refreshToken = `${sid}.${newSecret()}`;
    const now = new Date(this.settings.now());
    await Session.create({
      _id: sid,
      user,
      refreshHash: sha256(refreshToken),
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.settings.absoluteLifetimeSeconds * 1000),
      ...(address ? { address } : {}),
    });
    return { sid, refreshToken };
  }

  /** Rotates a refresh token: the old one stops working; a rotated one presented again revokes the session. */
  async refresh(token: string): Promise<{ sid: string; user: string; refreshToken: string }> {
    const parts = splitRefresh(token);
    const session = parts ? await Session.findById(parts.sid).lean() : null;
    if (!parts || !session) throw unauthorized('invalid refresh token');
    const ended = this.endReason(session);
    if (ended) {
      if (!session.revokedAt) await this.revoke(session._id, ended, session.user);
      throw unauthorized(`session ended (${ended})`);
    }
    if (session.refreshHash !== parts.hash) {
      // A token of this session that is not its current one: used before (replayed, maybe stolen) — or forged.
      if (await RefreshUse.exists({ _id: parts.hash })) await this.revoke(session._id, 'refresh-token-reuse', session.user);
      throw unauthorized('invalid refresh token');
    }
    try {
      await RefreshUse.create({ _id: parts.hash, session: session._id, at: new Date(this.settings.now()) });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      // Two requests raced with one token: only one may win, and the race itself means a copy exists.
      await this.revoke(session._id, 'refresh-token-reuse', session.user);
      throw unauthorized('invalid refresh token');
    }
    const refreshToken = `${session._id}.${newSecret()}`;
    await Session.updateOne({ _id: session._id }, { $set: { refreshHash: sha256(refreshToken), lastUsedAt: new Date(this.settings.now()) } });
    this.cache.delete(session._id);
    return { sid: session._id, user: session.user, refreshToken };
  }

  /** The session whose current refresh token this is (for a logout without an access token). */
  async holderOf(token: string): Promise<{ sid: string; user: string }> {
    const parts = splitRefresh(token);
    const session = parts ? await Session.findById(parts.sid).lean() : null;
    if (!parts || !session || session.refreshHash !== parts.hash) throw unauthorized('invalid refresh token');
    return { sid: session._id, user: session.user };
  }

  /** Ends a session (logout, reuse, idleness); its access tokens stop at the next check. */
  async revoke(sid: string, reason: string, user?: string): Promise<void> {
    await Session.updateOne({ _id: sid }, { $set: { revokedAt: new Date(this.settings.now()), revokedReason: reason } });
    this.cache.delete(sid);
    if (user) await audit({ actor: user, action: 'auth.session-revoked', entity: 'session', entityId: sid, after: { reason } });
  }

  /** Every live session of a user but `except` (after a password change). A scan by user: rare, and sessions are few. */
  async revokeAllOf(user: string, reason: string, except?: string): Promise<number> {
    const live = await Session.find({ user, revokedAt: { $exists: false } }, { _id: 1 }).lean();
    const ids = live.map((s) => s._id).filter((id) => id !== except);
    for (const id of ids) await this.revoke(id, reason);
    return ids.length;
  }

  /** True when the session may still be used by `user`; touches `lastUsedAt` at most once a minute. */
  async isLive(sid: string, user: string): Promise<boolean> {
    const now = this.settings.now();
    let entry = this.cache.get(sid);
    const idle = (e: Cached) => now - e.lastUsedAt > this.settings.idleTimeoutSeconds * 1000;
    // Idle by this process's copy: read again, another process may have seen it used since.
    if (!entry || now - entry.fetchedAt > this.settings.sessionCacheMs || idle(entry)) {
      const s = await Session.findById(sid).lean();
      if (s && !s.revokedAt && this.endReason(s)) await this.revoke(s._id, this.endReason(s)!, s.user);
      entry = s
        ? { user: s.user, live: !s.revokedAt && !this.endReason(s), lastUsedAt: s.lastUsedAt.getTime(), fetchedAt: now }
        : { user: '', live: false, lastUsedAt: 0, fetchedAt: now };
      this.cache.set(sid, entry);
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    }
    if (!entry.live || entry.user !== user || idle(entry)) return false;
    if (now - entry.lastUsedAt > TOUCH_EVERY_MS) {
      entry.lastUsedAt = now;
      await Session.updateOne({ _id: sid }, { $set: { lastUsedAt: new Date(now) } });
    }
    return true;
  }

  private endReason(s: { revokedAt?: Date | null; revokedReason?: string | null; lastUsedAt: Date; expiresAt: Date }): string | undefined {
    if (s.revokedAt) return s.revokedReason ?? 'revoked';
    const now = this.settings.now();
    if (now >= s.expiresAt.getTime()) return 'expired';
    if (now - s.lastUsedAt.getTime() > this.settings.idleTimeoutSeconds * 1000) return 'idle';
    return undefined;
  }
}
