// Helpers for the compiler's unit tests: small BPMN documents and problem extraction.
import { compileSop, type CompileOptions } from '../compiler';
import { SopCompileError, type CompileProblem } from '../errors';

export const NAMESPACES = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:cityops="https://cityops.dev/schema/bpmn/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"`;

export const testOptions: CompileOptions = {
  resolveForm: (key, version) => (key === 'report' ? (version ?? 4) : undefined),
  resolveSop: (key, version) => key === 'evacuation' && (version === undefined || version <= 2),
};

/** A definitions document with one executable process `p` holding `body`, plus extra root elements. */
export function bpmn(body: string, roots = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NAMESPACES} id="defs" targetNamespace="t">
  <bpmn:process id="p" name="Test SOP" isExecutable="true">${body}</bpmn:process>${roots}
</bpmn:definitions>`;
}

/** Sequence flows `f1…` linking the given ids in order. */
export function chain(...ids: string[]): string {
  return ids
    .slice(1)
    .map((id, i) => `<bpmn:sequenceFlow id="${ids[i]}_${id}" sourceRef="${ids[i]}" targetRef="${id}" />`)
    .join('\n');
}

/** `start → <element id="x"> → end` around one element. */
export function around(element: string, id = 'x'): string {
  return `<bpmn:startEvent id="s" />${element}<bpmn:endEvent id="e" />${chain('s', id, 'e')}`;
}

export async function problemsOf(xml: string, options: CompileOptions = testOptions): Promise<CompileProblem[]> {
  try {
    await compileSop(xml, options);
  } catch (err) {
    if (err instanceof SopCompileError) return err.errors;
    throw err;
  }
  throw new Error('expected a compile error');
}

/** Messages of the problems reported for one element. */
export async function problemsAt(xml: string, elementId: string): Promise<string[]> {
  return (await problemsOf(xml)).filter((p) => p.elementId === elementId).map((p) => p.message);
}
