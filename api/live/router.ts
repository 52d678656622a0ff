import { Router, type Request } from 'express';
import jwt from 'jsonwebtoken';
import { currentSession, currentUser } from '../auth/middleware';
import type { SessionService } from '../auth/session-service';
import { canHear } from './audience';
import type { LiveFeed, LiveRecord } from './live-feed';
import { SseWriter, sseComment, sseFrame, sseRetry } from './sse';

export const RECONNECT_MS = 2000;
export const PING_MS = 15_000;
/** setTimeout's limit (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** When the bearer token (already verified by `requireAuth`) expires, in ms. */
function tokenExpiresAt(req: Request): number | undefined {
  const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const payload = token ? jwt.decode(token) : null;
  return payload && typeof payload === 'object' && typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
}

/** The cursor a client sends back: `Last-Event-ID`, or `?since=` for clients that cannot set headers. */
export function readCursor(req: Request): number | undefined {
  const raw = req.get('last-event-id') ?? (typeof req.query.since === 'string' ? req.query.since : undefined);
  if (raw === undefined || !/^\d{1,15}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/** What a client receives of a change: ids and the action, never the data (it refetches through the scoped REST API). */
export const changeView = (r: LiveRecord) => ({ entity: r.entity, id: r.entityId, incidentId: r.incidentId, action: r.action, at: r.at.toISOString() });

/**
 * `GET /api/live`: Server-Sent Events of the changes the caller may see. Each `change` event's
 * id is a cursor (the latest change time this stream has sent, so it never goes back); on
 * reconnect the client sends it as `Last-Event-ID` and first receives what it missed. `resync`
 * tells a client whose cursor is older than what is retained to reload what it shows.
 */
export function liveRouter(feed: LiveFeed, auth?: { sessions: SessionService; checkEveryMs: number }): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const user = currentUser(req);
    const sid = auth ? currentSession(req) : undefined;
    const cursor = readCursor(req);
    const out = new SseWriter(res);
    out.open();
    // The hello carries a cursor too, so a stream that drops before its first change still catches up.
    let latest = cursor ?? Date.now();
    out.write(sseRetry(RECONNECT_MS) + sseFrame({ event: 'hello', id: String(latest), data: { serverTime: new Date().toISOString() } }));

    const send = (r: LiveRecord) => {
      if (!canHear(user, r)) return;
      latest = Math.max(latest, r.at.getTime());
      out.write(sseFrame({ event: 'change', id: String(latest), data: changeView(r) }));
    };

    const subscription: { off?: () => void } = {};
    const ping = setInterval(() => out.write(sseComment('ping')), PING_MS);
    // The stream ends when the token expires: the client reconnects with a fresh one (or signs in again).
    const expiresAt = tokenExpiresAt(req);
    const expiry = expiresAt === undefined ? undefined : setTimeout(() => cleanUp(), Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS));
    // A logout, a revoked session or a disabled account ends an open stream too (the check is the cached one of requireAuth).
    const sessionCheck =
      auth && sid
        ? setInterval(() => {
            auth.sessions.isLive(sid, user.username).then(
              (live) => live || cleanUp(),
              () => undefined, // the database is away: keep the stream, check again next time
            );
          }, auth.checkEveryMs)
        : undefined;
    const cleanUp = () => {
      clearInterval(ping);
      clearInterval(sessionCheck);
      clearTimeout(expiry);
      subscription.off?.();
      out.end();
    };
    res.on('close', cleanUp);

    feed.start();
    await feed.ready;
    if (out.closed || feed.isStopped) return cleanUp();
    // Replay and subscribe in one synchronous step, so no change falls between them.
    if (cursor !== undefined) {
      const missed = feed.since(cursor);
      if (!missed.complete) out.write(sseFrame({ event: 'resync', data: { reason: 'changes before the cursor are no longer retained' } }));
      for (const r of missed.records) send(r);
    }
    subscription.off = feed.subscribe({ change: send, close: cleanUp });
  });
  return router;
}
