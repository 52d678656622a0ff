import type { Request, RequestHandler } from 'express';
import { Source, SourceKey } from '../../model';
import { forbidden, unauthorized } from '../http-errors';
import { hashApiKey } from '../sources/source-service';

/** A machine sender authenticated by a per-source API key. */
export interface ApiKeyPrincipal {
  keyId: string;
  source: string;
}

const KEY = Symbol('cityops.apiKey');
type WithKey = Request & { [KEY]?: ApiKeyPrincipal };

/** The API-key sender of a request, or undefined for a signed-in user. */
export function apiKeyPrincipal(req: Request): ApiKeyPrincipal | undefined {
  return (req as WithKey)[KEY];
}

function presentedKey(req: Request): string | undefined {
  const match = /^ApiKey (.+)$/i.exec(req.headers.authorization ?? '');
  if (match) return match[1]!.trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' && header ? header.trim() : undefined;
}

/**
 * For a router that serves only the ingest routes, mounted before the JWT-protected API. A request
 * without an API key skips this router entirely (`next('router')`) and meets `requireAuth` as before.
 * A request with one must be `POST` to an ingest path (else 403) and carry an active key of an
 * enabled source (else 401); the handlers then limit it to that source.
 */
export function apiKeyAuth(ingestPaths: string[]): RequestHandler {
  return async (req, _res, next) => {
    const key = presentedKey(req);
    if (key === undefined) {
      next('router');
      return;
    }
    if (req.method !== 'POST' || !ingestPaths.includes(req.path.replace(/\/+$/, '') || '/')) throw forbidden('an API key may only send events (POST /api/events)');
    const found = await SourceKey.findById(hashApiKey(key)).lean();
    if (!found || found.revokedAt) throw unauthorized('invalid or revoked API key');
    const source = await Source.findById(found.source, { disabled: 1 }).lean();
    if (!source || source.disabled) throw unauthorized('the API key’s source is disabled or removed');
    (req as WithKey)[KEY] = { keyId: found.keyId, source: found.source };
    next();
  };
}
