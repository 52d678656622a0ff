import { Outbox, StoredEvent } from '../../model';
import { duplicateKeyIndexes } from '../../platform/database';
import type { RuleStore } from '../../rules/rule-store';
import { incidentWorkflowId, type TriggerEvent } from '../../workflows/definitions';
import type { OutboxDispatcher } from '../outbox/dispatcher';

interface EvaluableEvent {
  _id: string;
  source: string;
  metric: string;
  value: unknown;
  unit?: string;
  observedAt: Date;
  location?: { lat: number; lon: number };
}

export interface IncidentSignalPayload {
  workflowId: string;
  correlationKey: string;
  sopKey: string;
  title: string;
  event: TriggerEvent;
}

/**
 * Runs stored events through the rules. A firing becomes an outbox record (deterministic id) before
 * the event is marked evaluated, so a crash in between re-evaluates and rewrites the same record — never a second one.
 */
export class EventEvaluator {
  constructor(
    private readonly rules: RuleStore,
    private readonly dispatcher: Pick<OutboxDispatcher, 'kick'>,
  ) {}

  async evaluate(events: EvaluableEvent[]): Promise<void> {
    const index = await this.rules.current();
    const outbox: { _id: string; kind: 'incident-signal'; payload: IncidentSignalPayload; attempts: number; createdAt: Date }[] = [];
    const fired = new Map<string, string[]>();
    for (const e of events) {
      const firings = await index.evaluate({ source: e.source, metric: e.metric, value: e.value, ...(e.unit ? { unit: e.unit } : {}), observedAt: e.observedAt.toISOString() });
      for (const f of firings) {
        fired.set(e._id, [...(fired.get(e._id) ?? []), f.rule.key]);
        outbox.push({
          _id: `${f.rule.key}|${e._id}`,
          kind: 'incident-signal',
          attempts: 0,
          createdAt: new Date(),
          payload: {
            workflowId: incidentWorkflowId(f.correlationKey),
            correlationKey: f.correlationKey,
            sopKey: f.rule.action.sopKey,
            title: f.title,
            event: {
              eventKey: e._id,
              source: e.source,
              metric: e.metric,
              value: e.value,
              observedAt: e.observedAt.toISOString(),
              ruleKey: f.rule.key,
              severity: f.rule.action.severity,
              ...(e.location ? { location: e.location } : {}),
            },
          },
        });
      }
    }
    if (outbox.length) {
      try {
        await Outbox.collection.insertMany(outbox as never[], { ordered: false });
      } catch (err) {
        if (!duplicateKeyIndexes(err)) throw err; // duplicates: written before a crash, already queued
      }
      this.dispatcher.kick();
    }
    const evaluatedAt = new Date();
    await StoredEvent.collection.bulkWrite(
      events.map((e) => ({ updateOne: { filter: { _id: e._id } as never, update: { $set: { evaluatedAt, ...(fired.has(e._id) ? { fired: fired.get(e._id) } : {}) } } } })),
      { ordered: false },
    );
  }

  /** After a crash: evaluates whatever was stored but never evaluated. */
  async sweepUnevaluated(batchSize = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const pending = await StoredEvent.find({ evaluatedAt: { $exists: false } })
        .limit(batchSize)
        .lean();
      if (!pending.length) return total;
      await this.evaluate(
        pending.map((p) => ({
          ...p,
          unit: p.unit ?? undefined,
          location: p.location?.lat !== undefined && p.location?.lon !== undefined ? { lat: p.location.lat, lon: p.location.lon } : undefined,
        })) as EvaluableEvent[],
      );
      total += pending.length;
    }
  }
}
