import express, { Router, type Request } from 'express';
import { apiKeyPrincipal } from '../auth/api-keys';
import { HttpError, badRequest } from '../http-errors';
import { MAX_BATCH } from './event-schema';
import { apiKeyScope } from './sender-scope';
import type { IngestChannel, IngestResult, IngestService } from './ingest-service';

export const NDJSON = 'application/x-ndjson';

/** NDJSON bodies arrive as text (10,000 lines of a few hundred bytes each fit well under the limit). */
export const eventsBodyParser = express.text({ type: NDJSON, limit: '10mb' });

const tooMany = () => new HttpError(413, `at most ${MAX_BATCH} events per request (MAX_BATCH)`, { limit: MAX_BATCH });

/**
 * `POST /api/events` — readings as a JSON array, or NDJSON (`Content-Type: application/x-ndjson`,
 * one event per line, errors reported by line number). 202 once every valid one is stored.
 * An API-key sender may only send its own source's readings.
 */
export function eventsRouter(ingest: IngestService): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    if (req.is(NDJSON)) {
      res.status(202).json(await ingestNdjson(ingest, req));
      return;
    }
    const body: unknown = req.body;
    const items = Array.isArray(body) ? body : undefined;
    if (!items) throw badRequest('body must be a JSON array of events (or NDJSON with Content-Type application/x-ndjson)', [{ field: '(body)', message: 'expected an array' }]);
    if (items.length > MAX_BATCH) throw tooMany();
    res.status(202).json(await ingest.ingest(items, options(req, 'http')));
  });
  return router;
}

function options(req: Request, channel: IngestChannel) {
  const key = apiKeyPrincipal(req);
  return { channel, ...(key ? { scope: apiKeyScope(key.source) } : {}) };
}

/** Parses line by line; a line that is not JSON is rejected on its own. Rejections name `line` (1-based). */
async function ingestNdjson(ingest: IngestService, req: Request): Promise<IngestResult & { rejected: { index: number; line: number; error: string }[] }> {
  const text = typeof req.body === 'string' ? req.body : '';
  const items: unknown[] = [];
  const lineOfItem: number[] = [];
  const unparsable: { index: number; line: number; error: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      items.push(JSON.parse(raw));
      lineOfItem.push(i + 1);
    } catch (err) {
      unparsable.push({ index: -1, line: i + 1, error: `line ${i + 1}: not valid JSON (${(err as Error).message})` });
    }
  });
  if (items.length + unparsable.length > MAX_BATCH) throw tooMany();
  const result = await ingest.ingest(items, options(req, 'ndjson'));
  const rejected = [...unparsable, ...result.rejected.map((r) => ({ index: r.index, line: lineOfItem[r.index]!, error: `line ${lineOfItem[r.index]}: ${r.error}` }))].sort(
    (a, b) => a.line - b.line,
  );
  return { ...result, rejected };
}
