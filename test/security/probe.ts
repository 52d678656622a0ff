import type { Principal } from '../../api/auth/permissions';
import type { TestStack } from '../support/test-stack';

export const AUDITOR = 'auditor.matrix';
const AUDITOR_PASSWORD = 'auditor-matrix-pass-1';

/** Credentials for each principal of the matrix: demo users, an auditor made here, a source's API key. */
export type Credentials = Record<Principal, Record<string, string>>;

export async function credentialsFor(stack: TestStack): Promise<Credentials> {
  const admin = await stack.login('admin');
  const created = await stack.request('POST', '/api/users', {
    token: admin,
    body: { username: AUDITOR, displayName: 'Kiểm toán viên', roles: ['auditor'], unit: 'dong-xoai', password: AUDITOR_PASSWORD },
  });
  if (created.status !== 201 && created.status !== 200) throw new Error(`auditor: ${created.status} ${JSON.stringify(created.body)}`);
  const key = await stack.request('POST', '/api/sources/air-quality%2Ftan-phu-01/keys', { token: admin, body: {} });
  const apiKey = key.body?.key as string | undefined;
  if (!apiKey) throw new Error(`api key: ${key.status} ${JSON.stringify(key.body)}`);
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  return {
    admin: bearer(admin),
    leader: bearer(await stack.login('leader')),
    operator: bearer(await stack.login('operator.tanphu')),
    auditor: bearer(await stack.login(AUDITOR, AUDITOR_PASSWORD)),
    apiKey: { authorization: `ApiKey ${apiKey}` },
    anonymous: {},
  };
}

/** A new session's credentials for a user principal (others keep theirs), for probes that end the session they use. */
export async function freshCredentials(stack: TestStack, who: keyof Credentials, creds: Credentials): Promise<Record<string, string>> {
  const username = { admin: 'admin', leader: 'leader', operator: 'operator.tanphu', auditor: AUDITOR } as Partial<Record<keyof Credentials, string>>;
  const name = username[who];
  if (!name) return creds[who];
  return { authorization: `Bearer ${await stack.login(name, who === 'auditor' ? AUDITOR_PASSWORD : undefined)}` };
}

/** A registered path with every `:param` filled by a value that names nothing. */
export function concretePath(path: string, fill = 'matrix-probe'): string {
  return path.replace(/:[A-Za-z]+/g, encodeURIComponent(fill));
}

/**
 * One raw request. Streams (the SSE feed) are cut once the status is known. `body` is sent as-is
 * when a string (so tests can send broken JSON), else as JSON.
 */
export async function call(
  stack: TestStack,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: unknown; contentType?: string } = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const abort = new AbortController();
  const hasBody = opts.body !== undefined && method !== 'GET' && method !== 'HEAD';
  const res = await fetch(stack.baseUrl + path, {
    method,
    signal: abort.signal,
    headers: { ...(hasBody ? { 'content-type': opts.contentType ?? 'application/json' } : {}), ...opts.headers },
    ...(hasBody ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    abort.abort();
    return { status: res.status, text: '', headers: res.headers };
  }
  return { status: res.status, text: await res.text(), headers: res.headers };
}
