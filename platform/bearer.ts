import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time (over digests, so the length leaks nothing either). */
export function bearerMatches(req: Pick<IncomingMessage, 'headers'>, token: string | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}
