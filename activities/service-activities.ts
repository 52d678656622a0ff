import { renderDeep } from '../platform/templates';
import { invalidParameter } from './services/errors';
import { callHttp } from './services/http-call';
import type { Mailer } from './services/mailer';
import { NOTIFY_CHANNELS, sendNotification, type NotifyInput, type NotifyResult } from './services/notify';
import { optionalChoice, choiceList, optionalText, requiredText, type Params } from './services/params';
import { setIncident } from './services/set-incident';

export { createMailer, type Mailer } from './services/mailer';
export { ServiceFailure } from './services/errors';
export type { NotifyInput, NotifyResult } from './services/notify';

export interface ServiceActivityDeps {
  /** Mail transport for the e-mail channel; undefined when SMTP_URL is not set (e-mail then fails with `EmailNotConfigured`). */
  mailer?: Mailer;
  /** Sender of e-mail notifications (SMTP_FROM). */
  mailFrom: string;
  /** HTTP client for http tasks and webhooks. Default: the global fetch. */
  fetch?: typeof fetch;
}

export interface ServiceTaskInput {
  /** Idempotency key, unique per step execution: `${incidentId}:${stepId}:${activation}`. */
  executionKey: string;
  incidentId: string;
  workflowId: string;
  stepId: string;
  serviceType: 'notify' | 'http' | 'set-incident';
  /** FEEL params are already evaluated by the workflow; strings may hold {{path.to.value}} placeholders. */
  params: Record<string, unknown>;
  /** Incident variables, for templates (nested objects: {{incident.title}}, {{verify.level}}, {{ward}}). */
  variables: Record<string, unknown>;
}

export type ServiceTaskResult = { status?: number; body?: unknown; recipients?: string[]; skipped?: string[]; applied?: Record<string, unknown> };

/**
 * Side effects of SOP service tasks and of step notifications (reminders, escalations). Each is
 * safe to retry: writes are keyed by the execution or notification key, and external sends carry
 * it as an idempotency key and are recorded once they succeed.
 *
 * Failures are ApplicationFailures whose `type` BPMN error boundaries match: `InvalidParameter`,
 * `NoRecipients`, `EmailNotConfigured`, `IncidentNotFound`, `IncidentClosed` (non-retryable),
 * `HTTP_<status>` (retryable for 408, 429 and 5xx) and `HTTP_NETWORK` (retryable).
 */
export function createServiceActivities(deps: ServiceActivityDeps) {
  const notifyDeps = { mailer: deps.mailer, mailFrom: deps.mailFrom, fetch: deps.fetch ?? globalThis.fetch };

  return {
    async runServiceTask(input: ServiceTaskInput): Promise<ServiceTaskResult> {
      // Template context: the incident's variables, plus the ids a URL or message may need.
      const variables = { incidentId: input.incidentId, workflowId: input.workflowId, stepId: input.stepId, ...input.variables };
      switch (input.serviceType) {
        case 'notify':
          return sendNotification(notifyDeps, notifyParams(input, variables));
        case 'http':
          return callHttp(notifyDeps.fetch, input.executionKey, input.params, variables);
        case 'set-incident':
          return setIncident(input.executionKey, input.incidentId, renderDeep(input.params, variables) as Params);
        default:
          // Unreachable for a compiled graph; a hand-written call gets a clear failure.
          throw invalidParameter('serviceType', `"${String(input.serviceType)}" is not one of notify, http, set-incident`);
      }
    },

    async notify(input: NotifyInput): Promise<NotifyResult> {
      return sendNotification(notifyDeps, input);
    },
  };
}

export type ServiceActivities = ReturnType<typeof createServiceActivities>;

/** The `notify` service task's parameters as a notification keyed by the step execution. */
function notifyParams(input: ServiceTaskInput, variables: Record<string, unknown>): NotifyInput {
  const p = input.params;
  const recipients = {
    ...optional('unit', optionalText(p, 'recipientUnit')),
    ...optional('role', optionalText(p, 'recipientRole')),
    ...optional('user', optionalText(p, 'recipientUser')),
    ...optional('match', optionalChoice(p, 'recipientMatch', ['members', 'covering'] as const)),
  };
  return {
    key: input.executionKey,
    incidentId: input.incidentId,
    kind: 'notify',
    channels: choiceList(p, 'channel', NOTIFY_CHANNELS, ['in-app']),
    recipients,
    subject: optionalText(p, 'subject') ?? 'CityOps',
    body: requiredText(p, 'body'),
    ...optional('webhookUrl', optionalText(p, 'url')),
    variables,
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
