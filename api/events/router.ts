import { Router } from 'express';
import { HttpError, badRequest } from '../http-errors';
import { MAX_BATCH } from './event-schema';
import type { IngestService } from './ingest-service';

/** POST /api/events — a JSON array of readings; 202 once every valid one is stored. */
export function eventsRouter(ingest: IngestService): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const body: unknown = req.body;
    const items = Array.isArray(body) ? body : undefined;
    if (!items) throw badRequest('body must be a JSON array of events', [{ field: '(body)', message: 'expected an array' }]);
    if (items.length > MAX_BATCH) throw new HttpError(413, `at most ${MAX_BATCH} events per request`);
    const result = await ingest.ingest(items, { channel: 'http' });
    res.status(202).json(result);
  });
  return router;
}
