import { Outbox } from '../../model';

/**
 * Of the time spent counting, at most this share: a count that took 277 ms (5,000 records on
 * FerretDB/SQLite, which scans) is read again only after 2.8 s, not every second.
 */
const MAX_COUNTING_SHARE = 0.1;

/**
 * An estimate of the outbox's depth (records stored, not yet delivered to Temporal) that is cheap
 * to ask on every ingest: the count read from the database at most every `maxAgeMs` (longer when
 * counting is slow, see MAX_COUNTING_SHARE), plus what this process queued and minus what it
 * delivered since. Other processes' work shows at the next read.
 */
export class OutboxDepth {
  private estimate = 0;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<number> | undefined;
  private intervalMs: number;

  constructor(
    private readonly maxAgeMs = 1000,
    private readonly count: () => Promise<number> = () => Outbox.countDocuments({}),
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = maxAgeMs;
  }

  /** The estimate, read again first when older than the interval (one read at a time; callers share it). */
  async current(): Promise<number> {
    if (this.now() - this.readAt >= this.intervalMs) await this.refresh();
    return this.estimate;
  }

  /**
   * Reads the count now (a scrape, or a stale estimate). The outbox is kept small by back-pressure,
   * so counting it stays cheap even where the database scans (FerretDB). A failed read keeps the
   * last estimate: the database being down is the ingest's own error to report.
   */
  refresh(): Promise<number> {
    const started = this.now();
    this.reading ??= this.count()
      .then(
        (n) => {
          this.estimate = n;
          this.readAt = this.now();
          this.intervalMs = Math.max(this.maxAgeMs, (this.readAt - started) / MAX_COUNTING_SHARE);
        },
        () => undefined,
      )
      .then(() => this.estimate)
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Reads the count afresh, after any read already in flight (which may predate the latest writes). */
  async sync(): Promise<number> {
    await this.reading;
    return this.refresh();
  }

  /** This process wrote `n` outbox records. */
  added(n: number): void {
    this.estimate += n;
  }

  /** This process delivered (deleted) `n` records. */
  removed(n: number): void {
    this.estimate = Math.max(0, this.estimate - n);
  }
}
