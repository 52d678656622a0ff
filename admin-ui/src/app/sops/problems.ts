/** A problem the compiler found (the check or a 422 deploy), attached to a BPMN element id. */
export interface SopProblem {
  elementId: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface PlacedProblems {
  /** Problems of elements drawn on the diagram, by element id (overlays and markers). */
  onDiagram: ReadonlyMap<string, readonly SopProblem[]>;
  /** Problems of the process, the definitions, or an element not on the diagram: shown in the list only. */
  general: readonly SopProblem[];
}

/** The check endpoint's answer as one list, errors first. */
export function toProblems(result: { errors?: readonly { elementId: string; message: string }[]; warnings?: readonly { elementId: string; message: string }[] }): SopProblem[] {
  return [
    ...(result.errors ?? []).map((p) => ({ elementId: p.elementId, message: p.message, severity: 'error' as const })),
    ...(result.warnings ?? []).map((p) => ({ elementId: p.elementId, message: p.message, severity: 'warning' as const })),
  ];
}

/** Splits problems into those drawn on an element (`isDrawn(id)`: a shape or connection, not the root) and the rest. */
export function placeProblems(problems: readonly SopProblem[], isDrawn: (elementId: string) => boolean): PlacedProblems {
  const onDiagram = new Map<string, SopProblem[]>();
  const general: SopProblem[] = [];
  for (const p of problems) {
    if (!isDrawn(p.elementId)) {
      general.push(p);
      continue;
    }
    const list = onDiagram.get(p.elementId) ?? [];
    list.push(p);
    onDiagram.set(p.elementId, list);
  }
  return { onDiagram, general };
}

/** The worst severity of an element's problems, for its marker class. */
export function worstSeverity(problems: readonly SopProblem[]): 'error' | 'warning' {
  return problems.some((p) => p.severity === 'error') ? 'error' : 'warning';
}
