import type { Reading } from './fault-load';

/** Longest wait honoured from a Retry-After header, so a scenario stays short. */
const MAX_RETRY_WAIT_MS = 3000;

export interface SenderStats {
  batches: number;
  /** Attempts that got no 202 (connection refused or reset, 5xx) and were sent again. */
  retries: number;
  /** Answers other than 202, by status (0 = no answer: the connection failed). */
  refusals: Record<number, number>;
  /** 503s that carried a Retry-After header. */
  withRetryAfter: number;
  /** Readings the API answered were already stored (a retried batch it had stored before failing to answer). */
  duplicates: number;
}

/**
 * A machine sender as a gateway would behave: posts a batch, and when it gets no 202 (no answer, a
 * reset connection, a 5xx) sends the very same batch again — same event ids — until it is
 * acknowledged. What it counts as acknowledged is what the API answered 202 for, minus rejected items.
 */
export class EventSender {
  readonly acknowledged = new Set<string>();
  readonly stats: SenderStats = { batches: 0, retries: 0, refusals: {}, withRetryAfter: 0, duplicates: 0 };

  constructor(
    private readonly baseUrl: () => string,
    private readonly token: () => string,
    private readonly timeoutMs = 90_000,
  ) {}

  async post(batch: Reading[]): Promise<{ accepted: number; duplicates: number }> {
    const deadline = Date.now() + this.timeoutMs;
    this.stats.batches++;
    for (;;) {
      let wait = 200;
      try {
        const res = await fetch(`${this.baseUrl()}/api/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token()}` },
          body: JSON.stringify(batch),
        });
        const text = await res.text();
        if (res.status === 202) {
          const body = JSON.parse(text) as { accepted: number; duplicates: number; rejected: { index: number; error: string }[] };
          if (body.rejected.length) throw new Error(`readings rejected: ${JSON.stringify(body.rejected)}`);
          for (const r of batch) this.acknowledged.add(`${r.source}|${r.id}`);
          this.stats.duplicates += body.duplicates;
          return body;
        }
        if (res.status < 500) throw new Error(`POST /api/events answered ${res.status}: ${text}`);
        this.stats.refusals[res.status] = (this.stats.refusals[res.status] ?? 0) + 1;
        const retryAfter = Number(res.headers.get('retry-after'));
        if (res.status === 503 && retryAfter > 0) {
          this.stats.withRetryAfter++;
          wait = Math.min(MAX_RETRY_WAIT_MS, retryAfter * 1000);
        }
      } catch (err) {
        // fetch's network failures are TypeErrors (of Node's realm, not jest's: compare names); anything else is the test's.
        if ((err as Error).name !== 'TypeError') throw err;
        this.stats.refusals[0] = (this.stats.refusals[0] ?? 0) + 1;
      }
      if (Date.now() > deadline) throw new Error(`a batch was not acknowledged within ${this.timeoutMs} ms: ${JSON.stringify(this.stats)}`);
      this.stats.retries++;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Posts the batches with `concurrency` senders side by side; `between` runs after each acknowledged batch. */
  async postAll(batches: Reading[][], concurrency = 2, between: (done: number) => Promise<void> = async () => undefined): Promise<void> {
    let next = 0;
    let done = 0;
    const lane = async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        await this.post(batch);
        await between(++done);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }
}
