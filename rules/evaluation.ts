import { isoDurationToMs } from '../sop/duration';
import { SIGNALLED, advance, nextDue, step, type AlertState, type Observation, type Tick, type Transition } from './alert-machine';
import { ruleLevels, type RuleDefinition, type RuleIndex, type RuleMatch } from './rule-index';
import { isSuppressed } from './schedule';
import { WindowStore } from './window';

/** A stored event as the evaluator reads it. */
export interface EvaluableEvent {
  _id: string;
  source: string;
  metric: string;
  value: unknown;
  /** The ward (org unit) of the source, set by normalisation (`unit` on a stored event is the measurement unit). */
  orgUnit?: string;
  /** Source type, set by normalisation (`flood-sensor`, `camera-ai`, …). */
  sourceType?: string;
  observedAt: Date;
  location?: { lat: number; lon: number };
  /** Normalisation doubts this reading: it is never evaluated. */
  suspect?: boolean;
}

export interface Observed {
  stateId: string;
  match: RuleMatch;
  obs: Observation;
}

export const alertStateId = (ruleKey: string, correlationKey: string) => `${ruleKey}|${correlationKey}`;

/**
 * Windows the reading (numeric values of streams whose rules look back), then asks every rule of its groups
 * what holds. Shared by live evaluation and the backtest so both run the same code.
 */
export async function observe(index: RuleIndex, windows: WindowStore, e: EvaluableEvent, now?: number): Promise<Observed[]> {
  if (e.suspect || !index.covers({ source: e.source, metric: e.metric, ...(e.sourceType ? { type: e.sourceType } : {}) })) return [];
  const at = e.observedAt.getTime();
  const keepMs = index.lookbackMs({ source: e.source, metric: e.metric, ...(e.sourceType ? { type: e.sourceType } : {}) });
  if (keepMs > 0 && typeof e.value === 'number' && Number.isFinite(e.value)) windows.add(WindowStore.key(e.source, e.metric), { t: at, v: e.value }, keepMs);
  const matches = await index.evaluate(
    {
      source: e.source,
      metric: e.metric,
      value: e.value,
      observedAt: e.observedAt.toISOString(),
      ...(e.orgUnit ? { unit: e.orgUnit } : {}),
      ...(e.sourceType ? { type: e.sourceType } : {}),
      ...(e.location ? { location: e.location } : {}),
    },
    windows,
  );
  return matches.map((match) => ({
    stateId: alertStateId(match.rule.key, match.correlationKey),
    match,
    obs: {
      at,
      eventKey: e._id,
      value: e.value,
      ...(match.matched ? { matched: match.matched } : {}),
      clearMatched: match.clearMatched,
      suppressed: match.suppressed,
      ...(now !== undefined ? { now } : {}),
    },
  }));
}

/** The silence after which the rule's no-data treatment applies (ms), when it has one that changes anything. */
export function noDataAfterMs(rule: RuleDefinition): number | undefined {
  return rule.noData && rule.noData.treatAs !== 'keep-last' ? isoDurationToMs(rule.noData.after) : undefined;
}

/** What the clock tells a state of this rule at `now`: schedule suppression and, past the silence limit, the no-data treatment. */
export function clockTick(rule: RuleDefinition, state: AlertState, now: number, value: unknown): Tick {
  const silentMs = noDataAfterMs(rule);
  let noData: Tick['noData'];
  if (silentMs !== undefined && state.lastAt !== undefined && now - state.lastAt >= silentMs) {
    const levels = ruleLevels(rule);
    noData = rule.noData!.treatAs === 'normal' ? { treatAs: 'normal' } : { treatAs: 'alerting', severity: rule.noData!.severity ?? levels[levels.length - 1]!.severity };
  }
  return {
    now,
    key: `${noData ? 'no-data' : 'tick'}@${new Date(now).toISOString()}`,
    suppressed: isSuppressed(now, rule.schedule, rule.maintenanceWindows),
    value: noData ? null : value,
    ...(noData ? { noData } : {}),
  };
}

/** One backtest or live timeline entry. */
export interface TimelineEntry extends Transition {
  ruleKey: string;
  correlationKey: string;
  signalled: boolean;
}

export interface BacktestResult {
  events: number;
  transitions: TimelineEntry[];
  /** Final state per correlation key. */
  states: Record<string, AlertState>;
}

/**
 * Runs the state machine over events in observation order, in memory, with fresh windows: the
 * timeline a rule would have produced. `now` follows the readings, so peak spacing is judged on
 * observation time; the clock's own transitions (a pending period or recovery hold running out, a
 * silent stream) are placed when they fall due, as the live tick would make them, up to `until`.
 */
export async function backtest(index: RuleIndex, events: Iterable<EvaluableEvent>, until?: number): Promise<BacktestResult> {
  const windows = new WindowStore();
  const states = new Map<string, { state: AlertState; match: RuleMatch; value: unknown }>();
  const transitions: TimelineEntry[] = [];
  const record = (ts: Transition[], match: RuleMatch) => {
    for (const t of ts)
      transitions.push({ ...t, ruleKey: match.rule.key, correlationKey: match.correlationKey, signalled: SIGNALLED.has(t.kind) && match.rule.action.type === 'open-incident' });
  };
  const catchUp = (to: number) => {
    for (const entry of states.values()) {
      let cursor = entry.state.lastAt ?? -Infinity;
      // A handful of clock moves at most between two readings (pending → firing, recovering → normal, no-data).
      for (let moves = 0; moves < 8; moves++) {
        const due = nextDue(entry.state, entry.match.timing, cursor, noDataAfterMs(entry.match.rule));
        if (due === undefined || due > to) break;
        cursor = due;
        const { state, transitions: ts } = advance(entry.state, clockTick(entry.match.rule, entry.state, due, entry.value), entry.match.timing);
        entry.state = state;
        record(ts, entry.match);
      }
    }
  };
  let count = 0;
  for (const e of events) {
    count++;
    catchUp(e.observedAt.getTime() - 1);
    for (const { stateId, match, obs } of await observe(index, windows, e)) {
      const { state, transitions: ts } = step(states.get(stateId)?.state ?? { status: 'normal', episode: 0 }, obs, match.timing);
      states.set(stateId, { state, match, value: e.value });
      record(ts, match);
    }
  }
  if (until !== undefined) catchUp(until);
  return { events: count, transitions, states: Object.fromEntries([...states].map(([id, s]) => [id, s.state])) };
}
