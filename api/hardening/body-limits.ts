import express, { type Express } from 'express';
import { SOP_BODY_LIMIT_BYTES } from '../sops/router';

const KB = 1024;
const MB = 1024 * KB;

/**
 * JSON body limits per route family, first match wins (over 413 "request body too large"). Small
 * where the payload is a few fields (login, users, units), larger where people attach form data or
 * send batches (task completions, incident messages, event batches, form definitions, backtests).
 * Text bodies have their own parsers and limits: CAP XML (1 MB), NDJSON events (10 MB), KPI CSV (1 MB).
 */
export const JSON_BODY_LIMITS: readonly { mount: string; bytes: number }[] = [
  { mount: '/api/auth', bytes: 16 * KB },
  { mount: '/api/users', bytes: 64 * KB },
  { mount: '/api/units', bytes: 64 * KB },
  { mount: '/api/notifications', bytes: 16 * KB },
  { mount: '/api/sops', bytes: SOP_BODY_LIMIT_BYTES },
  { mount: '/api/forms', bytes: 5 * MB },
  { mount: '/api/rules', bytes: 5 * MB },
  { mount: '/api/events', bytes: 5 * MB },
  { mount: '/api/tasks', bytes: 5 * MB },
  { mount: '/api/incidents', bytes: 5 * MB },
];
export const DEFAULT_JSON_LIMIT_BYTES = 1 * MB;

/** Mounts one JSON parser per family, then the default; a body parsed once is not parsed again. */
export function useJsonBodyLimits(app: Express): void {
  for (const { mount, bytes } of JSON_BODY_LIMITS) app.use(mount, express.json({ limit: bytes }));
  app.use(express.json({ limit: DEFAULT_JSON_LIMIT_BYTES }));
}
