import { ApplicationFailure } from '@temporalio/common';
import { ServiceFailure } from './errors';

/** Answers larger than this do not fit a workflow variable (Temporal payloads stay under 2 MB). */
const MAX_RESPONSE_CHARS = 1_000_000;
/** Longest back-off honoured from a Retry-After header. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResult {
  status: number;
  body: unknown;
}

/** Statuses worth retrying: the server may answer differently later. */
export const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Sends one request. 2xx → `{status, body}` (body parsed when the answer is JSON); 408, 429 and 5xx
 * → retryable `HTTP_<status>` (honouring Retry-After); other statuses → non-retryable
 * `HTTP_<status>`; no answer at all → retryable `HTTP_NETWORK`.
 */
export async function sendHttp(fetchImpl: typeof fetch, req: HttpRequest): Promise<HttpResult> {
  let res: Response;
  try {
    res = await fetchImpl(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(req.timeoutMs), redirect: 'follow' });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === 'TimeoutError' ? `no answer within ${req.timeoutMs / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw ApplicationFailure.retryable(`${req.method} ${redact(req.url)} failed: ${reason}`, ServiceFailure.HttpNetwork);
  }
  const body = await readBody(res, req);
  if (res.ok) return { status: res.status, body };

  const message = `${req.method} ${redact(req.url)} answered ${res.status} ${res.statusText}`.trim();
  const type = `HTTP_${res.status}`;
  const details = [{ status: res.status, body: snippet(body) }];
  if (!isRetryableStatus(res.status)) throw ApplicationFailure.nonRetryable(message, type, ...details);
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  throw ApplicationFailure.create({ message, type, nonRetryable: false, details, ...(retryAfterMs !== undefined ? { nextRetryDelay: retryAfterMs } : {}) });
}

async function readBody(res: Response, req: HttpRequest): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw ApplicationFailure.retryable(`${req.method} ${redact(req.url)}: reading the answer failed: ${(err as Error).message}`, ServiceFailure.HttpNetwork);
  }
  if (text.length > MAX_RESPONSE_CHARS) {
    throw ApplicationFailure.nonRetryable(`${req.method} ${redact(req.url)} answered ${text.length} characters (limit ${MAX_RESPONSE_CHARS})`, ServiceFailure.HttpResponseTooLarge);
  }
  const type = res.headers.get('content-type') ?? '';
  if (/[/+]json\b/i.test(type) && text.length > 0) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text; // declared JSON but is not: keep the text rather than fail the step
    }
  }
  return text;
}

/** Retry-After in seconds or as an HTTP date, capped; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** The URL without credentials, for messages that land in workflow history. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    return u.toString();
  } catch {
    return url;
  }
}

function snippet(body: unknown): unknown {
  if (typeof body === 'string') return body.length > 2000 ? `${body.slice(0, 2000)}…` : body;
  const json = JSON.stringify(body);
  return json && json.length > 2000 ? `${json.slice(0, 2000)}…` : body;
}
