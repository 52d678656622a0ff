import { randomUUID } from 'node:crypto';
import { AlertStateModel, Outbox, PendingEvaluation, StoredEvent, type AlertStateDoc } from '../../model';
import { duplicateKeyIndexes } from '../../platform/database';
import { createLogger } from '../../platform/log';
import { SIGNALLED, advance, step, type AlertState, type Observation, type Transition } from '../../rules/alert-machine';
import { clockTick, observe, type EvaluableEvent, type Observed } from '../../rules/evaluation';
import { describeMatch, ruleTiming, type RuleIndex, type RuleMatch } from '../../rules/rule-index';
import type { RuleStore } from '../../rules/rule-store';
import { WindowStore } from '../../rules/window';
import { incidentWorkflowId, type IncidentCleared, type TriggerEvent } from '../../workflows/definitions';
import type { OutboxDispatcher } from '../outbox/dispatcher';
import { AlertStateCache } from './alert-state-cache';
import { KeyedLock } from './keyed-lock';
import { WindowWarmer, type RuleGroupRef } from './window-warmer';

export type { EvaluableEvent } from '../../rules/evaluation';

const log = createLogger('rules');

export interface IncidentSignalPayload {
  workflowId: string;
  correlationKey: string;
  sopKey: string;
  title: string;
  event: TriggerEvent;
  /** The rule's variables mapping, rendered over the reading (start input only). */
  variables?: Record<string, unknown>;
}

export interface IncidentClearedPayload extends IncidentCleared {
  workflowId: string;
}

export interface OutboxRecord {
  _id: string;
  kind: 'incident-signal' | 'incident-cleared';
  payload: IncidentSignalPayload | IncidentClearedPayload;
  attempts: number;
  createdAt: Date;
}

interface Working {
  state: AlertState;
  rev: number;
  outbox: OutboxRecord[];
  steps: { match: RuleMatch; obs: Observation; event: EvaluableEvent }[];
  /** What was read, minus the last-reading marks: a batch that changed nothing else writes nothing. */
  loaded: string;
  /** The last-reading time as read, to refresh it for rules that watch for silence. */
  loadedLastAt?: number;
}

/** The reading that last moved an alert state, kept on the state so the tick can word a signal without reading events. */
interface LastReading {
  source: string;
  metric: string;
  value: unknown;
  observedAt: Date;
  orgUnit?: string;
  sourceType?: string;
  location?: { lat: number; lon: number };
}

const NO_DATA_TEXT = 'không có dữ liệu';

/**
 * A batch still awaiting the rules this long after it was received was cut short (the database went
 * away mid-request, say) and its sender did not retry: the tick evaluates it, rather than the next start.
 */
export const STALE_PENDING_MS = 60_000;

/** How stale a stream's last-reading mark may get in the database before a reading refreshes it (rules with a no-data policy). */
const LAST_SEEN_REFRESH_MS = 60_000;
/** How stale the last reading of a pending or recovering state may get (the tick words its signal from it). */
export const MOVING_MARK_REFRESH_MS = 30_000;

/**
 * Runs stored events through the rules and the alert state machine of each (rule, correlation key).
 *
 * Where the outbox lives: a transition that must reach Temporal is written as a pending outbox entry
 * *inside the alert-state document*, in the same single-document write that moves the state
 * (FerretDB has no multi-document transactions; a single-document write is atomic on both
 * databases). The entries are then copied to the outbox collection with deterministic ids
 * (`stateId|episode|kind|eventKey`, so a repeated copy is a duplicate-key no-op) and removed from
 * the state document only if no other write touched it since. A crash after the state write leaves
 * the entries in the document, and `recoverPendingOutbox` (run on start) copies them. This keeps the
 * shared dispatcher unchanged in what it reads: the outbox collection.
 *
 * One evaluating process per source (DESIGN's scale-out path partitions sources); the revision check
 * on every write still detects a second writer and re-applies the readings over the newer state.
 */
export class EventEvaluator {
  private readonly windows = new WindowStore();
  private readonly warmer = new WindowWarmer(this.windows);
  private readonly states = new AlertStateCache();
  /** Held per alert state while a batch (or the tick) reads, steps and writes it. */
  private readonly locks = new KeyedLock();

  constructor(
    private readonly rules: RuleStore,
    private readonly dispatcher: Pick<OutboxDispatcher, 'kick'>,
    /** Metrics: readings × rules evaluated and the batch's time. */
    private readonly observer?: { ruleEvaluated(evaluations: number, seconds: number): void },
  ) {}

  /**
   * Records that the readings about to be stored with this `receivedAt` await the rules: a crash
   * between storing and evaluating leaves the record for `sweepUnevaluated`. Returns the id
   * `evaluate` clears.
   */
  async markPending(receivedAt: Date): Promise<string> {
    const _id = randomUUID();
    await PendingEvaluation.collection.insertOne({ _id, receivedAt } as never);
    return _id;
  }

  /**
   * Evaluates stored readings, then deletes their batch's pending record (`pendingId`, from
   * markPending). Nothing is written back to the readings: on FerretDB 1.24 an update scans the
   * collection, and the events collection is the largest (a storm's fires each took a second). What
   * a reading fired is in its outbox record's id and on the incident's timeline.
   */
  async evaluate(events: EvaluableEvent[], pendingId?: string): Promise<void> {
    const started = performance.now();
    const index = await this.rules.current();
    // Only the groups this batch reads: warming every rule's group on the first batch scanned the
    // events collection once per rule (minutes with 1,000 rules on FerretDB) before anything was evaluated.
    await this.warmer.warm(index, groupsOf(events));
    const ordered = [...events].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
    const now = Date.now();
    // Observing needs no alert state, so every state the batch touches is read in one go, and
    // only those this process has not met come from the database (each query a scan on FerretDB 1.24).
    const observed: { event: EvaluableEvent; seen: Observed }[] = [];
    for (const event of ordered) for (const seen of await observe(index, this.windows, event, now)) observed.push({ event, seen });
    const stateIds = [...new Set(observed.map((o) => o.seen.stateId))];
    let queued = 0;
    await this.locks.run(stateIds, async () => {
      const working = await this.loadStates(stateIds);
      for (const { event: e, seen } of observed) {
        const { stateId, match, obs } = seen;
        const w = working.get(stateId)!;
        w.steps.push({ match, obs, event: e });
        const { state, transitions } = step(w.state, obs, match.timing);
        w.state = state;
        for (const t of transitions) {
          const record = outboxRecord(stateId, state, t, match, e);
          if (record) w.outbox.push(record);
        }
      }
      try {
        for (const [stateId, w] of working) queued += await this.persist(stateId, w);
      } catch (err) {
        // Half-way (the database went away): what this process remembers may not be what is stored.
        for (const id of stateIds) this.states.forget(id);
        throw err;
      }
    });
    if (queued) this.dispatcher.kick(queued);
    if (pendingId) await PendingEvaluation.collection.deleteOne({ _id: pendingId } as never);
    this.observer?.ruleEvaluated(observed.length, (performance.now() - started) / 1000);
  }

  /**
   * The states of `stateIds` (a fresh one for each not stored yet), in the order given: from what
   * this process remembers, the rest in one query.
   */
  private async loadStates(stateIds: string[]): Promise<Map<string, Working>> {
    const known = new Map<string, Working>();
    const missing: string[] = [];
    for (const id of stateIds) {
      const hit = this.states.get(id);
      if (hit) known.set(id, workingFrom(hit.state, hit.rev));
      else missing.push(id);
    }
    if (missing.length) {
      const docs = await AlertStateModel.find({ _id: { $in: missing } }).lean();
      const byId = new Map(docs.map((d) => [d._id, d]));
      for (const id of missing) {
        const w = toWorking(byId.get(id));
        if (!w.outbox.length) this.states.set(id, w.state, w.rev);
        known.set(id, w);
      }
    }
    return new Map(stateIds.map((id) => [id, known.get(id)!]));
  }

  /** Writes state + pending outbox entries in one document write, then moves the entries to the outbox collection. */
  private async persist(stateId: string, w: Working): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      if (!w.outbox.length && !changed(w) && !marksDue(w)) return 0;
      const [ruleKey, ...rest] = stateId.split('|');
      const last = w.steps[w.steps.length - 1]?.match;
      const lastEvent = w.steps[w.steps.length - 1]?.event;
      const doc = {
        ...w.state,
        ruleKey,
        correlationKey: rest.join('|'),
        ...(last?.rule.version ? { ruleVersion: last.rule.version } : {}),
        ...(lastEvent ? { reading: lastReadingOf(lastEvent) } : {}),
        rev: w.rev + 1,
        outbox: w.outbox,
        updatedAt: new Date(),
      };
      if (await writeState(stateId, w.rev, doc)) {
        await copyToOutbox(stateId, doc.rev, w.outbox);
        this.states.set(stateId, w.state, doc.rev);
        return w.outbox.length;
      }
      this.states.forget(stateId);
      if (attempt >= 3) throw new Error(`alert state ${stateId} keeps changing under this evaluator`);
      log.warn('alert state changed by another writer; re-applying the readings', { stateId, workflowId: incidentWorkflowId(rest.join('|')) });
      const fresh = await loadState(stateId);
      for (const s of w.steps) {
        const { state, transitions } = step(fresh.state, s.obs, s.match.timing);
        fresh.state = state;
        for (const t of transitions) {
          const record = outboxRecord(stateId, state, t, s.match, s.event);
          if (record) fresh.outbox.push(record);
        }
      }
      Object.assign(w, { state: fresh.state, rev: fresh.rev, outbox: fresh.outbox, loaded: fresh.loaded });
    }
  }

  /**
   * Lets time pass without readings: pending periods and recovery holds that elapsed take effect,
   * and streams silent past their rule's `noData.after` get its treatment. Reads the alert states
   * that can move (pending, recovering, or of a rule watching for silence); a state a reading
   * changed meanwhile is left to the next tick. Returns how many outbox entries it queued.
   */
  async tick(now = Date.now()): Promise<number> {
    const index = await this.rules.current();
    const watching = index.rules.filter((r) => r.noData && r.noData.treatAs !== 'keep-last').map((r) => r.key);
    const moving = { status: { $in: ['pending', 'recovering'] as AlertState['status'][] } };
    const docs = await AlertStateModel.find(watching.length ? { $or: [moving, { ruleKey: { $in: watching } }] } : moving).lean();
    let queued = 0;
    for (const doc of docs) queued += await this.locks.run([doc._id], () => this.tickState(index, doc, now));
    if (queued) this.dispatcher.kick(queued);
    return queued;
  }

  /** One state's move by the clock (under its lock); returns the outbox entries it queued. */
  private async tickState(index: RuleIndex, doc: AlertStateDoc & { rev: number }, now: number): Promise<number> {
    const rule = index.rule(doc.ruleKey);
    const reading = doc.reading as LastReading | undefined;
    if (!rule || !reading) return 0;
    const { state } = workingOf(doc);
    const tick = clockTick(rule, state, now, reading.value);
    const { state: next, transitions } = advance(state, tick, ruleTiming(rule));
    if (!transitions.length) return 0;
    // A title over a silent stream reads "không có dữ liệu" (no data) where the value would be.
    const match = describeMatch(rule, { ...factsOf(reading), value: tick.noData ? NO_DATA_TEXT : tick.value }, now);
    const event: EvaluableEvent = { ...reading, _id: tick.key, value: tick.value, observedAt: new Date(now) };
    const records = transitions.map((t) => outboxRecord(doc._id, next, t, match, event)).filter((r): r is OutboxRecord => !!r);
    const outbox = [...((doc.outbox ?? []) as OutboxRecord[]), ...records];
    const { ruleKey, correlationKey, ruleVersion } = doc;
    const written = { ...next, ruleKey, correlationKey, ...(ruleVersion ? { ruleVersion } : {}), reading, rev: doc.rev + 1, outbox, updatedAt: new Date() };
    if (!(await writeState(doc._id, doc.rev, written))) {
      this.states.forget(doc._id);
      return 0;
    }
    log.info('alert state moved by the clock', {
      stateId: doc._id,
      workflowId: incidentWorkflowId(correlationKey),
      transitions: transitions.map((t) => t.kind),
      ...(tick.noData ? { noData: tick.noData.treatAs } : {}),
    });
    await copyToOutbox(doc._id, written.rev, outbox);
    this.states.set(doc._id, next, written.rev);
    return records.length;
  }

  /** Ticks every `everyMs` until stopped; a failed tick is logged and the next one tries again. */
  startTicking(everyMs: number): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.tick()
        .then(() => this.sweepUnevaluated({ olderThanMs: STALE_PENDING_MS }))
        .catch((err: unknown) => log.error('rule tick failed', { error: String(err) }))
        .finally(() => (running = false));
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * After a crash: evaluates the readings of every batch still pending (re-evaluating one that was
   * already evaluated changes nothing: the alert states ignore readings they have seen), and queues
   * outbox entries left in alert states. With `olderThanMs` (the tick): only batches pending that
   * long, i.e. cut short in this or another running process.
   */
  async sweepUnevaluated(opts: { olderThanMs?: number; now?: number } = {}): Promise<number> {
    const filter = opts.olderThanMs !== undefined ? { receivedAt: { $lt: new Date((opts.now ?? Date.now()) - opts.olderThanMs) } } : {};
    const pending = await PendingEvaluation.find(filter).sort({ receivedAt: 1 }).lean();
    // While running, only a batch cut short can leave entries in alert states: look for them then.
    if (opts.olderThanMs === undefined || pending.length) await recoverPendingOutbox();
    let total = 0;
    for (const batch of pending) {
      // Readings stored already evaluated (suspect ones, CAP alerts) carry evaluatedAt.
      const stored = await StoredEvent.find({ receivedAt: batch.receivedAt, evaluatedAt: { $exists: false } }).lean();
      const events = stored
        .filter((p) => !p.suspect)
        .map((p) => ({
          ...p,
          location: p.location?.lat !== undefined && p.location?.lon !== undefined ? { lat: p.location.lat, lon: p.location.lon } : undefined,
        })) as EvaluableEvent[];
      await this.evaluate(events, batch._id);
      total += events.length;
    }
    return total;
  }
}

/** The rule groups a batch's readings belong to: by source and, when known, by source type. */
function groupsOf(events: EvaluableEvent[]): RuleGroupRef[] {
  const groups = new Map<string, RuleGroupRef>();
  for (const e of events) {
    groups.set(`s|${e.source}|${e.metric}`, { source: e.source, metric: e.metric });
    if (e.sourceType) groups.set(`t|${e.sourceType}|${e.metric}`, { sourceType: e.sourceType, metric: e.metric });
  }
  return [...groups.values()];
}

async function loadState(stateId: string): Promise<Working> {
  return toWorking(await AlertStateModel.findById(stateId).lean());
}

function toWorking(doc: AlertStateDoc | null | undefined): Working {
  if (!doc) return { state: { status: 'normal', episode: 0 }, rev: 0, outbox: [], steps: [], loaded: fingerprint({ status: 'normal', episode: 0 }) };
  return workingOf(doc);
}

function workingOf(doc: AlertStateDoc & { rev: number }): Working {
  const state: AlertState = { status: doc.status, episode: doc.episode ?? 0 };
  for (const f of ['severity', 'since', 'peak', 'lastSignalAt', 'lastAt', 'lastEventKey'] as const) {
    if (doc[f] !== undefined && doc[f] !== null) (state as unknown as Record<string, unknown>)[f] = doc[f];
  }
  return workingFrom(state, doc.rev, (doc.outbox ?? []) as OutboxRecord[]);
}

function workingFrom(state: AlertState, rev: number, outbox: OutboxRecord[] = []): Working {
  return { state, rev, outbox, steps: [], loaded: fingerprint(state), ...(state.lastAt !== undefined ? { loadedLastAt: state.lastAt } : {}) };
}

/** One conditional write of a whole alert state (insert when `rev` is 0); false when another writer got there first. */
async function writeState(stateId: string, rev: number, doc: object): Promise<boolean> {
  try {
    const res = await AlertStateModel.collection.replaceOne({ _id: stateId, rev } as never, doc as never, { upsert: rev === 0 });
    return res.matchedCount + res.upsertedCount > 0;
  } catch (err) {
    // An insert raced another writer's insert: a single write reports `code` itself, a bulk one `writeErrors`.
    if ((err as { code?: number }).code !== 11000 && !duplicateKeyIndexes(err)) throw err;
    return false;
  }
}

/**
 * Marks worth writing although the state did not change: while pending or recovering the tick
 * words its signal from the last reading (refreshed every half minute), and a rule watching for
 * silence needs a recent last-reading time (refreshed about once a minute). Not on every reading:
 * in a storm every sensor of a sustained-for rule sits pending, and a write per reading was most of
 * the ingest's cost (bench:e2e).
 */
function marksDue(w: Working): boolean {
  if (!w.steps.length || w.state.lastAt === w.loadedLastAt) return false;
  const since = (w.state.lastAt ?? 0) - (w.loadedLastAt ?? 0);
  if (w.state.status === 'pending' || w.state.status === 'recovering') return w.loadedLastAt === undefined || since >= MOVING_MARK_REFRESH_MS;
  const rule = w.steps[w.steps.length - 1]!.match.rule;
  return !!rule.noData && since >= LAST_SEEN_REFRESH_MS;
}

function lastReadingOf(e: EvaluableEvent): LastReading {
  return {
    source: e.source,
    metric: e.metric,
    value: e.value,
    observedAt: e.observedAt,
    ...(e.orgUnit ? { orgUnit: e.orgUnit } : {}),
    ...(e.sourceType ? { sourceType: e.sourceType } : {}),
    ...(e.location ? { location: e.location } : {}),
  };
}

function factsOf(r: LastReading) {
  return {
    source: r.source,
    metric: r.metric,
    value: r.value,
    observedAt: new Date(r.observedAt).toISOString(),
    ...(r.orgUnit ? { unit: r.orgUnit } : {}),
    ...(r.sourceType ? { type: r.sourceType } : {}),
    ...(r.location ? { location: r.location } : {}),
  };
}

/**
 * Readings that change nothing but the last-reading marks (a normal stream staying normal, a firing
 * one at the same level) are not written: the marks only guard re-evaluation, and re-applying such a
 * reading changes nothing either.
 */
function changed(w: Working): boolean {
  return fingerprint(w.state) !== w.loaded;
}

function fingerprint({ lastAt: _at, lastEventKey: _key, ...rest }: AlertState): string {
  return JSON.stringify(Object.entries(rest).sort(([x], [y]) => x.localeCompare(y)));
}

function outboxRecord(stateId: string, state: AlertState, t: Transition, match: RuleMatch, e: EvaluableEvent): OutboxRecord | undefined {
  const rule = match.rule;
  if (!SIGNALLED.has(t.kind) || rule.action.type !== 'open-incident' || !rule.action.sopKey) return undefined;
  const base = { _id: `${stateId}|${state.episode}|${t.kind}|${e._id}`, attempts: 0, createdAt: new Date() };
  const workflowId = incidentWorkflowId(match.correlationKey);
  if (t.kind === 'cleared') {
    return {
      ...base,
      kind: 'incident-cleared',
      payload: { workflowId, ruleKey: rule.key, correlationKey: match.correlationKey, eventKey: e._id, value: e.value, clearedAt: e.observedAt.toISOString() },
    };
  }
  return {
    ...base,
    kind: 'incident-signal',
    payload: {
      workflowId,
      correlationKey: match.correlationKey,
      sopKey: rule.action.sopKey,
      title: match.title,
      ...(Object.keys(match.variables).length ? { variables: match.variables } : {}),
      event: {
        eventKey: e._id,
        source: e.source,
        metric: e.metric,
        value: e.value,
        observedAt: e.observedAt.toISOString(),
        ruleKey: rule.key,
        severity: t.severity ?? state.severity ?? 'warning',
        ...(e.location ? { location: e.location } : {}),
      },
    },
  };
}

/** Copies entries to the outbox collection (duplicates = already copied) and empties the state's list if unchanged since. */
async function copyToOutbox(stateId: string, rev: number, records: OutboxRecord[]): Promise<void> {
  if (!records.length) return;
  try {
    await Outbox.collection.insertMany(records as never[], { ordered: false });
  } catch (err) {
    if (!duplicateKeyIndexes(err)) throw err;
  }
  await AlertStateModel.collection.updateOne({ _id: stateId, rev } as never, { $set: { outbox: [] } });
}

/** On start: alert states still holding outbox entries (a crash between the two writes). The collection holds one document per (rule, key). */
export async function recoverPendingOutbox(): Promise<number> {
  const stuck = await AlertStateModel.find({ 'outbox.0': { $exists: true } }).lean();
  for (const s of stuck) await copyToOutbox(s._id, s.rev, s.outbox as OutboxRecord[]);
  if (stuck.length) log.info('queued outbox entries left in alert states', { states: stuck.length });
  return stuck.length;
}
