import type { ErrorRequestHandler } from 'express';
import { type z } from 'zod';
import { createLogger, errorFields } from '../platform/log';
import { SopCompileError } from '../sop/errors';

/** An error the edge turns into an HTTP answer. `details` names the fields or elements at fault. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. `Retry-After` on a 503. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, message, details);
export const unauthorized = (message = 'authentication required') => new HttpError(401, message);
export const forbidden = (message = 'not allowed') => new HttpError(403, message);
export const notFound = (what: string) => new HttpError(404, `${what} not found`);
export const conflict = (message: string, details?: unknown) => new HttpError(409, message, details);
/** Well-formed but refers to something that cannot be used (an SOP that is not deployed, a unit that does not exist). */
export const unprocessable = (message: string, details?: unknown) => new HttpError(422, message, details);
/** A server this request depends on is down; the client may retry after `retryAfterSeconds`. */
export const serviceUnavailable = (message: string, retryAfterSeconds: number) => new HttpError(503, message, undefined, { 'Retry-After': String(retryAfterSeconds) });

/** zod issues → `[{field, message}]` with dotted paths, e.g. `0.observedAt`. */
export function zodDetails(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
}

/** Parses with a schema or throws a 400 naming each field at fault. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(`invalid ${what}`, zodDetails(parsed.error));
  return parsed.data;
}

const log = createLogger('api');

/** Seconds a client is told to wait when the database cannot be reached (a restart takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * The MongoDB driver's (and Mongoose's) errors for a database that cannot be reached right now —
 * refused or dropped connections, no server to select, a cleared pool, commands buffered too long —
 * as opposed to a query the database refused. The driver reconnects by itself once it is back.
 */
const UNREACHABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { name?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.name && UNREACHABLE.has(e.name)) return true;
    if (e.name === 'MongooseError' && /buffering timed out/.test(e.message ?? '')) return true;
  }
  return false;
}

export const errorMiddleware: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (err instanceof HttpError) {
    if (err.headers) res.set(err.headers);
    res.status(err.status).json({ error: err.message, ...(err.details !== undefined ? { details: err.details } : {}) });
    return;
  }
  if (err instanceof SopCompileError) {
    // The one place a compile failure becomes HTTP: every problem, each tied to its BPMN element.
    res.status(422).json({ error: 'SOP does not compile', errors: err.errors });
    return;
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({ error: 'request body is not valid JSON' });
    return;
  }
  if (e.type === 'entity.too.large') {
    const limit = (err as { limit?: number }).limit;
    res.status(413).json({ error: `request body too large${limit ? ` (this route accepts at most ${limit} bytes)` : ''}` });
    return;
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    res.status(e.status).json({ error: e.message ?? 'bad request' });
    return;
  }
  if (isDatabaseUnavailable(err)) {
    // Nothing was acknowledged, so the client may send the same request again (ingest stores a reading once).
    log.warn('database unavailable', { method: req.method, path: req.path, ...errorFields(err) });
    res.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    res.status(503).json({ error: 'database unavailable, try again shortly' });
    return;
  }
  log.error('unhandled error', { method: req.method, path: req.path, ...errorFields(err) });
  res.status(500).json({ error: 'internal error' });
};
