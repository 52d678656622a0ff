/**
 * A plain snapshot of the selected BPMN element for the properties panel, read from its moddle
 * business object, and the edits the panel sends back. Kept free of bpmn-js imports.
 */

/** The `cityops:*` (and a few bpmn) attributes the panel edits as text. */
export const TEXT_ATTRS = [
  'cityops:assigneeUnit',
  'cityops:assigneeRole',
  'cityops:assigneeUser',
  'cityops:formKey',
  'cityops:formVersion',
  'cityops:sla',
  'cityops:reminder',
  'cityops:type',
  'cityops:retries',
  'cityops:resultVariable',
  'cityops:calledVersion',
  'calledElement',
  'script',
] as const;
export type TextAttr = (typeof TEXT_ATTRS)[number];

export interface ParamView {
  name: string;
  value: string;
}

export interface ElementView {
  id: string;
  /** The BPMN type, e.g. `bpmn:UserTask`. */
  type: string;
  name: string;
  attrs: Partial<Record<TextAttr, string>>;
  skippable: boolean;
  /** First escalation level (role and delay); the panel edits one level, deeper chains are kept as drawn. */
  escalation: { role: string; after: string };
  params: ParamView[];
  /** Sequence flows: the FEEL condition, whether the source is a gateway that needs one, and whether it is the default. */
  condition: string;
  needsCondition: boolean;
  isDefault: boolean;
  /** Timer events (catch or boundary): which of the three timer forms is set, and its value. */
  timer: { form: TimerForm; value: string } | null;
  /** Multi-instance activities (toggled from the wrench menu): what they iterate over. */
  multiInstance: Record<MultiInstanceField, string> | null;
  /** Message events: the name of the referenced bpmn:Message (what `POST …/messages/:name` delivers). */
  message: string | null;
}

export const MULTI_INSTANCE_FIELDS = ['cityops:collection', 'cityops:elementVariable', 'cityops:outputCollection', 'completionCondition'] as const;
export type MultiInstanceField = (typeof MULTI_INSTANCE_FIELDS)[number];

export const TIMER_FORMS = ['timeDuration', 'timeDate', 'timeCycle'] as const;
export type TimerForm = (typeof TIMER_FORMS)[number];

export type ElementEdit =
  | { kind: 'name'; value: string }
  | { kind: 'attr'; attr: TextAttr; value: string }
  | { kind: 'skippable'; value: boolean }
  | { kind: 'escalation'; role: string; after: string }
  | { kind: 'params'; params: ParamView[] }
  | { kind: 'condition'; value: string }
  | { kind: 'timer'; form: TimerForm; value: string }
  | { kind: 'message'; name: string }
  | { kind: 'multiInstance'; field: MultiInstanceField; value: string };

/** The slice of a moddle element this module reads. */
export interface ModdleLike {
  $type: string;
  id?: string;
  name?: string;
  get(name: string): unknown;
  $instanceOf?(type: string): boolean;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function extensionValues(bo: ModdleLike): ModdleLike[] {
  const ext = bo.get('extensionElements') as ModdleLike | undefined;
  return ((ext?.get('values') as ModdleLike[] | undefined) ?? []).filter(Boolean);
}

/** Reads the panel's view of a business object (`bo`); `sourceOf` gives a sequence flow's source. */
export function readElement(bo: ModdleLike): ElementView {
  const attrs: Partial<Record<TextAttr, string>> = {};
  for (const a of TEXT_ATTRS) {
    const v = safeGet(bo, a);
    if (v !== undefined && v !== null && v !== '') attrs[a] = str(v);
  }
  const values = extensionValues(bo);
  const escalation = values.find((v) => v.$type === 'cityops:Escalation');
  const level = (escalation?.get('levels') as ModdleLike[] | undefined)?.[0];
  const params = values.filter((v) => v.$type === 'cityops:Param').map((p) => ({ name: str(p.get('name')), value: str(p.get('value')) }));
  const source = bo.$type === 'bpmn:SequenceFlow' ? (bo.get('sourceRef') as ModdleLike | undefined) : undefined;
  const condition = bo.$type === 'bpmn:SequenceFlow' ? (bo.get('conditionExpression') as ModdleLike | undefined) : undefined;
  const isGatewaySource = source?.$type === 'bpmn:ExclusiveGateway' || source?.$type === 'bpmn:InclusiveGateway';
  const isDefault = !!source && source.get('default') === bo;
  const definition = eventDefinition(bo);
  let timer: ElementView['timer'] = null;
  if (definition?.$type === 'bpmn:TimerEventDefinition') {
    const form = TIMER_FORMS.find((f) => definition.get(f)) ?? 'timeDuration';
    timer = { form, value: str((definition.get(form) as ModdleLike | undefined)?.get('body')) };
  }
  const loop = safeGet(bo, 'loopCharacteristics') as ModdleLike | undefined;
  const multiInstance =
    loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics'
      ? (Object.fromEntries(
          MULTI_INSTANCE_FIELDS.map((f) => [f, f === 'completionCondition' ? str((loop.get(f) as ModdleLike | undefined)?.get('body')) : str(safeGet(loop, f))]),
        ) as Record<MultiInstanceField, string>)
      : null;
  const message = definition?.$type === 'bpmn:MessageEventDefinition' ? str((definition.get('messageRef') as ModdleLike | undefined)?.name) : null;
  return {
    id: str(bo.id),
    type: bo.$type,
    name: str(bo.name),
    attrs,
    skippable: safeGet(bo, 'cityops:skippable') === true,
    escalation: { role: str(level?.get('role')), after: str(level?.get('after')) },
    params,
    condition: str(condition?.get('body')),
    needsCondition: isGatewaySource && !isDefault,
    isDefault,
    timer,
    message,
    multiInstance,
  };
}

/** The first event definition of an event (catch, boundary, end), if any. */
export function eventDefinition(bo: ModdleLike): ModdleLike | undefined {
  return (safeGet(bo, 'eventDefinitions') as ModdleLike[] | undefined)?.[0];
}

/** `get` of an attribute the element's type does not define answers undefined (moddle keeps it as an extension attribute). */
function safeGet(bo: ModdleLike, name: string): unknown {
  try {
    return bo.get(name);
  } catch {
    return undefined;
  }
}

/** Which groups the panel shows for a type. */
export function panelGroups(type: string): { assignment: boolean; service: boolean; script: boolean; call: boolean; flow: boolean } {
  return {
    assignment: type === 'bpmn:UserTask',
    service: type === 'bpmn:ServiceTask' || type === 'bpmn:SendTask',
    script: type === 'bpmn:ScriptTask',
    call: type === 'bpmn:CallActivity',
    flow: type === 'bpmn:SequenceFlow',
  };
}
