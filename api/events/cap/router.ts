import express, { Router } from 'express';
import { currentUser, requireRole } from '../../auth/middleware';
import { HttpError, badRequest } from '../../http-errors';
import type { CapService } from './cap-service';
import { CapParseError } from './parse-cap';

/** CAP messages are small (a few kB; large ones carry resources by URI): 1 MB is generous. */
export const CAP_BODY_LIMIT_BYTES = 1024 * 1024;
export const CAP_CONTENT_TYPES = ['application/cap+xml', 'application/xml', 'text/xml'];

/** Text body parser of the CAP route, mounted in `app.ts` before the app-wide JSON parser. */
export const capBodyParser = express.text({ type: CAP_CONTENT_TYPES, limit: CAP_BODY_LIMIT_BYTES });

/** POST /api/events/cap — one CAP 1.2 XML message; 202 once it is stored (and its incident work queued). */
export function capRouter(cap: CapService): Router {
  const router = Router();
  router.post('/', requireRole('admin', 'leader', 'operator'), async (req, res) => {
    if (typeof req.body !== 'string') throw new HttpError(415, `Content-Type must be one of ${CAP_CONTENT_TYPES.join(', ')}`);
    try {
      res.status(202).json(await cap.receive(req.body, currentUser(req).username));
    } catch (err) {
      if (err instanceof CapParseError) throw badRequest(err.message, err.details);
      throw err;
    }
  });
  return router;
}
