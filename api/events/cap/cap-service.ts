import { CapRoute, Outbox, StoredEvent, eventKey, type CapRouteDoc, type OutboxKind } from '../../../model';
import { incidentWorkflowId, type TriggerEvent } from '../../../workflows/definitions';
import type { IncidentSignalPayload } from '../event-evaluator';
import type { IncidentCancelPayload, IncidentEventPayload } from '../../outbox/incident-commands';
import type { OutboxDispatcher } from '../../outbox/dispatcher';
import { CAP_METRIC, capCorrelationKey, capEventDoc, capSource, capTitle, highestSeverity, incidentSeverity, type CapDecision, type CapEventDoc } from './map-cap';
import { parseCap, type CapAlert, type CapInfo } from './parse-cap';

/** The answer to one posted CAP message. */
export interface CapReceipt {
  stored: true;
  duplicate: boolean;
  /** True when this message opens an incident (an Actual Alert with a matching route). */
  opened: boolean;
  action: CapDecision['action'];
  correlationKey?: string;
  sopKey?: string;
  /** Why nothing was opened or changed. */
  reason?: string;
  /** Update/Cancel: whether a referenced message belongs to a known incident. */
  referenced?: 'known' | 'unknown';
}

type OutboxRecord = { _id: string; kind: OutboxKind; payload: IncidentSignalPayload | IncidentEventPayload | IncidentCancelPayload; attempts: number; createdAt: Date };

/**
 * Receives CAP 1.2 messages: one stored event per message (`cap/<sender>|<identifier>`), and for
 * `status=Actual` an outbox record that opens (Alert), joins (Update) or cancels (Cancel) the
 * incident `cap:<sender>:<identifier>` of the original alert. The event is stored with
 * `dispatch: 'pending'` before the outbox record is written, so a repost after a crash in between
 * writes the record it missed (same deterministic `_id`) instead of losing it.
 */
export class CapService {
  constructor(private readonly dispatcher: Pick<OutboxDispatcher, 'kick'>) {}

  async receive(xml: string, by: string): Promise<CapReceipt> {
    const alert = parseCap(xml);
    const key = eventKey(capSource(alert.sender), alert.identifier);
    const decision = await this.decide(alert);
    const doc = capEventDoc(alert, decision, new Date(), key);
    try {
      await StoredEvent.collection.insertOne(doc as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const stored = await StoredEvent.findById(key, { cap: 1 }).lean();
      const storedCap = stored?.cap as CapEventDoc['cap'] | undefined;
      const previous = storedCap?.decision ?? decision;
      if (storedCap?.dispatch === 'pending') await this.dispatch({ ...doc, cap: { ...doc.cap, decision: previous } }, by);
      return receipt(previous, true, false);
    }
    if (decision.action !== 'none') await this.dispatch(doc, by);
    return receipt(decision, false, decision.action === 'open');
  }

  /** What the message does: only Actual messages touch incidents. */
  private async decide(alert: CapAlert): Promise<CapDecision> {
    if (alert.status !== 'Actual') return { action: 'none', reason: `status ${alert.status}: stored only, incidents are opened by Actual messages` };
    switch (alert.msgType) {
      case 'Alert': {
        const match = await this.route(alert.infos);
        if (!match) return { action: 'none', reason: `no CAP route matches the categories and event of this alert (${describe(alert.infos)})` };
        return { action: 'open', correlationKey: capCorrelationKey(alert.sender, alert.identifier), sopKey: match.sopKey, routeId: match._id };
      }
      case 'Update':
      case 'Cancel': {
        const correlationKey = await this.referencedIncident(alert);
        if (!correlationKey) return { action: 'none', referenced: 'unknown', reason: `no referenced message belongs to an incident` };
        return { action: alert.msgType === 'Update' ? 'update' : 'cancel', correlationKey, referenced: 'known' };
      }
      default:
        return { action: 'none', reason: `msgType ${alert.msgType} does not change incidents` };
    }
  }

  /** The enabled route with the lowest priority matching any info block. */
  private async route(infos: CapInfo[]): Promise<CapRouteDoc | undefined> {
    const routes = (await CapRoute.find({ enabled: true }).lean()) as CapRouteDoc[];
    routes.sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100) || a._id.localeCompare(b._id));
    return routes.find((r) => infos.some((i) => routeMatches(r, i)));
  }

  /**
   * The incident a message refers to: the newest referenced message (by our records) that opened or
   * joined one. Looked up by `_id`, so an Update of an Update finds the original alert's incident.
   */
  private async referencedIncident(alert: CapAlert): Promise<string | undefined> {
    const keys = alert.references.map((r) => eventKey(capSource(r.sender), r.identifier));
    const found = await StoredEvent.find({ _id: { $in: keys } }, { cap: 1, observedAt: 1 }).lean();
    const known = found
      .map((e) => ({ at: e.observedAt, decision: (e.cap as CapEventDoc['cap'] | undefined)?.decision }))
      .filter((e) => e.decision?.correlationKey && e.decision.action !== 'none')
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    return known[0]?.decision?.correlationKey;
  }

  private async dispatch(doc: CapEventDoc, by: string): Promise<void> {
    const record = outboxRecord(doc, by);
    let queued = 1;
    try {
      await Outbox.collection.insertOne(record as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // written before a crash: already queued
      queued = 0;
    }
    await StoredEvent.updateOne({ _id: doc._id }, { $set: { 'cap.dispatch': 'queued' } });
    this.dispatcher.kick(queued);
  }
}

function outboxRecord(doc: CapEventDoc, by: string): OutboxRecord {
  const { decision } = doc.cap;
  const workflowId = incidentWorkflowId(decision.correlationKey!);
  const base = { _id: `cap|${doc._id}`, attempts: 0, createdAt: new Date() };
  if (decision.action === 'cancel') {
    return { ...base, kind: 'incident-cancel', payload: { workflowId, reason: `CAP cancel ${doc.eventId}`, by } };
  }
  const event: TriggerEvent = {
    eventKey: doc._id,
    source: doc.source,
    metric: CAP_METRIC,
    value: doc.value,
    observedAt: doc.observedAt.toISOString(),
    ruleKey: decision.routeId ? `cap-route:${decision.routeId}` : `cap:${doc.cap.msgType.toLowerCase()}`,
    severity: incidentSeverity(highestSeverity(doc.cap.infos)),
    ...(doc.location ? { location: doc.location } : {}),
  };
  if (decision.action === 'update') return { ...base, kind: 'incident-event', payload: { workflowId, event } };
  return {
    ...base,
    kind: 'incident-signal',
    payload: { workflowId, correlationKey: decision.correlationKey!, sopKey: decision.sopKey!, title: capTitle(doc.cap), event },
  };
}

/** Category any-of (any when empty) and event text contains any-of (any when empty); NFC + case-insensitive. */
export function routeMatches(route: Pick<CapRouteDoc, 'categories' | 'eventContains'>, info: Pick<CapInfo, 'categories' | 'event'>): boolean {
  const categories = route.categories ?? [];
  const terms = route.eventContains ?? [];
  if (!categories.length && !terms.length) return false;
  if (categories.length && !info.categories.some((c) => categories.includes(c))) return false;
  const event = fold(info.event);
  return !terms.length || terms.some((t) => event.includes(fold(t)));
}

const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi');

function describe(infos: CapInfo[]): string {
  if (!infos.length) return 'no info block';
  return infos.map((i) => `${i.categories.join('/')}: ${i.event}`).join('; ');
}

function receipt(decision: CapDecision, duplicate: boolean, opened: boolean): CapReceipt {
  return {
    stored: true,
    duplicate,
    opened,
    action: duplicate ? 'none' : decision.action,
    ...(decision.correlationKey ? { correlationKey: decision.correlationKey } : {}),
    ...(decision.sopKey ? { sopKey: decision.sopKey } : {}),
    ...(decision.reason ? { reason: decision.reason } : duplicate ? { reason: 'already received' } : {}),
    ...(decision.referenced ? { referenced: decision.referenced } : {}),
  };
}

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;
