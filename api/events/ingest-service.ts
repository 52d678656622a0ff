import { PendingEvaluation, StoredEvent } from '../../model';
import { duplicateKeyIndexes } from '../../platform/database';
import { HttpError, zodDetails } from '../http-errors';
import { lookUpSources } from '../sources/source-lookup';
import { incomingEvent, type IncomingEvent } from './event-schema';
import type { EventEvaluator } from './event-evaluator';
import { normalise, type NormalisedEvent } from './normalise';
import { forbiddenMessage, type SenderScope } from './sender-scope';

/** The channels that feed readings in; recorded on each stored event. */
export const INGEST_CHANNELS = ['http', 'ndjson', 'mqtt', 'cap', 'csv'] as const;
export type IngestChannel = (typeof INGEST_CHANNELS)[number];

export interface IngestOptions {
  /** Where the batch came from. Default `http`. */
  channel: IngestChannel;
  /**
   * When set (an API key, an MQTT topic naming a source or type), only events for the sources it
   * allows are accepted; the others are rejected per item. Undefined means any registered source
   * (a signed-in user, a gateway, an internal channel).
   */
  scope?: SenderScope;
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

/** What ingest reports per batch (metrics); `throttled` counts items refused by back-pressure. */
export interface IngestObserver {
  ingested(channel: IngestChannel, counts: { accepted: number; duplicates: number; rejected: number; throttled: number }): void;
}

export interface IngestServiceOptions {
  /** Refuses a batch (429) while the outbox is too deep; every channel passes through it. */
  backPressure?: { check(): Promise<void> };
  observer?: IngestObserver;
}

type NewEventDoc = NormalisedEvent & { channel: IngestChannel; receivedAt: Date; evaluatedAt?: Date };

/**
 * Validates, normalises and stores a batch of readings, then hands the newly stored ones to the
 * rules. A reading is stored before the batch is acknowledged; a repeated (source, id) is stored once.
 */
export class IngestService {
  constructor(
    private readonly evaluator: Pick<EventEvaluator, 'markPending' | 'evaluate'>,
    private readonly opts: IngestServiceOptions = {},
  ) {}

  /**
   * The one entry point every channel calls (HTTP, NDJSON, MQTT, CAP, CSV). Callers enforce their own
   * batch limits (`MAX_BATCH`) before calling.
   */
  async ingest(items: unknown[], opts: IngestOptions = { channel: 'http' }): Promise<IngestResult> {
    try {
      await this.opts.backPressure?.check();
    } catch (err) {
      if (err instanceof HttpError) this.opts.observer?.ingested(opts.channel, { accepted: 0, duplicates: 0, rejected: 0, throttled: items.length });
      throw err;
    }
    const result = await this.store(items, opts);
    const { accepted, duplicates, rejected } = result;
    this.opts.observer?.ingested(opts.channel, { accepted, duplicates, rejected: rejected.length, throttled: 0 });
    return result;
  }

  private async store(items: unknown[], opts: IngestOptions): Promise<IngestResult> {
    const rejected: IngestResult['rejected'] = [];
    const valid: { index: number; event: IncomingEvent }[] = [];
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
      if (opts.scope && !opts.scope.allows(parsed.data.source)) {
        rejected.push({ index, error: forbiddenMessage(opts.scope, parsed.data.source) });
        return;
      }
      valid.push({ index, event: parsed.data });
    });

    const sources = await lookUpSources(valid.map((v) => v.event.source));
    const receivedAt = new Date();
    const docs: NewEventDoc[] = [];
    for (const { index, event } of valid) {
      const result = normalise(event, sources.get(event.source));
      if (!result.ok) {
        rejected.push({ index, error: result.error });
        continue;
      }
      // A suspect reading is stored already evaluated, so neither the evaluator nor its crash sweep looks at it.
      docs.push({ ...result.event, channel: opts.channel, receivedAt, ...(result.event.suspect ? { evaluatedAt: receivedAt } : {}) });
    }
    rejected.sort((a, b) => a.index - b.index);

    // Marked before storing, so a crash between storing and evaluating cannot skip the rules.
    const pendingId = docs.some((d) => !d.suspect) ? await this.evaluator.markPending(receivedAt) : undefined;
    const inserted = await insertIgnoringDuplicates(docs);
    const fresh = inserted.filter((d) => !d.suspect);
    const stored = new Set(inserted);
    // A duplicate of a reading this same batch stored is evaluated with it, not again.
    const storedIds = new Set(inserted.map((d) => d._id));
    const retried = inserted.length < docs.length ? await storedButNotEvaluated(docs.filter((d) => !stored.has(d) && !d.suspect && !storedIds.has(d._id))) : [];
    if (pendingId) await this.evaluator.evaluate([...fresh, ...retried], pendingId);
    return { accepted: inserted.length, duplicates: docs.length - inserted.length, suspect: inserted.length - fresh.length, rejected };
  }
}

/**
 * Of a batch's duplicates, those a first attempt stored but never evaluated: it failed between
 * storing and the rules (the database went away, the process was killed), so its pending record is
 * still there. The sender's retry evaluates them at once rather than leaving them to the evaluator's
 * sweep of stale batches; that sweep later clears the first attempt's record, re-evaluating readings
 * the alert states have already seen, which changes nothing. Rarely any work: only for duplicates,
 * and only while some batch is pending.
 */
async function storedButNotEvaluated(duplicates: NewEventDoc[]): Promise<NewEventDoc[]> {
  if (!duplicates.length) return [];
  const pending = await PendingEvaluation.find({}, { receivedAt: 1 }).lean();
  if (!pending.length) return [];
  const pendingAt = new Set(pending.map((p) => p.receivedAt.getTime()));
  const stored = await StoredEvent.collection.find({ _id: { $in: duplicates.map((d) => d._id) } } as never, { projection: { receivedAt: 1, evaluatedAt: 1 } }).toArray();
  const awaiting = new Set(stored.filter((e) => !e.evaluatedAt && pendingAt.has((e.receivedAt as Date).getTime())).map((e) => String(e._id)));
  return duplicates.filter((d) => awaiting.has(d._id));
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
