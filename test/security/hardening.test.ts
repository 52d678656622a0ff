import express from 'express';
import type { AddressInfo } from 'node:net';
import { cors } from '../../api/hardening/security-headers';
import { loadConfig } from '../../platform/config';
import { TestStack } from '../support/test-stack';
import { call } from './probe';

/** Input hardening and headers on the real app: operator injection, body limits, security headers, CORS. */
describe('input hardening and security headers', () => {
  let stack: TestStack;
  let admin: Record<string, string>;

  beforeAll(async () => {
    stack = await TestStack.start('hardening');
    admin = { authorization: `Bearer ${await stack.login('admin')}` };
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each([
    [{ username: { $ne: null }, password: 'x' }, 'username.$ne', '"$"'],
    [{ displayName: 'x', roles: ['operator'], unit: 'tan-phu', 'profile.admin': true }, 'profile.admin', '"."'],
    [JSON.parse('{"displayName":"x","__proto__":{"isAdmin":true}}'), '__proto__', '__proto__'],
  ])('rejects the body %j with a 400 naming the field', async (body, field, why) => {
    const path = 'username' in body ? '/api/auth/login' : '/api/users/operator.tanphu';
    const res = await call(stack, path === '/api/auth/login' ? 'POST' : 'PUT', path, { headers: admin, body });
    expect(res.status).toBe(400);
    const parsed = JSON.parse(res.text) as { details: { field: string; message: string }[] };
    expect(parsed.details[0]!.field).toBe(field);
    expect(parsed.details[0]!.message).toContain(why);
  });

  it('rejects operator keys in the query string', async () => {
    const res = await call(stack, 'GET', '/api/incidents?$where=1', { headers: admin });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).details).toEqual([{ field: 'query.$where', message: 'keys may not start with "$"' }]);
  });

  it('refuses input nested deeper than any stored document', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { a: deep };
    const res = await call(stack, 'POST', '/api/rules/backtest', { headers: admin, body: { rule: deep } });
    expect(res.status).toBe(400);
    expect(res.text).toContain('nested deeper than');
  });

  it('answers 413 with the route family limit: 16 KB at login, 64 KB for users', async () => {
    const login = await call(stack, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'x'.repeat(20_000) } });
    expect(login.status).toBe(413);
    expect(JSON.parse(login.text).error).toBe('request body too large (this route accepts at most 16384 bytes)');
    const user = await call(stack, 'PUT', '/api/users/operator.tanphu', { headers: admin, body: { displayName: 'x'.repeat(70_000) } });
    expect(user.status).toBe(413);
    // The same size is fine where form data travels (a 400 from the schema, not a 413).
    const task = await call(stack, 'POST', '/api/tasks/none/complete', { headers: admin, body: { data: { notes: 'x'.repeat(70_000) } } });
    expect(task.status).not.toBe(413);
  });

  it.each(['/api/health', '/', '/admin/'])('sends the security headers on %s and no X-Powered-By', async (path) => {
    const res = await call(stack, 'GET', path);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps CORS closed by default', async () => {
    const simple = await call(stack, 'GET', '/api/health', { headers: { origin: 'https://evil.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call(stack, 'OPTIONS', '/api/incidents', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS for listed origins', () => {
  it('answers a listed origin and only that one', async () => {
    const app = express();
    app.use(cors(['https://ioc.dongxoai.example']));
    app.get('/x', (_req, res) => res.json({ ok: true }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/x`, { headers: { origin: 'https://ioc.dongxoai.example' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://ioc.dongxoai.example');
      const pre = await fetch(`${base}/x`, { method: 'OPTIONS', headers: { origin: 'https://ioc.dongxoai.example', 'access-control-request-method': 'POST' } });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
      const other = await fetch(`${base}/x`, { headers: { origin: 'https://other.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      server.close();
    }
  });

  it('validates CITYOPS_CORS_ORIGINS', () => {
    expect(loadConfig({}).CITYOPS_CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ CITYOPS_CORS_ORIGINS: 'https://a.example, http://127.0.0.1:4200' }).CITYOPS_CORS_ORIGINS).toEqual(['https://a.example', 'http://127.0.0.1:4200']);
    expect(() => loadConfig({ CITYOPS_CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CITYOPS_CORS_ORIGINS/);
    expect(() => loadConfig({ CITYOPS_CORS_ORIGINS: '*' })).toThrow(/CITYOPS_CORS_ORIGINS/);
  });
});
