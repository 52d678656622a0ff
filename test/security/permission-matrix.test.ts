import express from 'express';
import { PERMISSIONS, permissionFor, type Principal } from '../../api/auth/permissions';
import { listRoutes } from '../../api/auth/route-list';
import { TestStack } from '../support/test-stack';
import { call, concretePath, credentialsFor, freshCredentials, type Credentials } from './probe';

const PRINCIPALS: Principal[] = ['admin', 'leader', 'operator', 'auditor', 'apiKey', 'anonymous'];

/**
 * The permission matrix (api/auth/permissions.ts) against the app as built: every registered API
 * route has an entry, and every principal gets what its entry says — refused routes answer
 * 401/403/404 and never 2xx; allowed ones never answer 401/403 (a probe body may well be a 400).
 */
describe('permission matrix', () => {
  let stack: TestStack;
  let creds: Credentials;
  // The UI shells outside /api are static files, open to all by design; /metrics (Prometheus) is the one API route outside.
  const routes = () => listRoutes(stack.app.app).filter((r) => r.path.startsWith('/api') || r.path === '/metrics');

  beforeAll(async () => {
    stack = await TestStack.start('permission_matrix');
    creds = await credentialsFor(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('has an entry for every registered route, and no entry for a route that does not exist', () => {
    const listed = routes();
    expect(listed.length).toBeGreaterThan(80);
    expect(listed.filter((r) => !permissionFor(r.method, r.path)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const registered = new Set(listed.map((r) => `${r.method} ${r.path}`));
    expect(PERMISSIONS.filter((p) => !registered.has(`${p.method} ${p.path}`)).map((p) => `${p.method} ${p.path}`)).toEqual([]);
  });

  it('flags a route added without an entry', () => {
    const probe = express.Router();
    probe.get('/reports/:id', (_req, res) => res.end());
    const app = express();
    app.use('/api', probe);
    expect(listRoutes(app).filter((r) => !permissionFor(r.method, r.path))).toEqual([{ method: 'GET', path: '/api/reports/:id' }]);
  });

  it('opens only health (and its liveness and readiness probes), sign-in and token refresh to anonymous callers', () => {
    // Refreshing takes the refresh token as its credential, so it is open like the sign-in itself.
    const open = ['GET /api/health', 'GET /api/health/live', 'GET /api/health/ready', 'POST /api/auth/login', 'POST /api/auth/refresh'];
    expect(PERMISSIONS.filter((p) => p.allow.anonymous).map((p) => `${p.method} ${p.path}`)).toEqual(open);
    expect(PERMISSIONS.filter((p) => p.allow.apiKey).map((p) => `${p.method} ${p.path}`)).toEqual([...open, 'POST /api/events']);
  });

  it('answers every route for every principal as the matrix says', async () => {
    const wrong: string[] = [];
    for (const route of routes()) {
      const perm = permissionFor(route.method, route.path)!;
      const path = concretePath(route.path);
      for (const who of PRINCIPALS) {
        // Login with an empty body: a 400, never a lockout of a real account.
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        // Logging out ends the session it is called with: probe it with a session of its own.
        const headers = route.path === '/api/auth/logout' ? await freshCredentials(stack, who, creds) : creds[who];
        const { status } = await call(stack, route.method, path, { headers, ...(body ? { body } : {}) });
        const allowed = perm.allow[who] !== undefined;
        const ok = allowed ? status !== 401 && status !== 403 && status < 500 : status === 401 || status === 403 || status === 404;
        if (!ok) wrong.push(`${who} ${route.method} ${path}: ${status} (matrix: ${allowed ? perm.allow[who] : 'refused'})`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('lets an auditor read the audit log and nothing else', async () => {
    expect((await call(stack, 'GET', '/api/audit', { headers: creds.auditor })).status).toBe(200);
    const incidents = await call(stack, 'GET', '/api/incidents', { headers: creds.auditor });
    expect(incidents.status).toBe(403);
    expect(incidents.text).toContain('not open to your role');
  });
});
