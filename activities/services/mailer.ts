import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../../platform/config';

/** What the notify activity needs of a mail transport (a nodemailer transporter has it). */
export interface Mailer {
  sendMail(message: SendMailOptions): Promise<{ messageId?: string }>;
}

/** An SMTP transport for SMTP_URL, or undefined when e-mail is not configured. */
export function createMailer(config: Pick<Config, 'SMTP_URL'>): Mailer | undefined {
  if (!config.SMTP_URL) return undefined;
  // Bounded waits so a dead mail server fails the attempt (and Temporal retries) instead of hanging it.
  return nodemailer.createTransport({ url: config.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
}
