import type { ModdleElement } from 'bpmn-moddle';
import type { CompileProblem } from '../errors';

export interface CompileOptions {
  /**
   * Resolves a user task's form to a concrete deployed version (the latest when none is given), or
   * undefined when no such form exists. Pinning at deploy time keeps running incidents on the form they started with.
   */
  resolveForm: (key: string, version?: number) => number | undefined;
  /**
   * Whether a call activity's SOP is deployed: any version when `version` is absent, else that exact version.
   * The called version is not pinned: without `cityops:calledVersion` the child runs the latest version at call time.
   */
  resolveSop: (key: string, version?: number) => boolean;
}

/** Problems and warnings collected during one compilation, plus the caller's resolvers. */
export class CompileContext {
  readonly problems: CompileProblem[] = [];
  readonly warnings: CompileProblem[] = [];
  constructor(readonly options: CompileOptions) {}

  problem(elementId: string, message: string): void {
    this.problems.push({ elementId, message });
  }

  warn(elementId: string, message: string): void {
    this.warnings.push({ elementId, message });
  }

  hasProblem(elementId: string): boolean {
    return this.problems.some((p) => p.elementId === elementId);
  }
}

export const BPMN_URI = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
export const CITYOPS_URI = 'https://cityops.dev/schema/bpmn/1.0';

// Guarded readers: moddle elements of a foreign or broken document may hold anything.

export function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

export function idOf(el: ModdleElement | undefined): string | undefined {
  const id = el?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/** A string property, trimmed; undefined when absent or blank. */
export function str(el: ModdleElement | undefined, prop: string): string | undefined {
  const value = el?.[prop];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function child(el: ModdleElement | undefined, prop: string): ModdleElement | undefined {
  const value = el?.[prop];
  return isElement(value) ? value : undefined;
}

export function children(el: ModdleElement | undefined, prop: string): ModdleElement[] {
  const value = el?.[prop];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** An Integer attribute: undefined when absent, 'invalid' when moddle could not read it as a whole number. */
export function int(el: ModdleElement | undefined, prop: string): number | 'invalid' | undefined {
  const value = el?.[prop];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isInteger(value) ? value : 'invalid';
}

/** Text body of a formal expression (`<bpmn:conditionExpression>`, `<bpmn:timeDuration>`…). */
export function bodyOf(el: ModdleElement | undefined): string | undefined {
  return str(el, 'body');
}

/** Extension elements of our namespace with the given local type name (`Param`, `Escalation`…). */
export function cityopsExtensions(el: ModdleElement, typeName: string): ModdleElement[] {
  return children(child(el, 'extensionElements'), 'values').filter((v) => v.$type === `cityops:${typeName}`);
}

/** `bpmn:UserTask` → `userTask`, for messages in the words of the modeler. */
export function shortType(el: ModdleElement | undefined): string {
  const type = el?.$type ?? 'element';
  const local = type.includes(':') ? type.slice(type.indexOf(':') + 1) : type;
  return local.charAt(0).toLowerCase() + local.slice(1);
}
