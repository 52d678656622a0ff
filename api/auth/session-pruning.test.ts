import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createApp, type CityOpsApp } from '../app';
import { LoginThrottle, RefreshUse, Session } from '../../model';
import { DEMO_PASSWORD, TestStack, eventually } from '../../test/support/test-stack';

/**
 * Pruning against the real database, on a clock the test moves: what sign-in leaves behind goes once
 * it can no longer matter, and nothing that still matters (a live session, the uses that detect a
 * replayed refresh token, a lockout in force) goes with it.
 */
describe('pruning sessions and sign-in records', () => {
  let stack: TestStack;
  let app: CityOpsApp;
  let server: Server;
  let base: string;
  let now = Date.now();
  const advance = (seconds: number) => {
    now += seconds * 1000;
  };
  const settings = {
    idleTimeoutSeconds: 300,
    absoluteLifetimeSeconds: 3600,
    lockoutWindowSeconds: 900,
    lockoutSeconds: 900,
    maxFailuresPerUser: 5,
    maxFailuresPerAddress: 50,
    sessionRetentionSeconds: 7200,
    now: () => now,
  };

  beforeAll(async () => {
    stack = await TestStack.start('pruning');
    app = createApp({ temporal: stack.temporalClient, taskQueue: stack.taskQueue, tokenSecret: randomBytes(32).toString('hex'), tokenTtlSeconds: 120, sessions: settings });
    server = await new Promise<Server>((resolve) => {
      const s = app.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await app.pruner.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stack.close();
  });

  async function call(path: string, body: unknown, token?: string) {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.7.0.1', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  }
  const login = async (username: string, password = DEMO_PASSWORD) => call('/api/auth/login', { username, password });
  const refresh = (refreshToken: string) => call('/api/auth/refresh', { refreshToken });
  const sid = (refreshToken: string) => refreshToken.split('.')[0]!;
  const usesOf = async (session: string) => (await RefreshUse.find({}).lean()).filter((u) => u.session === session).length;

  it('keeps ended sessions for the retention period, then deletes them with their refresh-token uses', async () => {
    const ended = (await login('operator.tanphu')).body;
    const endedNext = (await refresh(ended.refreshToken)).body;
    expect((await call('/api/auth/logout', {}, endedNext.token)).status).toBe(204);
    const lapsing = (await login('operator.tienthanh')).body;
    await refresh(lapsing.refreshToken);
    // A use whose session is gone (deleted by hand, say): nothing can ever look it up again.
    await RefreshUse.create({ _id: randomBytes(32).toString('base64url'), session: 'no-such-session-0000000', at: new Date(now) });

    expect(await app.pruner.pruneOnce()).toMatchObject({ sessions: 0, refreshUses: 1 });
    expect(await Session.exists({ _id: sid(ended.refreshToken) })).toBeTruthy();
    expect(await usesOf(sid(ended.refreshToken))).toBe(1);

    // Past the absolute lifetime: both sessions have ended; the uses can no longer catch a replay, the sessions stay for the record.
    advance(3601);
    const live = (await login('operator.chieusang')).body;
    const liveNext = (await refresh(live.refreshToken)).body;
    expect(await app.pruner.pruneOnce()).toMatchObject({ sessions: 0, refreshUses: 2 });
    expect(await usesOf(sid(live.refreshToken))).toBe(1);
    expect(await Session.countDocuments({ _id: { $in: [sid(ended.refreshToken), sid(lapsing.refreshToken)] } })).toBe(2);

    // The logged-out one is past its retention (7200 s after logout); the lapsed one is not yet (7200 s after its end).
    advance(3600);
    expect((await app.pruner.pruneOnce()).sessions).toBe(1);
    expect(await Session.exists({ _id: sid(ended.refreshToken) })).toBeNull();
    expect(await Session.exists({ _id: sid(lapsing.refreshToken) })).toBeTruthy();
    advance(3600);
    expect((await app.pruner.pruneOnce()).sessions).toBe(1);
    expect(await Session.exists({ _id: sid(lapsing.refreshToken) })).toBeNull();
    // The third ended (idle, then its absolute end 3600 s after sign-in) within the retention period: kept, and refused.
    expect(await Session.exists({ _id: sid(live.refreshToken) })).toBeTruthy();
    expect((await refresh(liveNext.refreshToken)).status).toBe(401);
    advance(7200);
    expect((await app.pruner.pruneOnce()).sessions).toBe(1);
    expect(await Session.exists({ _id: sid(live.refreshToken) })).toBeNull();
  });

  it('keeps what detects a replayed refresh token while the session lives', async () => {
    const first = (await login('operator.tanphu')).body;
    const second = (await refresh(first.refreshToken)).body;
    advance(200);
    await app.pruner.pruneOnce();
    expect((await refresh(first.refreshToken)).status).toBe(401); // the replay…
    expect(await Session.findById(sid(second.refreshToken)).lean()).toMatchObject({ revokedReason: 'refresh-token-reuse' }); // …still ends the session
  });

  it('deletes lapsed throttle windows but never a lockout in force', async () => {
    for (let i = 0; i < 2; i++) expect((await login('nobody.pruned', 'wrong-guess')).status).toBe(401);
    expect((await login('operator.pruned', 'wrong-guess')).status).toBe(401);
    advance(600);
    for (let i = 0; i < 4; i++) expect((await login('operator.pruned', 'wrong-guess')).status).toBe(401);
    expect((await login('operator.pruned', 'wrong-guess')).status).toBe(429); // locked until 600 + 900 s

    advance(400); // both windows (900 s from their first failure) have lapsed; the lockout has not
    await app.pruner.pruneOnce();
    expect(await LoginThrottle.exists({ _id: 'user:nobody.pruned' })).toBeNull();
    expect(await LoginThrottle.findById('user:operator.pruned').lean()).toMatchObject({ failures: 5 });
    expect((await login('operator.pruned', 'wrong-guess')).status).toBe(429);

    advance(501);
    await app.pruner.pruneOnce();
    expect(await LoginThrottle.exists({ _id: 'user:operator.pruned' })).toBeNull();
    expect(await LoginThrottle.exists({ _id: 'address:10.7.0.1' })).toBeNull();
  });

  it('runs once when started, then on its timer, and stops with the app', async () => {
    const other = createApp({
      temporal: stack.temporalClient,
      taskQueue: stack.taskQueue,
      tokenSecret: randomBytes(32).toString('hex'),
      tokenTtlSeconds: 120,
      sessions: { ...settings, pruneEveryMs: 300 },
    });
    const old = new Date(now - 8000 * 1000);
    const create = (id: string) => Session.create({ _id: id, user: 'operator.tanphu', refreshHash: 'x', createdAt: old, lastUsedAt: old, expiresAt: old });
    await create('ended-long-ago-000000001');
    other.pruner.start();
    await eventually('the first pass at start', async () => ((await Session.exists({ _id: 'ended-long-ago-000000001' })) ? undefined : true), 10_000);
    await create('ended-long-ago-000000002');
    await eventually('a pass on the timer', async () => ((await Session.exists({ _id: 'ended-long-ago-000000002' })) ? undefined : true), 10_000);
    await other.pruner.stop();
    await create('ended-long-ago-000000003');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await Session.exists({ _id: 'ended-long-ago-000000003' })).toBeTruthy();
  });
});
