import type { RequestHandler } from 'express';
import type { Role } from '../../model';
import { forbidden } from '../http-errors';
import { currentUser } from './middleware';

/** Who calls: a signed-in role, a machine sender with a per-source API key, or nobody. */
export type Principal = Role | 'apiKey' | 'anonymous';

/**
 * How far an allowed caller reaches: `city` everything; `unit` the caller's unit subtree (enforced
 * in the service's query); `self` only the caller's own records; `source` only the API key's source.
 */
export type Scope = 'city' | 'unit' | 'self' | 'source';

export interface Permission {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The full path as registered in Express (`/api/tasks/:id/claim`). */
  path: string;
  allow: Partial<Record<Principal, Scope>>;
}

const OPEN = { anonymous: 'city', apiKey: 'city', admin: 'city', leader: 'city', operator: 'city', auditor: 'city' } as const;
const ADMIN = { admin: 'city' } as const;
/** Everyone who works incidents: admins and leaders city-wide, operators within their unit subtree. */
const STAFF_SCOPED = { admin: 'city', leader: 'city', operator: 'unit' } as const;
/** Reference data (SOPs, forms, rules, KPIs, units, sources) every staff member reads city-wide. */
const STAFF_READ = { admin: 'city', leader: 'city', operator: 'city' } as const;
const SUPERVISORS = { admin: 'city', leader: 'city' } as const;
const OWN = { admin: 'self', leader: 'self', operator: 'self' } as const;

const p = (method: Permission['method'], path: string, allow: Permission['allow']): Permission => ({ method, path, allow });

/**
 * The reference: every route of the API × who may call it and with which scope. Routers enforce it
 * themselves (requireRole, scope in queries); `matrixGuard` denies what the table does not list as
 * a second line, and `test/security/permission-matrix.test.ts` walks every registered route against it.
 * Finer rules inside a route stay in the services: a directive (`kind: 'directive'` on POST
 * comments) is for leaders and admins only, an operator releases or completes only a task it may
 * work, and every `unit` scope is applied in the database query.
 */
export const PERMISSIONS: readonly Permission[] = [
  p('GET', '/api/health', OPEN),
  // Load balancer and orchestrator probes: liveness (the process answers) and readiness (send it work).
  p('GET', '/api/health/live', OPEN),
  p('GET', '/api/health/ready', OPEN),
  // Prometheus, outside /api by convention: admins, or the scraper's bearer CITYOPS_METRICS_TOKEN (not a principal: it reaches this route only).
  p('GET', '/metrics', ADMIN),
  p('POST', '/api/auth/login', OPEN),
  // The refresh token is the credential here, like the password at sign-in.
  p('POST', '/api/auth/refresh', OPEN),
  // Ends the caller's own session (with its access token; the UI may also send the refresh token alone).
  p('POST', '/api/auth/logout', { ...OWN, auditor: 'self' }),
  p('POST', '/api/auth/password', { ...OWN, auditor: 'self' }),

  p('POST', '/api/events', { ...STAFF_SCOPED, apiKey: 'source' }),
  p('POST', '/api/events/cap', STAFF_SCOPED),

  p('GET', '/api/sources', STAFF_SCOPED),
  p('GET', '/api/sources/types', STAFF_READ),
  p('GET', '/api/sources/:id', STAFF_SCOPED),
  p('POST', '/api/sources', ADMIN),
  p('PUT', '/api/sources/:id', ADMIN),
  p('DELETE', '/api/sources/:id', ADMIN),
  p('GET', '/api/sources/:id/keys', ADMIN),
  p('POST', '/api/sources/:id/keys', ADMIN),
  p('DELETE', '/api/sources/:id/keys/:keyId', ADMIN),

  p('POST', '/api/incidents', STAFF_SCOPED),
  p('GET', '/api/incidents', STAFF_SCOPED),
  p('GET', '/api/incidents/:id', STAFF_SCOPED),
  p('GET', '/api/incidents/:id/state', STAFF_SCOPED),
  p('POST', '/api/incidents/:id/cancel', SUPERVISORS),
  p('POST', '/api/incidents/:id/severity', SUPERVISORS),
  p('GET', '/api/incidents/:id/comments', STAFF_SCOPED),
  p('POST', '/api/incidents/:id/comments', STAFF_SCOPED),
  p('POST', '/api/incidents/:id/messages/:name', STAFF_SCOPED),
  p('POST', '/api/incidents/:id/steps/:stepId/retry', STAFF_SCOPED),
  p('POST', '/api/incidents/:id/steps/:stepId/skip', STAFF_SCOPED),
  p('GET', '/api/incidents/:id/readings', STAFF_SCOPED),
  p('GET', '/api/incidents/:id/timeline', STAFF_SCOPED),
  p('GET', '/api/incidents/:id/diagram', STAFF_SCOPED),
  p('GET', '/api/incidents/:id/tasks', STAFF_SCOPED),

  p('GET', '/api/tasks', STAFF_SCOPED),
  p('GET', '/api/tasks/:id', STAFF_SCOPED),
  p('GET', '/api/tasks/:id/form', STAFF_SCOPED),
  p('POST', '/api/tasks/:id/claim', STAFF_SCOPED),
  p('POST', '/api/tasks/:id/complete', STAFF_SCOPED),
  p('POST', '/api/tasks/:id/release', STAFF_SCOPED),
  p('POST', '/api/tasks/:id/reassign', SUPERVISORS),
  p('POST', '/api/tasks/:id/skip', STAFF_SCOPED),
  p('POST', '/api/tasks/:id/escalate', SUPERVISORS),

  p('GET', '/api/sops/moddle.json', STAFF_READ),
  p('GET', '/api/sops/designer-options', ADMIN),
  p('GET', '/api/sops', STAFF_READ),
  p('GET', '/api/sops/:key', STAFF_READ),
  p('GET', '/api/sops/:key/versions', STAFF_READ),
  p('GET', '/api/sops/:key/versions/:v', STAFF_READ),
  p('PUT', '/api/sops/:key', ADMIN),
  p('POST', '/api/sops/:key/check', ADMIN),
  p('POST', '/api/sops/:key/deploy', ADMIN),

  p('GET', '/api/rules', STAFF_READ),
  p('POST', '/api/rules/backtest', ADMIN),
  p('GET', '/api/rules/:key', STAFF_READ),
  p('GET', '/api/rules/:key/versions', STAFF_READ),
  p('PUT', '/api/rules/:key', ADMIN),
  p('POST', '/api/rules/:key/enable', ADMIN),
  p('POST', '/api/rules/:key/disable', ADMIN),
  p('DELETE', '/api/rules/:key', ADMIN),
  p('POST', '/api/rules/:key/backtest', ADMIN),

  // Four eyes: admins ask and decide (never on their own request), auditors read.
  p('GET', '/api/changes', { admin: 'city', auditor: 'city' }),
  p('GET', '/api/changes/:id', { admin: 'city', auditor: 'city' }),
  p('POST', '/api/changes/:id/approve', ADMIN),
  p('POST', '/api/changes/:id/reject', ADMIN),
  p('POST', '/api/changes/:id/withdraw', ADMIN),

  p('GET', '/api/forms', STAFF_READ),
  p('GET', '/api/forms/:key', STAFF_READ),
  p('GET', '/api/forms/:key/versions', STAFF_READ),
  p('GET', '/api/forms/:key/versions/:v', STAFF_READ),
  p('POST', '/api/forms/:key/versions', ADMIN),
  p('POST', '/api/forms/:key/preview-validate', STAFF_READ),
  p('GET', '/api/forms/:key/usage', STAFF_READ),

  p('GET', '/api/notifications', OWN),
  p('POST', '/api/notifications/:id/read', OWN),

  p('GET', '/api/kpis', STAFF_READ),
  p('GET', '/api/kpis/:key', STAFF_READ),
  p('GET', '/api/kpis/:key/history', STAFF_READ),
  p('POST', '/api/kpis', ADMIN),
  p('PUT', '/api/kpis/:key', ADMIN),
  p('DELETE', '/api/kpis/:key', ADMIN),
  p('POST', '/api/kpis/:key/values', ADMIN),

  p('GET', '/api/metrics/overview', SUPERVISORS),
  p('GET', '/api/metrics/trends', SUPERVISORS),
  p('GET', '/api/metrics/sla', SUPERVISORS),
  p('GET', '/api/metrics/steps', SUPERVISORS),
  p('GET', '/api/metrics/incidents', SUPERVISORS),

  p('GET', '/api/units', STAFF_READ),
  p('POST', '/api/units', ADMIN),
  p('PUT', '/api/units/:id', ADMIN),
  p('DELETE', '/api/units/:id', ADMIN),

  p('GET', '/api/users/lockouts', ADMIN),
  p('DELETE', '/api/users/lockouts/:key', ADMIN),
  p('GET', '/api/users', ADMIN),
  p('POST', '/api/users', ADMIN),
  p('GET', '/api/users/:username', ADMIN),
  p('PUT', '/api/users/:username', ADMIN),
  p('POST', '/api/users/:username/disable', ADMIN),
  p('POST', '/api/users/:username/enable', ADMIN),
  p('POST', '/api/users/:username/reset-password', ADMIN),

  p('GET', '/api/audit', { admin: 'city', auditor: 'city' }),
  p('GET', '/api/audit/verify', { admin: 'city', auditor: 'city' }),
  p('GET', '/api/live', STAFF_SCOPED),
];

/** `/api/tasks/:id/claim` → a regexp matching one path segment per `:param`. */
function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

const matchers = PERMISSIONS.map((perm) => ({ perm, pattern: patternOf(perm.path) }));

/** The entry for a request, or undefined when no route of the table matches (the API answers 404). */
export function permissionFor(method: string, path: string): Permission | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  return matchers.find(({ perm, pattern }) => perm.method === m && pattern.test(path.replace(/\/+$/, '') || '/'))?.perm;
}

/** Whether a principal may call a route at all (its scope is the service's to enforce). */
export function allowed(perm: Permission, principals: readonly Principal[]): boolean {
  return principals.some((r) => perm.allow[r] !== undefined);
}

/**
 * Second line behind the routers: a signed-in caller whose roles the table does not allow on the
 * matched route gets 403 before any handler runs (e.g. an auditor on anything but the audit log).
 * Unknown routes pass on to the 404.
 */
export function matrixGuard(): RequestHandler {
  return (req, _res, next) => {
    const perm = permissionFor(req.method, req.baseUrl + req.path);
    if (perm && !allowed(perm, currentUser(req).roles)) throw forbidden(`${req.method} ${perm.path} is not open to your role`);
    next();
  };
}
