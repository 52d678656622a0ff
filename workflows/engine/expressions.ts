/**
 * FEEL evaluation for the engine (feelin is pure and deterministic, so it is safe in workflow code).
 * Errors name the element whose expression failed, so the failure points at the BPMN.
 */
import { evaluate } from 'feelin';
import { isoDurationToMs } from '../../sop/duration';
import type { Dynamic, TimerDefinition } from '../../sop/graph';

export class ExpressionError extends Error {
  override name = 'ExpressionError';
  constructor(
    readonly elementId: string,
    message: string,
  ) {
    super(`${elementId}: ${message}`);
  }
}

export function evalFeel(expression: string, context: Record<string, unknown>, elementId: string): unknown {
  try {
    return evaluate(expression, context).value;
  } catch (err) {
    throw new ExpressionError(elementId, `FEEL "${expression}" failed: ${(err as Error).message}`);
  }
}

/** A literal stays as written; `{feel}` is evaluated. */
export function resolveDynamic(value: Dynamic, context: Record<string, unknown>, elementId: string): unknown {
  return typeof value === 'string' ? value : evalFeel(value.feel, context, elementId);
}

export function resolveString(value: Dynamic | undefined, context: Record<string, unknown>, elementId: string): string | undefined {
  if (value === undefined) return undefined;
  const resolved = resolveDynamic(value, context, elementId);
  return resolved === null || resolved === undefined || resolved === '' ? undefined : String(resolved);
}

/** ISO 8601 duration text, or a FEEL duration value (luxon objects expose toMillis). */
export function toDurationMs(value: unknown, elementId: string): number {
  if (typeof value === 'string') {
    try {
      return isoDurationToMs(value.trim());
    } catch {
      throw new ExpressionError(elementId, `"${value}" is not an ISO 8601 duration`);
    }
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000; // FEEL numbers are seconds
  if (value && typeof (value as { toMillis?: unknown }).toMillis === 'function') return (value as { toMillis(): number }).toMillis();
  throw new ExpressionError(elementId, `expected a duration, got ${JSON.stringify(value)}`);
}

function toEpochMs(value: unknown, elementId: string): number {
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  if (value && typeof (value as { toMillis?: unknown }).toMillis === 'function') return (value as { toMillis(): number }).toMillis();
  throw new ExpressionError(elementId, `expected an ISO 8601 date-time, got ${JSON.stringify(value)}`);
}

export interface TimerSchedule {
  dueAt: number;
  intervalMs?: number;
  /** Further firings after the first; -1 repeats until cancelled. */
  remaining?: number;
}

/** When a timer first fires, and how it repeats. */
export function scheduleTimer(def: TimerDefinition, context: Record<string, unknown>, now: number, elementId: string): TimerSchedule {
  const value = resolveDynamic(def.value, context, elementId);
  switch (def.timer) {
    case 'duration':
      return { dueAt: now + toDurationMs(value, elementId) };
    case 'date':
      return { dueAt: toEpochMs(value, elementId) };
    case 'cycle': {
      const match = /^R(\d*)\/(P.+)$/.exec(String(value).trim());
      if (!match) throw new ExpressionError(elementId, `"${String(value)}" is not a cycle such as R3/PT10M`);
      const intervalMs = toDurationMs(match[2], elementId);
      const repetitions = match[1] ? Number(match[1]) : -1;
      if (repetitions === 0) throw new ExpressionError(elementId, 'a cycle must repeat at least once');
      return { dueAt: now + intervalMs, intervalMs, remaining: repetitions < 0 ? -1 : repetitions - 1 };
    }
  }
}
