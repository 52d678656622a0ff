import { HttpError } from '../http-errors';
import type { OutboxDepth } from './depth';

/** Why ingest refuses a batch; named in the 429 body and in the `cityops_ingest_events_total` outcome. */
export const OUTBOX_FULL = 'outbox-full';

/**
 * Refuses new readings while the outbox is too deep: Temporal is behind (or unreachable), and
 * storing more would only grow the backlog and the memory and time it takes to drain. Senders get
 * 429 with `Retry-After` and keep their readings (MQTT leaves the message unacknowledged, so the
 * broker keeps it). One batch accepted just under the limit may take the outbox past it by what
 * that batch fires; nothing is stored once the limit is reached.
 */
export class IngestBackPressure {
  constructor(
    private readonly depth: Pick<OutboxDepth, 'current'>,
    readonly maxDepth: number,
    private readonly retryAfterSeconds = 5,
  ) {}

  /** Throws the 429 when the outbox is at or past the limit. */
  async check(): Promise<void> {
    const depth = await this.depth.current();
    if (depth < this.maxDepth) return;
    throw new HttpError(
      429,
      `not accepting events now: ${depth} incident updates wait for delivery to Temporal (limit ${this.maxDepth}); retry after ${this.retryAfterSeconds} s`,
      { reason: OUTBOX_FULL, depth, limit: this.maxDepth },
      { 'Retry-After': String(this.retryAfterSeconds) },
    );
  }
}
