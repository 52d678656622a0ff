import { parseExpression } from 'feelin';

/** Camunda writes FEEL expressions with a leading `=`; both forms are accepted. */
export function stripFeelPrefix(expression: string): string {
  const trimmed = expression.trim();
  return trimmed.startsWith('=') ? trimmed.slice(1).trim() : trimmed;
}

/** Returns a syntax error message, or undefined when the FEEL expression parses. */
export function feelSyntaxError(expression: string): string | undefined {
  if (!expression.trim()) return 'empty expression';
  let errorAt: number | undefined;
  try {
    parseExpression(expression, {}, undefined).iterate({
      enter(node) {
        if (node.type.isError && errorAt === undefined) errorAt = node.from;
      },
    });
  } catch (err) {
    return `FEEL syntax error: ${(err as Error).message}`;
  }
  return errorAt === undefined ? undefined : `FEEL syntax error at character ${errorAt + 1} of "${expression}"`;
}
