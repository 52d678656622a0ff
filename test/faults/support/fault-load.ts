import { Source } from '../../../model';
import type { TestStack } from '../../support/test-stack';

/** The SOP every fault incident runs, and its first human step (assigned to Tân Phú). */
export const FAULT_SOP = 'flood-response';
export const FIRST_STEP = 'verify';

/** Signals each incident must record: the reading that opened it and the one that raised it to critical. */
export const SIGNALS_PER_INCIDENT = 2;

export interface Reading {
  id: string;
  source: string;
  metric: string;
  value: number;
  unit: string;
  observedAt: string;
}

/**
 * A scenario's load: `incidents` flood gauges of its own, each with its own correlation key, and a
 * rule that opens one incident per gauge. Each gauge sends a burst of two readings in one batch —
 * 2.6 m opens its incident (warning), 3.2 m raises it (critical) — so every incident receives two
 * signals, and a signal lost or delivered twice shows in its event count.
 */
export class FaultLoad {
  readonly sources: string[];
  readonly keys: string[];
  private readonly t0 = Date.now() - 30 * 60_000;

  private constructor(
    readonly name: string,
    readonly incidents: number,
  ) {
    this.sources = Array.from({ length: incidents }, (_, i) => `flood-sensor/fault-${name}-${String(i).padStart(3, '0')}`);
    this.keys = this.sources.map((s) => this.correlationKey(s));
  }

  /** Registers the gauges (straight into the registry: they are the test's fixture) and the rule (through the API). */
  static async prepare(stack: Pick<TestStack, 'request'>, admin: string, name: string, incidents: number): Promise<FaultLoad> {
    const load = new FaultLoad(name, incidents);
    const now = new Date();
    await Source.collection.insertMany(
      load.sources.map((id) => ({
        _id: id,
        type: 'flood-sensor',
        name: id,
        unit: 'tan-phu',
        metrics: [{ key: 'water_level_m', unit: 'm', min: -1, max: 15 }],
        autoRegister: false,
        autoRegistered: false,
        disabled: false,
        createdAt: now,
        updatedAt: now,
      })) as never[],
    );
    const rule = {
      name: `Lỗi giả lập ${name}: mực nước`,
      sourceType: 'flood-sensor',
      metric: 'water_level_m',
      levels: [
        { severity: 'warning', threshold: { op: '>=', value: 2.5 } },
        { severity: 'critical', threshold: { op: '>=', value: 3.0 } },
      ],
      // Every change of level is signalled, nothing else: exactly two signals per incident.
      peakSignalEvery: 'P0D',
      correlationKey: `faults-${name}:{{source}}`,
      action: { type: 'open-incident', sopKey: FAULT_SOP, title: 'Giả lập {{source}}: {{value}} m' },
    };
    const res = await stack.request('PUT', `/api/rules/faults-${name}`, { token: admin, body: rule });
    if (res.status !== 200) throw new Error(`fault rule: ${res.status} ${JSON.stringify(res.body)}`);
    return load;
  }

  correlationKey(source: string): string {
    return `faults-${this.name}:${source}`;
  }

  /** Gauge `i`'s burst: two readings a minute apart. */
  burst(i: number): Reading[] {
    const source = this.sources[i]!;
    const at = (minute: number) => new Date(this.t0 + i * 1000 + minute * 60_000).toISOString();
    return [
      { id: `${this.name}-${i}-a`, source, metric: 'water_level_m', value: 2.6, unit: 'm', observedAt: at(0) },
      { id: `${this.name}-${i}-b`, source, metric: 'water_level_m', value: 3.2, unit: 'm', observedAt: at(1) },
    ];
  }

  /** The bursts of gauges [from, to) in batches of `gaugesPerBatch` gauges (both readings of a gauge in the same batch). */
  batches(gaugesPerBatch: number, from = 0, to = this.incidents): Reading[][] {
    const out: Reading[][] = [];
    for (let i = from; i < to; i += gaugesPerBatch) {
      out.push(Array.from({ length: Math.min(gaugesPerBatch, to - i) }, (_, k) => this.burst(i + k)).flat());
    }
    return out;
  }

  /** Every reading the load sends, as stored keys (`source|id`). */
  get eventKeys(): string[] {
    return Array.from({ length: this.incidents }, (_, i) => this.burst(i).map((r) => `${r.source}|${r.id}`)).flat();
  }
}
