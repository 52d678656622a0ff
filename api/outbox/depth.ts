import { Outbox } from '../../model';

/**
 * An estimate of the outbox's depth (records stored, not yet delivered to Temporal) that is cheap
 * to ask on every ingest: the count read from the database at most every `maxAgeMs`, plus what this
 * process queued and minus what it delivered since. Other processes' work shows at the next read.
 */
export class OutboxDepth {
  private estimate = 0;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<number> | undefined;

  constructor(
    private readonly maxAgeMs = 1000,
    private readonly count: () => Promise<number> = () => Outbox.countDocuments({}),
    private readonly now: () => number = Date.now,
  ) {}

  /** The estimate, read again first when older than `maxAgeMs` (one read at a time; callers share it). */
  async current(): Promise<number> {
    if (this.now() - this.readAt >= this.maxAgeMs) await this.refresh();
    return this.estimate;
  }

  /**
   * Reads the count now (a scrape, or a stale estimate). The outbox is kept small by back-pressure,
   * so counting it stays cheap even where the database scans (FerretDB). A failed read keeps the
   * last estimate: the database being down is the ingest's own error to report.
   */
  refresh(): Promise<number> {
    this.reading ??= this.count()
      .then(
        (n) => {
          this.estimate = n;
          this.readAt = this.now();
        },
        () => undefined,
      )
      .then(() => this.estimate)
      .finally(() => (this.reading = undefined));
    return this.reading;
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
