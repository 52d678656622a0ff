import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Incident, SEVERITIES } from '../../model';
import type { IngestChannel, IngestObserver } from '../events/ingest-service';

/** Seconds buckets for people's work (a step waits minutes to hours). */
const TASK_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400, 28_800, 86_400, 259_200];
/** Seconds buckets for the API's own work. */
const FAST_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Open incidents are counted at most this often, however often Prometheus scrapes. */
const OPEN_INCIDENTS_CACHE_MS = 5000;

/** A completed step's times, as stored on the task. */
export interface TaskTimes {
  createdAt?: Date | null;
  claimedAt?: Date | null;
  completedAt?: Date | null;
}

/**
 * The API process's Prometheus metrics, one registry per app (tests run several apps in one
 * process). Services report through small hooks (`IngestObserver`, `ruleEvaluated`, `taskCompleted`)
 * and never import prom-client; the gauges that read the database do so when scraped.
 */
export class ApiMetrics implements IngestObserver {
  readonly registry = new Registry();
  private readonly r = [this.registry];

  readonly ingestEvents = new Counter({
    name: 'cityops_ingest_events_total',
    help: 'Events received by ingest, by channel and outcome (accepted, duplicate, rejected, throttled = refused by back-pressure).',
    labelNames: ['channel', 'outcome'] as const,
    registers: this.r,
  });
  readonly ruleEvaluations = new Counter({
    name: 'cityops_rule_evaluations_total',
    help: 'Readings evaluated against a rule (one per reading and rule that reads it).',
    registers: this.r,
  });
  readonly ruleEvaluationSeconds = new Histogram({
    name: 'cityops_rule_evaluation_seconds',
    help: 'Time to evaluate one stored batch of readings against the rules, alert states written.',
    buckets: FAST_BUCKETS,
    registers: this.r,
  });
  readonly httpSeconds = new Histogram({
    name: 'cityops_http_request_duration_seconds',
    help: 'API request duration by method, route (as registered) and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: FAST_BUCKETS,
    registers: this.r,
  });
  readonly httpInFlight = new Gauge({ name: 'cityops_http_requests_in_flight', help: 'Requests being served now.', registers: this.r });
  readonly taskWaitSeconds = new Histogram({
    name: 'cityops_task_wait_seconds',
    help: 'Human step from created to claimed, observed when the step completes through this API process.',
    buckets: TASK_BUCKETS,
    registers: this.r,
  });
  readonly taskWorkSeconds = new Histogram({
    name: 'cityops_task_work_seconds',
    help: 'Human step from claimed to completed, observed when the step completes through this API process.',
    buckets: TASK_BUCKETS,
    registers: this.r,
  });

  private openCache: { at: number; counts: Map<string, number> } | undefined;

  constructor(outboxDepth: { refresh(): Promise<number> }) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'cityops_outbox_depth',
      help: 'Outbox records stored but not yet delivered to Temporal (counted at scrape; bounded by CITYOPS_OUTBOX_MAX_DEPTH).',
      registers: this.r,
      async collect() {
        this.set(await outboxDepth.refresh());
      },
    });
    const openIncidents = () => this.openIncidents();
    new Gauge({
      name: 'cityops_open_incidents',
      help: 'Incidents open or monitoring now, by severity (counted at most every 5 s).',
      labelNames: ['severity'] as const,
      registers: this.r,
      async collect() {
        const counts = await openIncidents();
        for (const severity of SEVERITIES) this.set({ severity }, counts.get(severity) ?? 0);
      },
    });
  }

  ingested(channel: IngestChannel, counts: { accepted: number; duplicates: number; rejected: number; throttled: number }): void {
    if (counts.accepted) this.ingestEvents.inc({ channel, outcome: 'accepted' }, counts.accepted);
    if (counts.duplicates) this.ingestEvents.inc({ channel, outcome: 'duplicate' }, counts.duplicates);
    if (counts.rejected) this.ingestEvents.inc({ channel, outcome: 'rejected' }, counts.rejected);
    if (counts.throttled) this.ingestEvents.inc({ channel, outcome: 'throttled' }, counts.throttled);
  }

  ruleEvaluated(evaluations: number, seconds: number): void {
    this.ruleEvaluations.inc(evaluations);
    this.ruleEvaluationSeconds.observe(seconds);
  }

  taskCompleted(t: TaskTimes): void {
    const created = t.createdAt?.getTime();
    const claimed = t.claimedAt?.getTime();
    const completed = t.completedAt?.getTime();
    if (created !== undefined && claimed !== undefined) this.taskWaitSeconds.observe(Math.max(0, claimed - created) / 1000);
    if (claimed !== undefined && completed !== undefined) this.taskWorkSeconds.observe(Math.max(0, completed - claimed) / 1000);
  }

  /** Grouped in the database ($match + $group with $sum, which FerretDB runs); cached a few seconds. */
  private async openIncidents(): Promise<Map<string, number>> {
    if (this.openCache && Date.now() - this.openCache.at < OPEN_INCIDENTS_CACHE_MS) return this.openCache.counts;
    const rows = await Incident.aggregate<{ _id: string; n: number }>([{ $match: { status: { $in: ['open', 'monitoring'] } } }, { $group: { _id: '$severity', n: { $sum: 1 } } }]);
    const counts = new Map(rows.map((r) => [r._id, r.n]));
    this.openCache = { at: Date.now(), counts };
    return counts;
  }
}
