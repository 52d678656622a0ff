import type { Client } from '@temporalio/client';
import { Outbox } from '../../model';
import { createLogger, errorFields } from '../../platform/log';
import { INCIDENT_WORKFLOW_TYPE, incidentEventSignal, type TriggerEvent } from '../../workflows/definitions';
import type { incidentWorkflow } from '../../workflows/incident-workflow';
import type { IncidentSignalPayload } from '../events/event-evaluator';
import { deliverIncidentCommand } from './incident-commands';

const log = createLogger('outbox');

/**
 * Delivers outbox records to Temporal with signal-with-start on `incident:<correlationKey>`: a new
 * key starts an incident, an open one receives the reading. A record is deleted only after Temporal
 * accepted it; failures are retried with back-off until Temporal is back.
 */
export class OutboxDispatcher {
  private running = false;
  private stopped = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private idle: Promise<void> = Promise.resolve();

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

  /** Asks for a delivery round now (coalesced with one already running). */
  kick(): void {
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
      const delay = this.failures ? Math.min(30_000, 500 * 2 ** Math.min(this.failures, 6)) : this.pollMs;
      this.timer = setTimeout(() => this.kick(), delay);
      this.timer.unref();
    });
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const batch = await Outbox.find({}).sort({ createdAt: 1 }).limit(100).lean();
        if (!batch.length || this.stopped) break;
        for (const record of batch) {
          if (this.stopped) return;
          const { kind, payload } = record;
          if (kind === 'incident-signal') await this.deliver(record._id, () => this.signalWithStart(payload as IncidentSignalPayload));
          // Kinds addressing an existing incident (CAP Update/Cancel): see incident-commands.ts.
          else await this.deliver(record._id, () => deliverIncidentCommand(this.client, kind, payload));
        }
      }
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      log.warn('outbox delivery failed; will retry', { failures: this.failures, ...errorFields(err) });
    }
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

  private async deliver(id: string, send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (err) {
      await Outbox.updateOne({ _id: id }, { $inc: { attempts: 1 }, $set: { lastError: (err as Error).message } }).catch(() => undefined);
      throw err;
    }
    await Outbox.deleteOne({ _id: id });
  }
}
