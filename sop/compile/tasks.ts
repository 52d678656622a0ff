import type { ModdleElement } from 'bpmn-moddle';
import type { Assignee, CallActivityNode, EscalationLevel, EscalationPolicy, Mapping, MultiInstance, ScriptTaskNode, UserTaskNode } from '../graph';
import { type CompileContext, bodyOf, child, cityopsExtensions, int, str } from './context';
import { dynamic, dynamicDuration, feel, isoDuration, literal, variableName } from './values';

/** The fields every node starts with; flows are linked later. */
export interface NodeBase {
  id: string;
  name?: string;
  outgoing: string[];
  incoming: string[];
  parent?: string;
}

export function userTask(ctx: CompileContext, el: ModdleElement, base: NodeBase): UserTaskNode {
  const id = base.id;
  const assignee: Assignee = {};
  for (const [field, attr] of [
    ['unit', 'assigneeUnit'],
    ['role', 'assigneeRole'],
    ['user', 'assigneeUser'],
  ] as const) {
    const value = dynamic(ctx, id, `cityops:${attr}`, str(el, attr));
    if (value !== undefined) assignee[field] = value;
  }
  if (!str(el, 'assigneeUnit') && !str(el, 'assigneeRole') && !str(el, 'assigneeUser')) {
    ctx.problem(id, 'user task needs an assignee (cityops:assigneeUnit, cityops:assigneeRole or cityops:assigneeUser)');
  }

  const form = userTaskForm(ctx, el, id);
  const sla = dynamicDuration(ctx, id, 'SLA', str(el, 'sla'));
  const hasSla = str(el, 'sla') !== undefined;
  const reminder = isoDuration(ctx, id, 'reminder', literal(ctx, id, 'cityops:reminder', str(el, 'reminder')));
  if (str(el, 'reminder') !== undefined && !hasSla) ctx.problem(id, 'cityops:reminder needs cityops:sla (the reminder is sent before the due time)');
  const escalation = escalationPolicy(ctx, el, id, hasSla);

  return {
    ...base,
    kind: 'userTask',
    assignee,
    ...(form ? { form } : {}),
    ...(sla !== undefined ? { sla } : {}),
    ...(reminder !== undefined ? { reminder } : {}),
    ...(escalation ? { escalation } : {}),
    skippable: el.skippable === true,
  };
}

function userTaskForm(ctx: CompileContext, el: ModdleElement, id: string): UserTaskNode['form'] {
  const key = literal(ctx, id, 'cityops:formKey', str(el, 'formKey'));
  const version = int(el, 'formVersion');
  if (version === 'invalid' || (typeof version === 'number' && version < 1)) {
    ctx.problem(id, 'cityops:formVersion must be a whole number ≥ 1');
    return undefined;
  }
  if (!key) {
    if (version !== undefined && str(el, 'formKey') === undefined) ctx.problem(id, 'cityops:formVersion needs cityops:formKey');
    return undefined;
  }
  const resolved = ctx.options.resolveForm(key, version);
  if (resolved === undefined) {
    ctx.problem(id, `form "${key}"${version ? ` version ${version}` : ''} does not exist`);
    return undefined;
  }
  return { key, version: resolved };
}

function escalationPolicy(ctx: CompileContext, el: ModdleElement, id: string, hasSla: boolean): EscalationPolicy | undefined {
  const all = cityopsExtensions(el, 'Escalation');
  if (all.length === 0) return undefined;
  if (all.length > 1) ctx.problem(id, 'a user task has at most one cityops:escalation');
  if (!hasSla) ctx.problem(id, 'cityops:escalation needs cityops:sla (escalation starts when the step is overdue)');
  const esc = all[0]!;
  const repeat = int(esc, 'repeat') ?? 1;
  if (repeat === 'invalid' || repeat < 1) ctx.problem(id, 'escalation repeat must be a whole number ≥ 1');
  const ackTimeout = isoDuration(ctx, id, 'escalation ackTimeout', str(esc, 'ackTimeout'));
  const levelElements = Array.isArray(esc.levels) ? (esc.levels as ModdleElement[]) : [];
  if (levelElements.length === 0) ctx.problem(id, 'cityops:escalation needs at least one <cityops:level>');
  const levels: EscalationLevel[] = levelElements.map((level, i) => {
    const label = `escalation level ${i + 1}`;
    const who: Omit<EscalationLevel, 'after'> = {};
    for (const field of ['unit', 'role', 'user'] as const) {
      const value = literal(ctx, id, `${label} ${field}`, str(level, field));
      if (value !== undefined) who[field] = value;
    }
    if (!str(level, 'unit') && !str(level, 'role') && !str(level, 'user')) ctx.problem(id, `${label} needs a role, unit or user`);
    const after = str(level, 'after');
    if (after === undefined) ctx.problem(id, `${label} needs after (an ISO 8601 duration such as PT10M)`);
    return { ...who, after: isoDuration(ctx, id, `${label} after`, after) ?? '' };
  });
  return { levels, repeat: typeof repeat === 'number' ? repeat : 1, ...(ackTimeout ? { ackTimeout } : {}) };
}

export function scriptTask(ctx: CompileContext, el: ModdleElement, base: NodeBase): ScriptTaskNode | undefined {
  const format = str(el, 'scriptFormat');
  if (format !== undefined && format.toLowerCase() !== 'feel') {
    ctx.problem(base.id, `script format "${format}" is not supported; write a FEEL expression (scriptFormat="feel" or none)`);
  }
  const script = str(el, 'script');
  if (script === undefined) ctx.problem(base.id, 'script task needs a FEEL expression in <bpmn:script>');
  const expression = feel(ctx, base.id, 'script', script);
  const resultVariable = variableName(ctx, base.id, 'cityops:resultVariable', str(el, 'resultVariable'));
  if (expression === undefined) return undefined;
  return { ...base, kind: 'scriptTask', expression, ...(resultVariable ? { resultVariable } : {}) };
}

export function callActivity(ctx: CompileContext, el: ModdleElement, base: NodeBase): CallActivityNode | undefined {
  const id = base.id;
  const calledSop = literal(ctx, id, 'calledElement', str(el, 'calledElement'));
  const version = int(el, 'calledVersion');
  if (version === 'invalid' || (typeof version === 'number' && version < 1)) ctx.problem(id, 'cityops:calledVersion must be a whole number ≥ 1');
  const calledVersion = typeof version === 'number' && version >= 1 ? version : undefined;
  if (str(el, 'calledElement') === undefined) ctx.problem(id, 'call activity needs calledElement (the key of the SOP to run)');
  if (calledSop !== undefined) {
    if (!ctx.options.resolveSop(calledSop)) ctx.problem(id, `SOP "${calledSop}" is not deployed`);
    else if (calledVersion !== undefined && !ctx.options.resolveSop(calledSop, calledVersion)) ctx.problem(id, `SOP "${calledSop}" has no deployed version ${calledVersion}`);
  }
  const inputs = mappings(ctx, el, id, 'Input');
  const outputs = mappings(ctx, el, id, 'Output');
  if (calledSop === undefined) return undefined;
  return { ...base, kind: 'callActivity', calledSop, ...(calledVersion !== undefined ? { calledVersion } : {}), inputs, outputs };
}

function mappings(ctx: CompileContext, el: ModdleElement, id: string, typeName: 'Input' | 'Output'): Mapping[] {
  const tag = `cityops:${typeName.toLowerCase()}`;
  const result: Mapping[] = [];
  for (const m of cityopsExtensions(el, typeName)) {
    const rawSource = str(m, 'source');
    const rawTarget = str(m, 'target');
    if (rawSource === undefined || rawTarget === undefined) {
      ctx.problem(id, `${tag} needs source (FEEL) and target (a variable name)`);
      continue;
    }
    const source = feel(ctx, id, `${tag} source`, rawSource);
    const target = variableName(ctx, id, `${tag} target`, rawTarget);
    if (source !== undefined && target !== undefined) result.push({ source, target });
  }
  return result;
}

/** Multi-instance settings of an activity; the caller checks the activity may carry them. */
export function multiInstance(ctx: CompileContext, lc: ModdleElement, id: string): MultiInstance | undefined {
  const rawCollection = str(lc, 'collection');
  if (rawCollection === undefined) ctx.problem(id, 'multi-instance needs cityops:collection (a FEEL list)');
  const collection = feel(ctx, id, 'cityops:collection', rawCollection);
  const rawElementVariable = str(lc, 'elementVariable');
  if (rawElementVariable === undefined) ctx.problem(id, 'multi-instance needs cityops:elementVariable (the name of each item)');
  const elementVariable = variableName(ctx, id, 'cityops:elementVariable', rawElementVariable);
  const outputCollection = variableName(ctx, id, 'cityops:outputCollection', str(lc, 'outputCollection'));
  const completionCondition = feel(ctx, id, 'completionCondition', bodyOf(child(lc, 'completionCondition')));
  if (collection === undefined || elementVariable === undefined) return undefined;
  return {
    sequential: lc.isSequential === true,
    collection,
    elementVariable,
    ...(outputCollection ? { outputCollection } : {}),
    ...(completionCondition ? { completionCondition } : {}),
  };
}
