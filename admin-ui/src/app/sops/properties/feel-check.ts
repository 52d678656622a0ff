import { parseExpression } from 'feelin';

/** What is wrong with a typed value, for the panel to say next to the field (dictionary key + params). */
export interface FieldIssue {
  key: string;
  params?: Readonly<Record<string, string | number>>;
}

/** Whether a value is FEEL: Camunda's convention, a leading `=` (otherwise it is a literal). */
export function isFeel(value: string): boolean {
  return value.trim().startsWith('=');
}

/**
 * The syntax error of a FEEL expression (with or without its leading `=`), or undefined when it parses.
 * The same parser the compiler uses at deploy (sop/feel.ts), so the panel says what the deploy would.
 */
export function feelIssue(expression: string): FieldIssue | undefined {
  const body = isFeel(expression) ? expression.trim().slice(1).trim() : expression.trim();
  if (!body) return { key: 'sops.check.feelEmpty' };
  let errorAt: number | undefined;
  try {
    parseExpression(body, {}, undefined).iterate({
      enter(node) {
        if (node.type.isError && errorAt === undefined) errorAt = node.from;
      },
    });
  } catch (err) {
    return { key: 'sops.check.feelParser', params: { message: (err as Error).message } };
  }
  return errorAt === undefined ? undefined : { key: 'sops.check.feelAt', params: { at: errorAt + 1 } };
}

/** ISO 8601 duration as the compiler reads it (sop/duration.ts), e.g. PT15M, P1DT2H. */
const ISO_DURATION = /^P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;

/** A duration field (SLA, reminder, escalation delay): empty, an ISO duration, or FEEL. */
export function durationIssue(value: string): FieldIssue | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (isFeel(v)) return feelIssue(v);
  return ISO_DURATION.test(v) ? undefined : { key: 'sops.check.duration' };
}

/** A field that is FEEL when it starts with `=` and a literal otherwise (assignees, parameters). */
export function literalOrFeelIssue(value: string): FieldIssue | undefined {
  return isFeel(value) ? feelIssue(value) : undefined;
}

/** A timer's value in its form: a duration, a date-time with offset, or `R<n>/<duration>`; or FEEL. */
export function timerIssue(form: 'timeDuration' | 'timeDate' | 'timeCycle', value: string): FieldIssue | undefined {
  const v = value.trim();
  if (!v) return { key: 'sops.check.timerEmpty' };
  if (isFeel(v)) return feelIssue(v);
  if (form === 'timeDuration') return durationIssue(v);
  if (form === 'timeDate') return /\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)) ? undefined : { key: 'sops.check.timeDate' };
  const cycle = /^R\d*\/(P.+)$/.exec(v);
  return cycle && !durationIssue(cycle[1]!) ? undefined : { key: 'sops.check.timeCycle' };
}
