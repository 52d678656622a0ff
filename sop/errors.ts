/** One problem found while compiling a BPMN document, attached to the element at fault. */
export interface CompileProblem {
  elementId: string;
  message: string;
}

/** Thrown when a BPMN document cannot be deployed; carries every problem found, not just the first. */
export class SopCompileError extends Error {
  override name = 'SopCompileError';
  constructor(readonly errors: CompileProblem[]) {
    super(`SOP does not compile: ${errors.map((e) => `${e.elementId}: ${e.message}`).join('; ')}`);
  }
}
