import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { Delivery, NOTIFICATION_KINDS, Notification, audit, notificationId } from '../../model';
import { renderTemplate } from '../../platform/templates';
import { ServiceFailure, invalidParameter } from './errors';
import { sendHttp } from './http';
import type { Mailer } from './mailer';
import { httpUrl } from './params';
import { isEmptySelector, resolveRecipients, type Recipient, type RecipientSelector } from './recipients';

export const NOTIFY_CHANNELS = ['in-app', 'email', 'webhook'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];
const WEBHOOK_TIMEOUT_MS = 10_000;

const notifyInputSchema = z.object({
  key: z.string().min(1).max(400),
  incidentId: z.string().min(1),
  taskId: z.string().min(1).optional(),
  kind: z.enum(NOTIFICATION_KINDS),
  channels: z.array(z.enum(NOTIFY_CHANNELS)).min(1),
  recipients: z
    .object({ unit: z.string().min(1).optional(), role: z.string().min(1).optional(), user: z.string().min(1).optional(), match: z.enum(['members', 'covering']).optional() })
    .strict(),
  subject: z.string().min(1).max(500),
  body: z.string().min(1).max(100_000),
  webhookUrl: z.string().min(1).optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
});

export type NotifyInput = z.input<typeof notifyInputSchema>;

export interface NotifyResult {
  /** Usernames the notification was addressed to, sorted. */
  recipients: string[];
  /** Of those, the ones e-mail could not reach: no address, or the mail server refused it for good. */
  skipped?: string[];
}

export interface NotifyDeps {
  mailer?: Mailer;
  mailFrom: string;
  fetch: typeof fetch;
}

/**
 * Sends one notification over its channels. Safe to retry: in-app notifications are upserted by
 * `${key}:${username}`, and each e-mail and webhook call is recorded in `deliveries` after it
 * succeeds, so a retry sends only what did not go out yet.
 */
export async function sendNotification(deps: NotifyDeps, raw: NotifyInput): Promise<NotifyResult> {
  const parsed = notifyInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidParameter(issue.path.join('.') || 'input', issue.message);
  }
  const input = parsed.data;
  const channels = [...new Set(input.channels)];
  if (channels.includes('email') && !deps.mailer) {
    throw ApplicationFailure.nonRetryable('the e-mail channel is not configured: set SMTP_URL', ServiceFailure.EmailNotConfigured);
  }
  if (channels.includes('webhook') && !input.webhookUrl) throw invalidParameter('webhookUrl', 'required for the webhook channel');

  const variables = { incidentId: input.incidentId, ...(input.taskId ? { taskId: input.taskId } : {}), ...input.variables };
  const subject = renderTemplate(input.subject, variables);
  const body = renderTemplate(input.body, variables);
  const webhookUrl = input.webhookUrl ? httpUrl(renderTemplate(input.webhookUrl, variables), 'webhookUrl').toString() : undefined;

  // A webhook alone may go to a system rather than to people; every other channel needs someone.
  const people = channels.every((c) => c === 'webhook') && isEmptySelector(input.recipients) ? [] : await resolveRecipients(input.recipients);
  const usernames = people.map((p) => p.username);
  const message = { ...input, subject, body };

  let skipped: string[] = [];
  if (channels.includes('in-app')) await writeInApp(message, people);
  if (channels.includes('email')) skipped = await sendEmails(deps.mailer!, deps.mailFrom, message, people);
  if (channels.includes('webhook')) await postWebhook(deps.fetch, webhookUrl!, { ...message, recipients: usernames });

  await audit({
    key: `notify:${input.key}`,
    actor: 'system',
    action: 'notification.sent',
    entity: 'incident',
    entityId: input.incidentId,
    after: {
      key: input.key,
      kind: input.kind,
      ...(input.taskId ? { taskId: input.taskId } : {}),
      channels,
      subject,
      recipients: usernames,
      ...(skipped.length ? { skipped } : {}),
    },
  });
  return { recipients: usernames, ...(skipped.length ? { skipped } : {}) };
}

type Message = z.infer<typeof notifyInputSchema>;

export interface InAppMessage {
  key: string;
  incidentId: string;
  taskId?: string;
  kind: (typeof NOTIFICATION_KINDS)[number];
  subject: string;
  body: string;
}

/**
 * An in-app notification to everyone several selectors match, each told once (for notifications
 * the API sends itself, such as a leader's directive). A selector nobody matches is passed over;
 * `except` leaves out e.g. the author. Returns the usernames notified, sorted.
 */
export async function notifyInApp(m: InAppMessage, selectors: RecipientSelector[], except: string[] = []): Promise<string[]> {
  const people = new Map<string, Recipient>();
  for (const selector of selectors) {
    try {
      for (const p of await resolveRecipients(selector)) if (!except.includes(p.username)) people.set(p.username, p);
    } catch (err) {
      if (!(err instanceof ApplicationFailure && err.type === ServiceFailure.NoRecipients)) throw err;
    }
  }
  const recipients = [...people.values()].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  if (recipients.length) await writeInApp(m, recipients);
  return recipients.map((p) => p.username);
}

async function writeInApp(m: InAppMessage, people: Recipient[]): Promise<void> {
  const createdAt = new Date();
  await Notification.bulkWrite(
    people.map((p) => ({
      updateOne: {
        filter: { _id: notificationId(m.key, p.username) },
        update: {
          $setOnInsert: { user: p.username, incidentId: m.incidentId, ...(m.taskId ? { taskId: m.taskId } : {}), kind: m.kind, subject: m.subject, body: m.body, createdAt },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  );
}

/** One message per recipient, so nobody sees the others' addresses and a retry resends only the missing ones. */
async function sendEmails(mailer: Mailer, from: string, m: Message, people: Recipient[]): Promise<string[]> {
  const skipped: string[] = [];
  for (const person of people) {
    if (!person.email) {
      skipped.push(person.username);
      continue;
    }
    const deliveryId = `${m.key}:email:${person.username}`;
    if (await Delivery.exists({ _id: deliveryId })) continue;
    let receipt: string | undefined;
    try {
      const info = await mailer.sendMail({
        from,
        to: { name: person.displayName, address: person.email },
        subject: m.subject,
        text: m.body,
        // The same id on every attempt lets a mail system drop a duplicate if the record below was lost.
        messageId: `<${createHash('sha256').update(deliveryId).digest('hex').slice(0, 32)}@cityops.local>`,
        headers: { 'X-CityOps-Incident': m.incidentId, 'X-CityOps-Notification': m.key },
      });
      receipt = info.messageId;
    } catch (err) {
      const e = err as Error & { responseCode?: number };
      if (e.responseCode !== undefined && e.responseCode >= 500) {
        skipped.push(person.username); // refused for good (e.g. 550 no such mailbox): retrying will not help
        continue;
      }
      throw ApplicationFailure.retryable(`sending e-mail to ${person.username} failed: ${e.message}`, 'EMAIL_FAILED');
    }
    await recordDelivery({ _id: deliveryId, channel: 'email', key: m.key, incidentId: m.incidentId, target: person.email, ...(receipt ? { receipt } : {}) });
  }
  return skipped;
}

async function postWebhook(fetchImpl: typeof fetch, url: string, m: Message & { recipients: string[] }): Promise<void> {
  const deliveryId = `${m.key}:webhook`;
  if (await Delivery.exists({ _id: deliveryId })) return;
  const payload = { key: m.key, kind: m.kind, incidentId: m.incidentId, taskId: m.taskId ?? null, subject: m.subject, body: m.body, recipients: m.recipients };
  const result = await sendHttp(fetchImpl, {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', 'idempotency-key': m.key },
    body: JSON.stringify(payload),
    timeoutMs: WEBHOOK_TIMEOUT_MS,
  });
  await recordDelivery({ _id: deliveryId, channel: 'webhook', key: m.key, incidentId: m.incidentId, target: url, receipt: String(result.status) });
}

async function recordDelivery(d: { _id: string; channel: 'email' | 'webhook'; key: string; incidentId: string; target: string; receipt?: string }): Promise<void> {
  try {
    await Delivery.collection.insertOne({ ...d, sentAt: new Date() } as never);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err; // recorded by an earlier attempt
  }
}
