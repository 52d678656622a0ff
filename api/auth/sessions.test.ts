import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createApp, type CityOpsApp } from '../app';
import { Audit, Session } from '../../model';
import { SseClient } from '../../test/support/sse-client';
import { DEMO_PASSWORD, TestStack, eventually } from '../../test/support/test-stack';

/**
 * Sessions and sign-in against a real API on the real database. The app here runs on a clock the test
 * moves, so access-token expiry, idleness and lifetimes are crossed without waiting.
 */
describe('sessions and sign-in', () => {
  let stack: TestStack;
  let app: CityOpsApp;
  let server: Server;
  let base: string;
  let now = Date.now();
  const secret = randomBytes(32).toString('hex');
  const advance = (seconds: number) => {
    now += seconds * 1000;
  };

  beforeAll(async () => {
    stack = await TestStack.start('sessions');
    app = createApp({
      temporal: stack.temporalClient,
      taskQueue: stack.taskQueue,
      tokenSecret: secret,
      tokenTtlSeconds: 120,
      sessions: {
        idleTimeoutSeconds: 300,
        absoluteLifetimeSeconds: 3600,
        maxFailuresPerUser: 5,
        maxFailuresPerAddress: 8,
        lockoutWindowSeconds: 900,
        lockoutSeconds: 900,
        now: () => now,
      },
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await app.live.stop(); // the stream test started its feed; left running it would poll a closed database for the rest of the run
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stack.close();
  });

  /** `from`: the client address, as a proxy on loopback reports it (the app trusts loopback proxies). */
  async function call(method: string, path: string, opts: { token?: string; body?: unknown; from?: string } = {}) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        'x-forwarded-for': opts.from ?? '10.0.0.1',
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
  }
  const login = (username: string, password = DEMO_PASSWORD, from?: string) => call('POST', '/api/auth/login', { body: { username, password }, ...(from ? { from } : {}) });
  const refresh = (refreshToken: string) => call('POST', '/api/auth/refresh', { body: { refreshToken } });
  const me = (token: string) => call('GET', '/api/notifications', { token });

  describe('tokens', () => {
    it('login gives a short access token and a refresh token; the access token expires, refresh gives a working new pair', async () => {
      const res = await login('operator.tanphu');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        token: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 120,
        idleTimeoutSeconds: 300,
        user: { username: 'operator.tanphu' },
      });
      expect((await me(res.body.token)).status).toBe(200);
      advance(121);
      expect((await me(res.body.token)).status).toBe(401);
      const next = await refresh(res.body.refreshToken);
      expect(next.status).toBe(200);
      expect(next.body.refreshToken).not.toBe(res.body.refreshToken);
      expect((await me(next.body.token)).status).toBe(200);
    });

    it('a refresh token works once; presenting a rotated one again revokes the whole session (theft)', async () => {
      const first = (await login('operator.tanphu')).body;
      const second = (await refresh(first.refreshToken)).body;
      expect((await me(second.token)).status).toBe(200);
      // An attacker replays the stolen first token: refused, and the session family ends for everyone.
      expect((await refresh(first.refreshToken)).status).toBe(401);
      expect((await refresh(second.refreshToken)).status).toBe(401);
      expect((await me(second.token)).status).toBe(401);
      const sid = second.refreshToken.split('.')[0];
      expect(await Session.findById(sid).lean()).toMatchObject({ revokedReason: 'refresh-token-reuse' });
      expect(await Audit.exists({ action: 'auth.session-revoked', entityId: sid })).toBeTruthy();
    });

    it('refuses forged and malformed refresh tokens', async () => {
      const { refreshToken } = (await login('operator.tanphu')).body;
      const [sid] = refreshToken.split('.');
      expect((await refresh(`${sid}.${randomBytes(32).toString('base64url')}`)).status).toBe(401);
      expect((await refresh('not-a-token')).status).toBe(401);
      expect((await call('POST', '/api/auth/refresh', { body: {} })).status).toBe(400);
    });
  });

  describe('logout', () => {
    it('revokes the session: its access token and refresh token stop at once, other sessions go on', async () => {
      const a = (await login('operator.tanphu')).body;
      const b = (await login('operator.tanphu')).body;
      expect((await call('POST', '/api/auth/logout', { token: a.token })).status).toBe(204);
      expect((await me(a.token)).status).toBe(401);
      expect((await refresh(a.refreshToken)).status).toBe(401);
      expect((await me(b.token)).status).toBe(200);
    });

    it('reaches another API process within its few-second session cache', async () => {
      const other = createApp({ temporal: stack.temporalClient, taskQueue: stack.taskQueue, tokenSecret: secret, tokenTtlSeconds: 120, sessions: { now: () => now } });
      const otherServer = await new Promise<Server>((resolve) => {
        const s = other.app.listen(0, '127.0.0.1', () => resolve(s));
      });
      try {
        const addr = otherServer.address();
        const otherMe = async (token: string) =>
          (await fetch(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/notifications`, { headers: { authorization: `Bearer ${token}` } })).status;
        const a = (await login('operator.tanphu')).body;
        expect(await otherMe(a.token)).toBe(200); // the other process now holds the session in its cache
        expect((await call('POST', '/api/auth/logout', { token: a.token })).status).toBe(204);
        expect(await otherMe(a.token)).toBe(200); // within the cache window: still trusted there
        advance(6);
        expect(await otherMe(a.token)).toBe(401);
      } finally {
        await new Promise<void>((resolve) => otherServer.close(() => resolve()));
      }
    });

    it('ends the session’s open live stream too', async () => {
      const a = (await login('operator.tanphu')).body;
      const stream = await SseClient.connect(base, a.token);
      await stream.waitFor('hello', (e) => e.event === 'hello');
      expect((await call('POST', '/api/auth/logout', { token: a.token })).status).toBe(204);
      await eventually('the end of the stream', async () => stream.ended || undefined, 15_000);
    });

    it('works with the refresh token alone (the access token has lapsed)', async () => {
      const a = (await login('operator.tanphu')).body;
      expect((await call('POST', '/api/auth/logout', { body: { refreshToken: a.refreshToken } })).status).toBe(204);
      expect((await refresh(a.refreshToken)).status).toBe(401);
      expect((await call('POST', '/api/auth/logout', {})).status).toBe(401);
    });
  });

  describe('idle timeout and lifetime', () => {
    it('a session unused longer than the idle timeout cannot refresh', async () => {
      const a = (await login('operator.tanphu')).body;
      advance(301);
      const res = await refresh(a.refreshToken);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatch(/idle/);
    });

    it('use keeps it alive: a request or a refresh counts', async () => {
      const a = (await login('operator.tanphu')).body;
      advance(100);
      expect((await me(a.token)).status).toBe(200); // touches the session
      advance(250); // 350 s after sign-in, 250 s after use
      const b = await refresh(a.refreshToken);
      expect(b.status).toBe(200);
      advance(250);
      expect((await refresh(b.body.refreshToken)).status).toBe(200);
    });

    it('ends after its absolute lifetime however actively it is used', async () => {
      let current = (await login('operator.tanphu')).body.refreshToken as string;
      for (let t = 0; t < 3600 - 250; t += 250) {
        advance(250);
        const res = await refresh(current);
        expect(res.status).toBe(200);
        current = res.body.refreshToken;
      }
      advance(250);
      const res = await refresh(current);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatch(/expired/);
    });
  });

  describe('disabled user', () => {
    it('stops the access token and the refresh token at once', async () => {
      const admin = (await login('admin')).body.token;
      const a = (await login('operator.chieusang')).body;
      expect((await me(a.token)).status).toBe(200);
      expect((await call('POST', '/api/users/operator.chieusang/disable', { token: admin })).status).toBe(200);
      expect((await me(a.token)).status).toBe(401);
      expect((await refresh(a.refreshToken)).status).toBe(401);
      expect((await call('POST', '/api/users/operator.chieusang/enable', { token: admin })).status).toBe(200);
    });
  });

  describe('lockout', () => {
    it('locks a user name after 5 failures (429 + Retry-After, same answer for an unknown name); an admin sees and clears it', async () => {
      for (let i = 0; i < 5; i++) expect((await login('operator.tanphu', 'wrong-guess', `10.1.0.${i}`)).status).toBe(401);
      const locked = await login('operator.tanphu', DEMO_PASSWORD, '10.1.1.1');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBe(900);
      for (let i = 0; i < 5; i++) expect((await login('nobody.here', 'wrong-guess', `10.2.0.${i}`)).status).toBe(401);
      const unknown = await login('nobody.here', 'wrong-guess', '10.2.1.1');
      expect(unknown.status).toBe(429);
      expect(unknown.body).toEqual(locked.body);

      const admin = (await login('admin', DEMO_PASSWORD, '10.9.9.9')).body.token;
      const list = await call('GET', '/api/users/lockouts', { token: admin });
      expect(list.body.items.map((l: { key: string }) => l.key).sort()).toEqual(['user:nobody.here', 'user:operator.tanphu']);
      expect((await call('GET', '/api/users/lockouts', { token: (await login('operator.chieusang')).body.token })).status).toBe(403);
      expect((await call('DELETE', '/api/users/lockouts/user:operator.tanphu', { token: admin })).status).toBe(204);
      expect(await Audit.exists({ action: 'auth.lockout-cleared', entityId: 'user:operator.tanphu', actor: 'admin' })).toBeTruthy();
      expect((await login('operator.tanphu', DEMO_PASSWORD, '10.1.1.1')).status).toBe(200);
      expect((await call('DELETE', '/api/users/lockouts/user:operator.tanphu', { token: admin })).status).toBe(404);
    });

    it('the lockout lapses by itself, and a successful sign-in resets the count', async () => {
      advance(901);
      expect((await login('nobody.here', 'wrong-guess', '10.3.0.1')).status).toBe(401);
      for (let i = 0; i < 4; i++) expect((await login('operator.tienthanh', 'wrong-guess', `10.3.0.${i}`)).status).toBe(401);
      expect((await login('operator.tienthanh', DEMO_PASSWORD, '10.3.1.1')).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await login('operator.tienthanh', 'wrong-guess', `10.3.2.${i}`)).status).toBe(401);
      expect((await login('operator.tienthanh', DEMO_PASSWORD, '10.3.1.1')).status).toBe(200);
    });

    it('locks a client address after 8 failures across user names', async () => {
      const from = '10.4.0.1';
      for (let i = 0; i < 8; i++) expect((await login(`guess.${i}`, 'wrong-guess', from)).status).toBe(401);
      expect((await login('operator.tienthanh', DEMO_PASSWORD, from)).status).toBe(429);
      expect((await login('operator.tienthanh', DEMO_PASSWORD, '10.4.0.2')).status).toBe(200);
      const admin = (await login('admin', DEMO_PASSWORD, '10.9.9.9')).body.token;
      expect((await call('DELETE', `/api/users/lockouts/address:${from}`, { token: admin })).status).toBe(204);
      expect((await login('operator.tienthanh', DEMO_PASSWORD, from)).status).toBe(200);
    });
  });

  describe('password policy', () => {
    it('admins creating users and resetting passwords get 400 naming the password field', async () => {
      const admin = (await login('admin', DEMO_PASSWORD, '10.9.9.9')).body.token;
      const user = { username: 'operator.policy', displayName: 'Chính sách', roles: ['operator'], unit: 'tan-phu' };
      const common = await call('POST', '/api/users', { token: admin, body: { ...user, password: 'password1234' } });
      expect(common.status).toBe(400);
      expect(common.body.details).toEqual([{ field: 'password', rule: 'common', message: 'too common or easy to guess: choose another' }]);
      const named = await call('POST', '/api/users', { token: admin, body: { ...user, password: 'operator.policy-2024' } });
      expect(named.body.details).toEqual([{ field: 'password', rule: 'containsUsername', message: 'must not contain the user name' }]);
      expect((await call('POST', '/api/users', { token: admin, body: { ...user, password: 'long and unusual phrase' } })).status).toBe(201);
      const reset = await call('POST', '/api/users/operator.policy/reset-password', { token: admin, body: { password: 'short' } });
      expect(reset.body.details).toEqual([{ field: 'password', rule: 'minLength', limit: 12, message: 'at least 12 characters' }]);
    });

    it('changing one’s own password needs the current one, follows the policy, and ends the other sessions', async () => {
      const here = (await login('operator.policy', 'long and unusual phrase')).body;
      const elsewhere = (await login('operator.policy', 'long and unusual phrase')).body;
      const change = (body: unknown) => call('POST', '/api/auth/password', { token: here.token, body });
      const wrong = await change({ currentPassword: 'not it', newPassword: 'another fine phrase' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.details).toEqual([{ field: 'currentPassword', rule: 'currentPassword', message: 'does not match your current password' }]);
      const weak = await change({ currentPassword: 'long and unusual phrase', newPassword: 'aaaaaaaaaaaaaaa' });
      expect(weak.body.details).toEqual([{ field: 'newPassword', rule: 'common', message: 'too common or easy to guess: choose another' }]);
      const short = await change({ currentPassword: 'long and unusual phrase', newPassword: 'policy' });
      expect(short.body.details).toEqual([{ field: 'newPassword', rule: 'minLength', limit: 12, message: 'at least 12 characters' }]);
      const same = await change({ currentPassword: 'long and unusual phrase', newPassword: 'long and unusual phrase' });
      expect(same.body.details).toEqual([{ field: 'newPassword', rule: 'unchanged', message: 'must differ from the current password' }]);
      expect((await call('POST', '/api/auth/password', { body: { currentPassword: 'x', newPassword: 'y' } })).status).toBe(401);

      expect((await change({ currentPassword: 'long and unusual phrase', newPassword: 'another fine phrase' })).status).toBe(204);
      expect((await me(here.token)).status).toBe(200);
      expect((await me(elsewhere.token)).status).toBe(401);
      expect((await refresh(elsewhere.refreshToken)).status).toBe(401);
      expect((await login('operator.policy', 'long and unusual phrase')).status).toBe(401);
      expect((await login('operator.policy', 'another fine phrase')).status).toBe(200);
    });
  });
});
