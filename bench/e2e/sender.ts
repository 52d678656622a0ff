import { performance } from 'node:perf_hooks';
import type { BenchReading } from '../ingest/workload';
import { OPEN_THRESHOLD } from './storm-plan';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Posts a storm's readings to `POST /api/events` tick by tick, as gateways would: a tick's readings
 * go out in batches of about `batchSize`, at most `maxInFlight` requests at once (a sender that
 * falls behind shows as a lower accepted rate). A 429 is waited out and the same batch sent again.
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
  private readonly started = performance.now();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
    private readonly maxInFlight: number,
    private readonly batchSize: number,
    private readonly onTrigger: (source: string, at: number) => void,
  ) {}

  private post(readings: BenchReading[]): Promise<Response> {
    return fetch(`${this.apiUrl}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(readings),
    });
  }

  /** Sends one tick's readings (not awaited: ticks keep their schedule); `triggers` are the sources turning hot in it. */
  sendTick(readings: BenchReading[], triggers: string[]): void {
    const hot = new Set(triggers);
    for (const batch of splitInto(readings, Math.min(this.maxInFlight, Math.max(1, Math.ceil(readings.length / this.batchSize))))) {
      const p = this.send(batch, hot);
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
    const timer = Number.isFinite(maxMs) ? setTimeout(() => (this.givenUp = true), maxMs) : undefined;
    await Promise.all([...this.pending]);
    clearTimeout(timer);
  }

  private async send(readings: BenchReading[], triggers: Set<string>): Promise<void> {
    while (this.inFlight >= this.maxInFlight) {
      // Behind: the accepted rate shows it. Once the bench gives up, what still waits is counted, not sent.
      if (this.givenUp) return void (this.unsent += readings.length);
      await sleep(2);
    }
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
      for (const r of readings) if (triggers.has(r.source) && r.value >= OPEN_THRESHOLD) this.onTrigger(r.source, at);
    } catch (err) {
      this.errors.push(`POST /api/events failed: ${(err as Error).message}`);
    } finally {
      this.inFlight -= 1;
    }
  }
}

function splitInto<T>(items: T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
