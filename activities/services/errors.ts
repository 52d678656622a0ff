import { ApplicationFailure } from '@temporalio/common';

/**
 * Failure types of service-task activities. The workflow matches BPMN error boundary codes against
 * the failure `type`; HTTP failures use `HTTP_<status>` (see http.ts).
 */
export const ServiceFailure = {
  /** A parameter is missing or has a wrong value. Non-retryable: the SOP must be fixed. */
  InvalidParameter: 'InvalidParameter',
  /** The recipient selector matched no active user. Non-retryable. */
  NoRecipients: 'NoRecipients',
  /** The e-mail channel was asked for but SMTP_URL is not set. Non-retryable. */
  EmailNotConfigured: 'EmailNotConfigured',
  /** set-incident on an incident that does not exist. Non-retryable. */
  IncidentNotFound: 'IncidentNotFound',
  /** set-incident on a resolved or cancelled incident. Non-retryable. */
  IncidentClosed: 'IncidentClosed',
  /** The request never got an answer (refused, reset, DNS, timeout). Retryable. */
  HttpNetwork: 'HTTP_NETWORK',
  /** The answer is larger than a workflow variable may hold. Non-retryable. */
  HttpResponseTooLarge: 'HTTP_RESPONSE_TOO_LARGE',
} as const;

export function invalidParameter(param: string, problem: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`invalid parameter "${param}": ${problem}`, ServiceFailure.InvalidParameter, { param });
}
