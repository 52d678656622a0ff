import { invalidParameter } from './errors';

/** Service-task parameters after FEEL evaluation: strings, numbers, booleans, objects or nothing. */
export type Params = Record<string, unknown>;

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/** A text parameter; numbers and booleans (FEEL results) read as their text. Empty counts as missing. */
export function optionalText(params: Params, name: string): string | undefined {
  const v = params[name];
  if (isBlank(v)) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw invalidParameter(name, `expected text, got ${Array.isArray(v) ? 'a list' : typeof v}`);
}

export function requiredText(params: Params, name: string): string {
  const v = optionalText(params, name);
  if (v === undefined) throw invalidParameter(name, 'required');
  return v;
}

export function optionalChoice<T extends string>(params: Params, name: string, allowed: readonly T[]): T | undefined {
  const v = optionalText(params, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw invalidParameter(name, `"${v}" is not one of ${allowed.join(', ')}`);
  return v as T;
}

/** A comma-separated list parameter (`email, in-app`), each item one of `allowed`. */
export function choiceList<T extends string>(params: Params, name: string, allowed: readonly T[], fallback: T[]): T[] {
  const raw = params[name];
  if (isBlank(raw)) return fallback;
  const items = Array.isArray(raw) ? raw.map((x) => String(x)) : (optionalText(params, name) ?? '').split(',');
  const list = [...new Set(items.map((s) => s.trim()).filter(Boolean))];
  if (list.length === 0) return fallback;
  const wrong = list.filter((s) => !(allowed as readonly string[]).includes(s));
  if (wrong.length) throw invalidParameter(name, `${wrong.map((w) => `"${w}"`).join(', ')} not one of ${allowed.join(', ')}`);
  return list as T[];
}

/** An http(s) URL. */
export function httpUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidParameter(name, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidParameter(name, `"${value}" is not an http(s) URL`);
  return url;
}
