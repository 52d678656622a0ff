import type { Dynamic, TimerDefinition } from '../graph';
import { isIsoDuration } from '../duration';
import { feelSyntaxError, stripFeelPrefix } from '../feel';
import type { CompileContext } from './context';

/** Variable names the interpreter can store: JavaScript-like identifiers, which are valid FEEL names too. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isVariableName(name: string): boolean {
  return VARIABLE_NAME.test(name);
}

/** Checks an optional variable name attribute; returns it when valid. */
export function variableName(ctx: CompileContext, elementId: string, label: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isVariableName(value)) {
    ctx.problem(elementId, `${label} "${value}" is not a valid variable name (letters, digits and _, not starting with a digit)`);
    return undefined;
  }
  return value;
}

/** True when an attribute value is FEEL by the `=` convention. */
export function isFeel(value: string): boolean {
  return value.trimStart().startsWith('=');
}

/** A FEEL expression written with or without the leading `=`; syntax-checked. */
export function feel(ctx: CompileContext, elementId: string, label: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const expression = stripFeelPrefix(value);
  const syntax = feelSyntaxError(expression);
  if (syntax) {
    ctx.problem(elementId, `${label}: ${syntax}`);
    return undefined;
  }
  return expression;
}

/** `=expr` → `{feel}` (syntax-checked), anything else a literal string. */
export function dynamic(ctx: CompileContext, elementId: string, label: string, value: string | undefined): Dynamic | undefined {
  if (value === undefined) return undefined;
  if (!isFeel(value)) return value;
  const expression = feel(ctx, elementId, label, value);
  return expression === undefined ? undefined : { feel: expression };
}

/** A value that must be written literally (it is fixed at deploy time). */
export function literal(ctx: CompileContext, elementId: string, label: string, value: string | undefined): string | undefined {
  if (value !== undefined && isFeel(value)) {
    ctx.problem(elementId, `${label} must be a literal value, not a FEEL expression`);
    return undefined;
  }
  return value;
}

export function isoDuration(ctx: CompileContext, elementId: string, label: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDuration(value)) {
    ctx.problem(elementId, `${label} "${value}" is not an ISO 8601 duration such as PT30M`);
    return undefined;
  }
  return value;
}

/** A duration that may also be FEEL (`=expr`) computed when the step runs. */
export function dynamicDuration(ctx: CompileContext, elementId: string, label: string, value: string | undefined): Dynamic | undefined {
  if (value === undefined) return undefined;
  if (isFeel(value)) return dynamic(ctx, elementId, label, value);
  return isoDuration(ctx, elementId, label, value);
}

/** Date-times need an offset: a worker's local time zone must not decide when a timer fires. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ISO_CYCLE = /^R(\d*)\/(.+)$/;

export function timerDefinition(ctx: CompileContext, elementId: string, kind: TimerDefinition['timer'], value: string): TimerDefinition | undefined {
  if (isFeel(value)) {
    const expression = dynamic(ctx, elementId, `timer ${kind}`, value);
    return expression === undefined ? undefined : { timer: kind, value: expression };
  }
  if (kind === 'duration') {
    return isoDuration(ctx, elementId, 'timer duration', value) === undefined ? undefined : { timer: kind, value };
  }
  if (kind === 'date') {
    if (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
      ctx.problem(elementId, `timer date "${value}" is not an ISO 8601 date-time with a time zone, such as 2026-11-25T13:00:00+07:00`);
      return undefined;
    }
    return { timer: kind, value };
  }
  const cycle = ISO_CYCLE.exec(value);
  if (!cycle || cycle[1] === '0' || !isIsoDuration(cycle[2]!)) {
    ctx.problem(elementId, `timer cycle "${value}" must be R<n>/<duration> or R/<duration>, such as R3/PT10M`);
    return undefined;
  }
  return { timer: kind, value };
}
