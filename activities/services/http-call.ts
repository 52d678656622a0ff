import { renderDeep, renderTemplate } from '../../platform/templates';
import { invalidParameter } from './errors';
import { sendHttp, type HttpResult } from './http';
import { httpUrl, optionalText, requiredText, type Params } from './params';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];
const HTTP_TIMEOUT_MS = 15_000;

/**
 * The request body: an object (a FEEL context) is sent as JSON; a string is a template. A string
 * that is JSON already is rendered value by value, so a quote in a variable cannot break it; any
 * other string is rendered as text and sent as JSON if the result parses, else as plain text.
 */
export function renderBody(raw: unknown, variables: Record<string, unknown>): { body: string; contentType: string } | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') return { body: JSON.stringify(renderDeep(raw, variables)), contentType: 'application/json' };
  const parsedTemplate = tryParseJson(raw);
  if (parsedTemplate.ok) return { body: JSON.stringify(renderDeep(parsedTemplate.value, variables)), contentType: 'application/json' };
  const text = renderTemplate(raw, variables);
  return tryParseJson(text).ok ? { body: text, contentType: 'application/json' } : { body: text, contentType: 'text/plain; charset=utf-8' };
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The `http` service task: one request, `Idempotency-Key` = the step execution's key. */
export async function callHttp(fetchImpl: typeof fetch, executionKey: string, params: Params, variables: Record<string, unknown>): Promise<HttpResult> {
  const method = (optionalText(params, 'method') ?? 'GET').toUpperCase() as HttpMethod;
  if (!HTTP_METHODS.includes(method)) throw invalidParameter('method', `"${method}" is not one of ${HTTP_METHODS.join(', ')}`);
  const url = httpUrl(renderTemplate(requiredText(params, 'url'), variables), 'url');
  const body = renderBody(params.body, variables);
  if (body && (method === 'GET' || method === 'HEAD')) throw invalidParameter('body', `a ${method} request has no body`);
  return sendHttp(fetchImpl, {
    method,
    url: url.toString(),
    headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1', 'idempotency-key': executionKey, ...(body ? { 'content-type': body.contentType } : {}) },
    ...(body ? { body: body.body } : {}),
    timeoutMs: HTTP_TIMEOUT_MS,
  });
}
