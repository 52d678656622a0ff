import type { ModdleElement } from 'bpmn-moddle';
import { type Dynamic, SERVICE_TYPES, type ServiceTaskNode, type ServiceType } from '../graph';
import { type CompileContext, cityopsExtensions, int, str } from './context';
import { dynamic, variableName } from './values';
import type { NodeBase } from './tasks';

/** Parameter names each service type accepts (see README, "Service tasks"). */
const PARAMS: Record<ServiceType, readonly string[]> = {
  notify: ['channel', 'body', 'subject', 'recipientUnit', 'recipientRole', 'recipientUser', 'recipientMatch', 'url'],
  http: ['url', 'method', 'body'],
  'set-incident': ['severity', 'title', 'status', 'fields'],
};
const CHANNELS = ['in-app', 'email', 'webhook'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const SEVERITIES = ['info', 'warning', 'critical'];
const DEFAULT_MAX_ATTEMPTS = 5;

type Params = Record<string, Dynamic>;

/** Service and send tasks: a typed side effect. Send tasks are notifications unless typed otherwise. */
export function serviceTask(ctx: CompileContext, el: ModdleElement, base: NodeBase): ServiceTaskNode | undefined {
  const id = base.id;
  const type = str(el, 'type') ?? (el.$type === 'bpmn:SendTask' ? 'notify' : undefined);
  if (type === undefined) {
    ctx.problem(id, `service task needs cityops:type (${SERVICE_TYPES.join(', ')})`);
    return undefined;
  }
  if (!(SERVICE_TYPES as readonly string[]).includes(type)) {
    ctx.problem(id, `cityops:type "${type}" is not one of ${SERVICE_TYPES.join(', ')}`);
    return undefined;
  }
  const serviceType = type as ServiceType;
  const retries = int(el, 'retries');
  if (retries === 'invalid' || (typeof retries === 'number' && retries < 1)) ctx.problem(id, 'cityops:retries must be a whole number ≥ 1');
  const resultVariable = variableName(ctx, id, 'cityops:resultVariable', str(el, 'resultVariable'));
  const params = readParams(ctx, el, id, serviceType);
  if (!params) return undefined;
  VALIDATORS[serviceType](ctx, id, params);
  return {
    ...base,
    kind: 'serviceTask',
    serviceType,
    params,
    ...(resultVariable ? { resultVariable } : {}),
    maxAttempts: typeof retries === 'number' && retries >= 1 ? retries : DEFAULT_MAX_ATTEMPTS,
  };
}

function readParams(ctx: CompileContext, el: ModdleElement, id: string, type: ServiceType): Params | undefined {
  const params: Params = {};
  let ok = true;
  for (const param of cityopsExtensions(el, 'Param')) {
    const name = str(param, 'name');
    if (name === undefined) {
      ctx.problem(id, 'cityops:param needs a name');
      ok = false;
      continue;
    }
    if (!PARAMS[type].includes(name)) {
      ctx.problem(id, `unknown parameter "${name}" for a ${type} task (allowed: ${PARAMS[type].join(', ')})`);
      ok = false;
      continue;
    }
    if (name in params) {
      ctx.problem(id, `parameter "${name}" is given twice`);
      ok = false;
      continue;
    }
    const raw = str(param, 'value');
    if (raw === undefined) {
      ctx.problem(id, `parameter "${name}" needs a value`);
      ok = false;
      continue;
    }
    const value = dynamic(ctx, id, `parameter "${name}"`, raw);
    if (value === undefined) ok = false;
    else params[name] = value;
  }
  return ok ? params : undefined;
}

/** A literal comma list, or undefined when the value is FEEL (checked when the step runs). */
function literalList(value: Dynamic | undefined): string[] | undefined {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

function checkUrl(ctx: CompileContext, id: string, url: Dynamic | undefined): void {
  if (typeof url === 'string' && !/^https?:\/\/\S+$/i.test(url)) ctx.problem(id, `parameter "url" must be an http(s) URL, got "${url}"`);
}

const VALIDATORS: Record<ServiceType, (ctx: CompileContext, id: string, params: Params) => void> = {
  notify(ctx, id, params) {
    if (params.body === undefined) ctx.problem(id, 'notify task needs a "body" parameter');
    params.channel ??= 'in-app';
    const channels = literalList(params.channel);
    if (channels) {
      const unknown = channels.filter((c) => !CHANNELS.includes(c));
      if (unknown.length || channels.length === 0) {
        ctx.problem(id, `parameter "channel" must be a comma list of ${CHANNELS.join(', ')}; got "${params.channel as string}"`);
        return;
      }
      params.channel = [...new Set(channels)].join(',');
      const hasRecipient = params.recipientUnit !== undefined || params.recipientRole !== undefined || params.recipientUser !== undefined;
      if ((channels.includes('in-app') || channels.includes('email')) && !hasRecipient) {
        ctx.problem(id, 'in-app and email notifications need recipientUnit, recipientRole or recipientUser');
      }
      if (channels.includes('webhook') && params.url === undefined) ctx.problem(id, 'webhook notifications need a "url" parameter');
    }
    checkUrl(ctx, id, params.url);
  },
  http(ctx, id, params) {
    if (params.url === undefined) ctx.problem(id, 'http task needs a "url" parameter');
    checkUrl(ctx, id, params.url);
    params.method ??= 'GET';
    if (typeof params.method === 'string') {
      const method = params.method.toUpperCase();
      if (!METHODS.includes(method)) ctx.problem(id, `parameter "method" must be one of ${METHODS.join(', ')}; got "${params.method}"`);
      else params.method = method;
    }
  },
  'set-incident'(ctx, id, params) {
    if (Object.keys(params).length === 0) ctx.problem(id, 'set-incident task needs at least one of the parameters severity, title, status, fields');
    if (typeof params.severity === 'string' && !SEVERITIES.includes(params.severity)) {
      ctx.problem(id, `parameter "severity" must be one of ${SEVERITIES.join(', ')}; got "${params.severity}"`);
    }
    if (typeof params.fields === 'string') ctx.problem(id, 'parameter "fields" must be a FEEL context, such as ={ward: "tan-phu"}');
  },
};
