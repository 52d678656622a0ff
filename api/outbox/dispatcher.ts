import { ServiceError, isGrpcServiceError, type Client } from '@temporalio/client';
import { Outbox } from '../../model';
import { createLogger, errorFields } from '../../platform/log';
import { INCIDENT_WORKFLOW_TYPE, incidentEventSignal, type TriggerEvent } from '../../workflows/definitions';
import type { incidentWorkflow } from '../../workflows/incident-workflow';
import type { IncidentSignalPayload } from '../events/event-evaluator';
import { OutboxDepth } from './depth';
import { deliverIncidentCommand } from './incident-commands';

const log = createLogger('outbox');

/** gRPC codes that mean Temporal itself cannot take work now (not that this record is wrong). */
const UNAVAILABLE_CODES = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);
/** Longest wait between rounds while Temporal is unreachable, and before retrying one parked record. */
const MAX_ROUND_BACKOFF_MS = 10_000;
const MAX_RECORD_BACKOFF_MS = 10 * 60_000;
/** Incidents whose records are delivered at once (each incident's own records stay in order). */
const DELIVERY_CONCURRENCY = 8;

type OutboxRecord = Awaited<ReturnType<typeof loadBatch>>[number];
const loadBatch = () => Outbox.find({}).sort({ createdAt: 1 }).limit(500).lean();

/**
 * A batch's records per incident (workflow id), oldest first. An incident with a parked record
 * (waiting out its back-off) or one that failed this round is left out from that record on: its
 * later records must not overtake it.
 */
function incidentQueues(batch: OutboxRecord[], blocked: Set<string>, now: number): [string, OutboxRecord[]][] {
  const queues = new Map<string, OutboxRecord[]>();
  for (const record of batch) {
    const workflowId = (record.payload as { workflowId?: string }).workflowId ?? record._id;
    if (blocked.has(workflowId)) continue;
    if (record.nextAttemptAt && record.nextAttemptAt.getTime() > now) {
      blocked.add(workflowId);
      continue;
    }
    const queue = queues.get(workflowId);
    if (queue) queue.push(record);
    else queues.set(workflowId, [record]);
  }
  return [...queues.entries()];
}

export function temporalUnavailable(err: unknown): boolean {
  const grpc = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(grpc) && UNAVAILABLE_CODES.has(grpc.code);
}

/**
 * Delivers outbox records to Temporal with signal-with-start on `incident:<correlationKey>`: a new
 * key starts an incident, an open one receives the reading. A record is deleted only after Temporal
 * accepted it. Temporal unreachable → the round stops and is retried with back-off. A record that
 * fails on its own (a malformed payload, a refused request) is parked with a back-off of its own,
 * and only the later records of the same incident wait behind it (their order matters: fired before
 * cleared); every other incident's records keep flowing.
 */
export class OutboxDispatcher {
  private running = false;
  private stopped = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private idle: Promise<void> = Promise.resolve();
  /** How deep the outbox is (for back-pressure and metrics): read now and then, kept current by what this process queues and delivers. */
  readonly depth = new OutboxDepth();

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly pollMs = 5000,
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle;
  }

  /** Asks for a delivery round now (coalesced with one already running); `queued`: records just written to the outbox. */
  kick(queued = 0): void {
    if (queued) this.depth.added(queued);
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = true;
    this.idle = this.drain().finally(() => {
      this.running = false;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.kick();
        return;
      }
      const delay = this.failures ? Math.min(MAX_ROUND_BACKOFF_MS, 500 * 2 ** Math.min(this.failures, 6)) : this.pollMs;
      this.timer = setTimeout(() => this.kick(), delay);
      this.timer.unref();
    });
  }

  private async drain(): Promise<void> {
    try {
      const blocked = new Set<string>();
      for (let delivered = -1; delivered !== 0;) {
        const batch = await loadBatch();
        delivered = await this.deliverRound(incidentQueues(batch, blocked, Date.now()), blocked);
      }
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      log.warn('outbox delivery failed; will retry', { failures: this.failures, ...errorFields(err) });
    }
  }

  /**
   * Delivers each incident's records in order, DELIVERY_CONCURRENCY incidents at a time: one at a
   * time, a storm's stream of peak signals kept new incidents waiting behind it. A record that fails
   * on its own blocks only its incident; Temporal unreachable stops the round (the error is thrown).
   */
  private async deliverRound(queues: [string, OutboxRecord[]][], blocked: Set<string>): Promise<number> {
    let delivered = 0;
    let failed = false;
    const lane = async () => {
      for (let next = queues.shift(); next && !failed; next = queues.shift()) {
        const [workflowId, records] = next;
        for (const record of records) {
          if (this.stopped || failed) return;
          const { kind, payload } = record;
          const ok = await this.deliver(record._id, workflowId, record.attempts ?? 0, () =>
            kind === 'incident-signal'
              ? this.signalWithStart(payload as IncidentSignalPayload)
              : // Kinds addressing an existing incident (CAP Update/Cancel, a rule's clear): see incident-commands.ts.
                deliverIncidentCommand(this.client, kind, payload),
          ).catch((err: unknown) => {
            failed = true;
            throw err;
          });
          if (!ok) {
            blocked.add(workflowId);
            break;
          }
          delivered++;
        }
      }
    };
    // Every lane settles before the round ends, so stop() never leaves a call retrying on a closing connection.
    const lanes = await Promise.allSettled(Array.from({ length: Math.min(DELIVERY_CONCURRENCY, queues.length) }, lane));
    const rejected = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (rejected) throw rejected.reason;
    return delivered;
  }

  private async signalWithStart(p: IncidentSignalPayload): Promise<void> {
    await this.client.workflow.signalWithStart<typeof incidentWorkflow, [TriggerEvent]>(INCIDENT_WORKFLOW_TYPE, {
      workflowId: p.workflowId,
      taskQueue: this.taskQueue,
      args: [
        { correlationKey: p.correlationKey, title: p.title, severity: p.event.severity, sopKey: p.sopKey, trigger: p.event, ...(p.variables ? { variables: p.variables } : {}) },
      ],
      signal: incidentEventSignal,
      signalArgs: [p.event],
    });
  }

  /** True when delivered (and deleted); false when this record failed on its own and is parked. Throws when Temporal is unreachable. */
  private async deliver(id: string, workflowId: string, attempts: number, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
    } catch (err) {
      const unavailable = temporalUnavailable(err);
      const nextAttemptAt = unavailable ? undefined : new Date(Date.now() + Math.min(MAX_RECORD_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 10)));
      await Outbox.updateOne({ _id: id }, { $inc: { attempts: 1 }, $set: { lastError: (err as Error).message, ...(nextAttemptAt ? { nextAttemptAt } : {}) } }).catch(
        () => undefined,
      );
      if (unavailable) throw err;
      log.error('outbox record failed; parked, its incident waits behind it', { id, workflowId, attempts: attempts + 1, nextAttemptAt, ...errorFields(err) });
      return false;
    }
    await Outbox.deleteOne({ _id: id });
    this.depth.removed(1);
    return true;
  }
}
