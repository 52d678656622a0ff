import { performance } from 'node:perf_hooks';
import type { BenchReading } from '../ingest/workload';
import { OPEN_THRESHOLD } from './storm-plan';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Posts a storm's readings to `POST /api/events` tick by tick, as gateways would: a tick's readings
 * go out in batches of about `batchSize`, at most `maxInFlight` requests at once, in order (a sender
 * that falls behind queues, and shows as a lower accepted rate). A 429 is waited out and the same
 * batch sent again. Every accepted reading at or over the opening threshold is reported to
 * `onHotAccepted`: the first of a source is what opens its incident.
 */
export class Sender {
  sent = 0;
  accepted = 0;
  /** Batches answered 429 (outbox too deep) and sent again after Retry-After. */
  throttled = 0;
  /** Readings still waiting for a free request when the bench gave up on them (giveUp). */
  unsent = 0;
  private givenUp = false;
  readonly errors: string[] = [];
  /** Accepted readings per second of the storm, for the chart. */
  readonly perSecond: number[] = [];
  private inFlight = 0;
  /** Batches waiting for a free request, first come first served. */
  private readonly queue: ((go: boolean) => void)[] = [];
  private readonly started = performance.now();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly apiUrl: string,
    /** The current access token (a long run renews it). */
    private readonly token: () => string,
    private readonly maxInFlight: number,
    private readonly batchSize: number,
    private readonly onHotAccepted: (source: string, at: number) => void,
  ) {}

  private post(readings: BenchReading[]): Promise<Response> {
    return fetch(`${this.apiUrl}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token()}` },
      body: JSON.stringify(readings),
    });
  }

  /** Sends one tick's readings (not awaited: ticks keep their schedule). */
  sendTick(readings: BenchReading[]): void {
    for (const batch of splitInto(readings, Math.min(this.maxInFlight, Math.max(1, Math.ceil(readings.length / this.batchSize))))) {
      const p = this.send(batch);
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    }
  }

  /**
   * Resolves once every batch sent so far has been answered; with `maxMs`, gives up after that long
   * on batches not yet sent (they count as `unsent`: a sender this far behind the storm would be
   * buffering them), and waits only for the requests in flight.
   */
  async drain(maxMs = Number.POSITIVE_INFINITY): Promise<void> {
    const timer = Number.isFinite(maxMs)
      ? setTimeout(() => {
          this.givenUp = true;
          for (const waiter of this.queue.splice(0)) waiter(false);
        }, maxMs)
      : undefined;
    await Promise.all([...this.pending]);
    clearTimeout(timer);
  }

  private async send(readings: BenchReading[]): Promise<void> {
    // Behind: wait in line. Once the bench gives up, what still waits is counted, not sent.
    const go = this.givenUp ? false : this.inFlight < this.maxInFlight ? true : await new Promise<boolean>((resolve) => this.queue.push(resolve));
    if (!go) return void (this.unsent += readings.length);
    this.inFlight += 1;
    this.sent += readings.length;
    try {
      let res = await this.post(readings);
      // Back-pressure (outbox too deep): wait as told and send the same batch again, as a sender should.
      while (res.status === 429) {
        this.throttled += 1;
        const seconds = Number(res.headers.get('retry-after'));
        await res.arrayBuffer();
        await sleep((Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000);
        res = await this.post(readings);
      }
      const at = performance.now();
      const text = await res.text();
      if (res.status !== 202) return void this.errors.push(`POST /api/events answered ${res.status}: ${text.slice(0, 200)}`);
      const result = JSON.parse(text) as { accepted: number };
      if (result.accepted !== readings.length) this.errors.push(`POST /api/events stored ${result.accepted} of ${readings.length}: ${text.slice(0, 200)}`);
      this.accepted += result.accepted;
      const second = Math.floor((at - this.started) / 1000);
      this.perSecond[second] = (this.perSecond[second] ?? 0) + result.accepted;
      for (const r of readings) if (r.value >= OPEN_THRESHOLD) this.onHotAccepted(r.source, at);
    } catch (err) {
      this.errors.push(`POST /api/events failed: ${(err as Error).message}`);
    } finally {
      this.inFlight -= 1;
      this.queue.shift()?.(true);
    }
  }
}

function splitInto<T>(items: T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
