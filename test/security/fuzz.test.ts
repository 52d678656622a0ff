import fc from 'fast-check';
import mongoose from 'mongoose';
import { listRoutes, type RegisteredRoute } from '../../api/auth/route-list';
import { TestStack } from '../support/test-stack';
import { hostileRequest, type HostileRequest } from './hostile-input';
import { call, concretePath } from './probe';

/** Collections only the API writes (background loops also touch outbox, live_changes, alert_states). */
const WATCHED = [
  'audit',
  'users',
  'units',
  'sources',
  'source_keys',
  'rules',
  'rule_versions',
  'sop_drafts',
  'sop_versions',
  'sops',
  'forms',
  'incidents',
  'tasks',
  'task_claims',
  'comments',
  'kpis',
  'kpi_values',
  'events',
  'notifications',
  'cap_routes',
];
const RUNS_PER_ROUTE = 8;
const SEED = Number(process.env.CITYOPS_FUZZ_SEED ?? Date.now() % 2 ** 31);

async function counts(): Promise<Record<string, number>> {
  const db = mongoose.connection.db!;
  const out: Record<string, number> = {};
  for (const name of WATCHED) out[name] = await db.collection(name).countDocuments({});
  return out;
}

/**
 * Property-based fuzzing of every API route (from the same walk as the permission matrix), signed in
 * as admin and anonymous: hostile path parameters, query strings, JSON bodies (wrong types, `$`- and
 * dotted keys, `__proto__`, deep nesting, huge strings), broken JSON and wrong content types. Never
 * a 5xx, the server keeps answering, nothing is written when a request is refused, and no
 * prototype is polluted. Seed: CITYOPS_FUZZ_SEED (logged) to replay a run.
 */
describe('fuzzing every route with hostile input', () => {
  let stack: TestStack;
  let routes: RegisteredRoute[];
  let adminToken: string;
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    stack = await TestStack.start('fuzz');
    adminToken = await stack.login('admin');
    // Login is fuzzed without a real username, so no demo account is locked out; streams are cut by `call`.
    routes = listRoutes(stack.app.app).filter((r) => r.path.startsWith('/api') || r.path === '/metrics');
    process.stdout.write(`[fuzz] seed ${SEED} (CITYOPS_FUZZ_SEED to replay), ${routes.length} routes × ${RUNS_PER_ROUTE} runs × 2 callers\n`);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const send = (route: RegisteredRoute, req: HostileRequest, token?: string) => {
    const qs = new URLSearchParams(req.query).toString();
    const path = concretePath(route.path, req.param) + (qs ? `?${qs}` : '');
    const headers = token ? { authorization: `Bearer ${token}` } : undefined;
    const body = req.body.kind === 'json' ? { body: req.body.value === undefined ? null : req.body.value } : { body: req.body.text, contentType: req.body.contentType };
    return call(stack, route.method, path, { ...(headers ? { headers } : {}), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : body) });
  };

  it('never answers 5xx, keeps serving, and writes nothing on rejection', async () => {
    const failures: string[] = [];
    for (const [i, route] of routes.entries()) {
      for (const who of ['admin', 'anonymous'] as const) {
        // Logging out ends the session it is sent with: fuzz it with a session of its own each time,
        // signed in before the counts are taken (a sign-in writes to the audit log itself).
        const ownSessions = who === 'admin' && route.path === '/api/auth/logout' ? await Promise.all(Array.from({ length: RUNS_PER_ROUTE }, () => stack.login('admin'))) : [];
        const before = await counts();
        let accepted = false;
        await fc
          .assert(
            fc.asyncProperty(hostileRequest, async (req) => {
              const token = who === 'anonymous' ? undefined : route.path === '/api/auth/logout' ? (ownSessions.pop() ?? (await stack.login('admin'))) : adminToken;
              const res = await send(route, req, token);
              if (res.status < 400) accepted = true;
              if (res.status >= 500) throw new Error(`${who} ${route.method} ${route.path}: ${res.status} ${res.text.slice(0, 200)}`);
            }),
            { numRuns: RUNS_PER_ROUTE, seed: SEED + i, endOnFailure: true },
          )
          .catch((e: Error) => failures.push(e.message.split('\n').slice(0, 6).join(' | ')));
        // Only a request that was accepted may have written; refused ones must leave every watched collection as it was.
        if (!accepted) {
          const after = await counts();
          const changed = WATCHED.filter((c) => after[c] !== before[c]).map((c) => `${c} ${before[c]}→${after[c]}`);
          if (changed.length) failures.push(`${who} ${route.method} ${route.path} wrote on rejection: ${changed.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect((await call(stack, 'GET', '/api/health')).status).toBe(200);
    // The admin's session lived through it: the routes after logout were fuzzed signed in, not refused.
    expect((await call(stack, 'GET', '/api/users', { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 240_000);
});
