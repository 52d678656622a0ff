import type { RequestHandler } from 'express';

/**
 * The one inline script the Angular builds carry: the critical-CSS loader
 * `<link … media="print" onload="this.media='all'">`. Allowed by its hash (CSP 'unsafe-hashes'),
 * not by 'unsafe-inline'.
 */
const ANGULAR_CSS_LOADER = "'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc='";

/**
 * Scripts only from this origin. Styles also inline: Angular injects component styles as `<style>`
 * elements, and Form.io, bpmn-js and Leaflet set `style` attributes. Images also `data:`/`blob:`
 * (Leaflet and bpmn-js icons, Form.io previews) and any https tile server the maps are configured
 * with. No plugins, no framing, forms post only here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'unsafe-eval': Form.io's renderer compiles its templates (lodash `template`) and form logic with
  // `new Function`; without it every form fails to render. Dropping it needs Form.io's `noeval` mode.
  `script-src 'self' 'unsafe-eval' 'unsafe-hashes' ${ANGULAR_CSS_LOADER}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers on every answer, API and UIs alike. */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  };
}

/**
 * CORS closed by default: no `Access-Control-Allow-*` unless the request's Origin is one of
 * `CITYOPS_CORS_ORIGINS`. A preflight from a listed origin is answered 204; from any other, 403.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    const listed = typeof origin === 'string' && allowed.has(origin);
    if (listed) {
      res.vary('Origin');
      res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'false' });
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (!listed) {
        res.status(403).json({ error: 'cross-origin requests are not allowed from this origin' });
        return;
      }
      res.set({
        'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
        'Access-Control-Allow-Headers': 'authorization, content-type, x-api-key, last-event-id',
        'Access-Control-Max-Age': '600',
      });
      res.status(204).end();
      return;
    }
    next();
  };
}
