import { TIMER_FORMS, eventDefinition, type ElementEdit, type ModdleLike, type ParamView } from './element-view';

/*
 * The bpmn-js services the designer uses, typed by the slice it calls, and the edits of the
 * properties panel applied through `modeling` (so each is one undoable command).
 */

export interface DiagramElement {
  id: string;
  type: string;
  businessObject: ModdleLike & { set?(name: string, value: unknown): void };
  parent?: DiagramElement;
  labelTarget?: DiagramElement;
  waypoints?: unknown;
}
export interface Modeling {
  updateProperties(element: DiagramElement, props: Record<string, unknown>): void;
  updateModdleProperties(element: DiagramElement, moddleElement: ModdleLike, props: Record<string, unknown>): void;
}
export interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
}
export interface Moddle {
  create(type: string, attrs?: Record<string, unknown>): ModdleLike & { $parent?: unknown; values?: ModdleLike[] };
}
export interface Overlays {
  add(element: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
export interface Canvas {
  addMarker(element: string, marker: string): void;
  removeMarker(element: string, marker: string): void;
  getRootElement(): DiagramElement;
  zoom(level: 'fit-viewport' | number, center?: 'auto'): number;
}
export interface Selection {
  select(element: DiagramElement): void;
  get(): DiagramElement[];
}

/** Attributes stored as integers by our moddle descriptor. */
const INTEGER_ATTRS = new Set(['cityops:formVersion', 'cityops:retries', 'cityops:calledVersion']);

function attrValue(attr: string, value: string): unknown {
  const v = value.trim();
  if (v === '') return undefined;
  if (INTEGER_ATTRS.has(attr)) {
    const n = Number(v);
    return Number.isInteger(n) ? n : undefined;
  }
  return value;
}

/** Applies one panel edit to `element`. */
export function applyEdit(element: DiagramElement, edit: ElementEdit, modeling: Modeling, moddle: Moddle): void {
  switch (edit.kind) {
    case 'name':
      modeling.updateProperties(element, { name: edit.value || undefined });
      return;
    case 'attr':
      modeling.updateProperties(element, { [edit.attr]: attrValue(edit.attr, edit.value) });
      return;
    case 'skippable':
      modeling.updateProperties(element, { 'cityops:skippable': edit.value || undefined });
      return;
    case 'condition':
      modeling.updateProperties(element, { conditionExpression: edit.value.trim() ? moddle.create('bpmn:FormalExpression', { body: edit.value }) : undefined });
      return;
    case 'escalation':
      replaceExtensions(element, 'cityops:Escalation', escalationOf(element, edit.role, edit.after, moddle), modeling, moddle);
      return;
    case 'params':
      replaceExtensions(element, 'cityops:Param', paramsOf(edit.params, moddle), modeling, moddle);
      return;
    case 'timer': {
      const definition = eventDefinition(element.businessObject);
      if (definition?.$type !== 'bpmn:TimerEventDefinition') return;
      // One timer form at a time: the others are cleared.
      const props: Record<string, unknown> = Object.fromEntries(TIMER_FORMS.map((f) => [f, undefined]));
      props[edit.form] = moddle.create('bpmn:FormalExpression', { body: edit.value });
      modeling.updateModdleProperties(element, definition, props);
      return;
    }
    case 'message':
      setMessage(element, edit.name.trim(), modeling, moddle);
      return;
    case 'multiInstance': {
      const loop = element.businessObject.get('loopCharacteristics') as ModdleLike | undefined;
      if (loop?.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return;
      const value = edit.value.trim() ? (edit.field === 'completionCondition' ? moddle.create('bpmn:FormalExpression', { body: edit.value }) : edit.value) : undefined;
      modeling.updateModdleProperties(element, loop, { [edit.field]: value });
      return;
    }
  }
}

/**
 * Points a message event at the bpmn:Message of that name, creating it among the definitions'
 * root elements when the document has none yet.
 */
function setMessage(element: DiagramElement, name: string, modeling: Modeling, moddle: Moddle): void {
  const definition = eventDefinition(element.businessObject);
  if (definition?.$type !== 'bpmn:MessageEventDefinition') return;
  if (!name) {
    modeling.updateModdleProperties(element, definition, { messageRef: undefined });
    return;
  }
  let definitions: (ModdleLike & { $parent?: unknown }) | undefined = element.businessObject;
  while (definitions && definitions.$type !== 'bpmn:Definitions') definitions = definitions.$parent as typeof definitions;
  if (!definitions) return;
  const roots = definitions.get('rootElements') as (ModdleLike & { $parent?: unknown })[];
  let message = roots.find((r) => r.$type === 'bpmn:Message' && r.name === name);
  if (!message) {
    message = moddle.create('bpmn:Message', { id: `Message_${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`, name });
    message.$parent = definitions;
    roots.push(message);
  }
  modeling.updateModdleProperties(element, definition, { messageRef: message });
}

/** The escalation with its first level set to role/after, keeping repeat, ackTimeout and deeper levels as drawn. */
function escalationOf(element: DiagramElement, role: string, after: string, moddle: Moddle): ModdleLike[] {
  const values = (element.businessObject.get('extensionElements') as ModdleLike | undefined)?.get('values') as ModdleLike[] | undefined;
  const old = values?.find((v) => v.$type === 'cityops:Escalation');
  const deeper = ((old?.get('levels') as ModdleLike[] | undefined) ?? []).slice(1);
  if (!role.trim() && !after.trim() && !deeper.length) return [];
  const first = moddle.create('cityops:Level', { role: role.trim() || undefined, after: after.trim() || undefined });
  const escalation = moddle.create('cityops:Escalation', {
    repeat: old?.get('repeat') ?? undefined,
    ackTimeout: old?.get('ackTimeout') ?? undefined,
    levels: [first, ...deeper],
  });
  for (const level of [first, ...deeper] as (ModdleLike & { $parent?: unknown })[]) level.$parent = escalation;
  return [escalation];
}

function paramsOf(params: readonly ParamView[], moddle: Moddle): ModdleLike[] {
  return params.filter((p) => p.name.trim()).map((p) => moddle.create('cityops:Param', { name: p.name.trim(), value: p.value }));
}

/** Swaps the extension elements of one type for `replacement`, keeping every other extension element. */
function replaceExtensions(element: DiagramElement, type: string, replacement: ModdleLike[], modeling: Modeling, moddle: Moddle): void {
  const bo = element.businessObject;
  const old = bo.get('extensionElements') as ModdleLike | undefined;
  const others = ((old?.get('values') as ModdleLike[] | undefined) ?? []).filter((v) => v.$type !== type);
  const values = [...others, ...replacement];
  if (!values.length) {
    modeling.updateProperties(element, { extensionElements: undefined });
    return;
  }
  const ext = moddle.create('bpmn:ExtensionElements', { values });
  for (const v of values as (ModdleLike & { $parent?: unknown })[]) v.$parent = ext;
  ext.$parent = bo;
  modeling.updateProperties(element, { extensionElements: ext });
}
