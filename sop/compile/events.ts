import type { ModdleElement } from 'bpmn-moddle';
import type { BoundaryEventNode, EndEventNode, EventTrigger, IntermediateCatchEventNode, StartEventNode, TimerDefinition } from '../graph';
import { type CompileContext, child, children, idOf, shortType, str, bodyOf } from './context';
import { literal, timerDefinition } from './values';
import type { NodeBase } from './tasks';

/** Event definitions the engine does not run, with what to draw instead. */
const UNSUPPORTED_DEFINITIONS: Record<string, string> = {
  'bpmn:SignalEventDefinition': 'signals are not supported; use a message event',
  'bpmn:EscalationEventDefinition': 'escalation events are not supported; use an error end event with an error boundary, or cityops:escalation on a user task for SLA escalations',
  'bpmn:CompensateEventDefinition': 'compensation is not supported; draw the undo steps after an error boundary',
  'bpmn:ConditionalEventDefinition': 'conditional events are not supported; use an exclusive gateway, or an event-based gateway with a timer to poll',
  'bpmn:LinkEventDefinition': 'link events are not supported; connect the steps with a sequence flow',
  'bpmn:CancelEventDefinition': 'cancel events are not supported (transactions are not); use an error end event with an error boundary',
  'bpmn:TerminateEventDefinition': 'terminate is only valid on an end event',
};

type TriggerKind = EventTrigger['trigger'];

function definitionName(def: ModdleElement): string {
  return shortType(def).replace(/EventDefinition$/, '');
}

/** The single trigger of a catch event, restricted to `allowed`. */
function trigger(ctx: CompileContext, el: ModdleElement, id: string, allowed: TriggerKind[]): EventTrigger | undefined {
  const defs = children(el, 'eventDefinitions');
  const what = allowed.join(', ').replace(/, ([^,]*)$/, ' or $1');
  if (defs.length === 0) {
    ctx.problem(id, `${shortType(el)} needs a ${what} event definition`);
    return undefined;
  }
  if (defs.length > 1) {
    ctx.problem(id, `${shortType(el)} has ${defs.length} event definitions (multiple event); use one ${what} definition`);
    return undefined;
  }
  const def = defs[0]!;
  switch (def.$type) {
    case 'bpmn:TimerEventDefinition':
      if (allowed.includes('timer')) return timerTrigger(ctx, def, id);
      break;
    case 'bpmn:MessageEventDefinition':
      if (allowed.includes('message')) return messageTrigger(ctx, def, id);
      break;
    case 'bpmn:ErrorEventDefinition':
      if (allowed.includes('error')) {
        const errorCode = errorCodeOf(ctx, def, id);
        return errorCode === null ? undefined : { trigger: 'error', ...(errorCode ? { errorCode } : {}) };
      }
      break;
  }
  const hint = UNSUPPORTED_DEFINITIONS[def.$type];
  ctx.problem(id, hint ?? `${definitionName(def)} events are not supported here; use a ${what} event`);
  return undefined;
}

function timerTrigger(ctx: CompileContext, def: ModdleElement, id: string): EventTrigger | undefined {
  const present = (
    [
      ['duration', bodyOf(child(def, 'timeDuration'))],
      ['date', bodyOf(child(def, 'timeDate'))],
      ['cycle', bodyOf(child(def, 'timeCycle'))],
    ] as [TimerDefinition['timer'], string | undefined][]
  ).filter((entry): entry is [TimerDefinition['timer'], string] => entry[1] !== undefined);
  if (present.length !== 1) {
    ctx.problem(id, present.length ? 'timer has several of timeDuration, timeDate and timeCycle; use one' : 'timer needs a timeDuration, timeDate or timeCycle');
    return undefined;
  }
  const [kind, value] = present[0]!;
  const timer = timerDefinition(ctx, id, kind, value);
  return timer && { trigger: 'timer', ...timer };
}

function messageTrigger(ctx: CompileContext, def: ModdleElement, id: string): EventTrigger | undefined {
  const message = child(def, 'messageRef');
  if (!message || message.$type !== 'bpmn:Message') {
    ctx.problem(id, 'message event needs a messageRef to a bpmn:Message');
    return undefined;
  }
  const name = literal(ctx, id, `message name of ${idOf(message) ?? 'the message'}`, str(message, 'name'));
  if (!name) {
    if (str(message, 'name') === undefined) ctx.problem(id, `message ${idOf(message) ?? ''} needs a name (the name messages are correlated by)`);
    return undefined;
  }
  return { trigger: 'message', message: name };
}

/** The error code of an error definition: undefined = any error; null = invalid (a problem was reported). */
function errorCodeOf(ctx: CompileContext, def: ModdleElement, id: string): string | undefined | null {
  const error = child(def, 'errorRef');
  if (!error) return undefined;
  if (error.$type !== 'bpmn:Error') {
    ctx.problem(id, 'errorRef must reference a bpmn:Error');
    return null;
  }
  const code = str(error, 'errorCode');
  if (code === undefined) {
    ctx.problem(id, `error ${idOf(error) ?? ''} needs an errorCode (or remove the errorRef to catch every error)`);
    return null;
  }
  return code;
}

export function startEvent(ctx: CompileContext, el: ModdleElement, base: NodeBase): StartEventNode {
  const defs = children(el, 'eventDefinitions');
  if (defs.length) ctx.problem(base.id, `${definitionName(defs[0]!)} start events are not supported; use a none start event (incidents start the SOP)`);
  return { ...base, kind: 'startEvent' };
}

export function endEvent(ctx: CompileContext, el: ModdleElement, base: NodeBase): EndEventNode {
  const defs = children(el, 'eventDefinitions');
  if (defs.length > 1) ctx.problem(base.id, 'end event has several event definitions; use one');
  const def = defs[0];
  if (!def) return { ...base, kind: 'endEvent', end: 'none' };
  if (def.$type === 'bpmn:TerminateEventDefinition') return { ...base, kind: 'endEvent', end: 'terminate' };
  if (def.$type === 'bpmn:ErrorEventDefinition') {
    const errorCode = errorCodeOf(ctx, def, base.id);
    return { ...base, kind: 'endEvent', end: 'error', ...(errorCode ? { errorCode } : {}) };
  }
  const hint =
    def.$type === 'bpmn:MessageEventDefinition'
      ? 'message end events are not supported; use a send task (cityops:type="notify") before a none end event'
      : (UNSUPPORTED_DEFINITIONS[def.$type] ?? `${definitionName(def)} end events are not supported`);
  ctx.problem(base.id, hint);
  return { ...base, kind: 'endEvent', end: 'none' };
}

export function intermediateCatchEvent(ctx: CompileContext, el: ModdleElement, base: NodeBase): IntermediateCatchEventNode | undefined {
  const t = trigger(ctx, el, base.id, ['timer', 'message']);
  if (!t || t.trigger === 'error') return undefined;
  return { ...base, kind: 'intermediateCatchEvent', trigger: t };
}

/** Host kind and scope are checked once every node exists (see structure.ts). */
export function boundaryEvent(ctx: CompileContext, el: ModdleElement, base: NodeBase): BoundaryEventNode | undefined {
  const host = idOf(child(el, 'attachedToRef'));
  if (!host) {
    ctx.problem(base.id, 'boundary event needs attachedToRef (the activity it is attached to)');
    return undefined;
  }
  const t = trigger(ctx, el, base.id, ['timer', 'message', 'error']);
  if (!t) return undefined;
  let interrupting = el.cancelActivity !== false;
  if (t.trigger === 'error' && !interrupting) {
    ctx.problem(base.id, 'error boundary events are always interrupting; remove cancelActivity="false"');
    interrupting = true;
  }
  return { ...base, kind: 'boundaryEvent', attachedTo: host, interrupting, trigger: t };
}
