import { SIGNALLED, step, type AlertState, type Observation, type Transition } from './alert-machine';
import type { RuleIndex, RuleMatch } from './rule-index';
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
 * Windows the reading (numeric values of covered streams only), then asks every rule of its groups
 * what holds. Shared by live evaluation and the backtest so both run the same code.
 */
export async function observe(index: RuleIndex, windows: WindowStore, e: EvaluableEvent, now?: number): Promise<Observed[]> {
  if (e.suspect || !index.covers({ source: e.source, metric: e.metric, ...(e.sourceType ? { type: e.sourceType } : {}) })) return [];
  const at = e.observedAt.getTime();
  if (typeof e.value === 'number' && Number.isFinite(e.value)) windows.add(WindowStore.key(e.source, e.metric), { t: at, v: e.value });
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
 * observation time.
 */
export async function backtest(index: RuleIndex, events: Iterable<EvaluableEvent>): Promise<BacktestResult> {
  const windows = new WindowStore();
  const states = new Map<string, AlertState>();
  const transitions: TimelineEntry[] = [];
  let count = 0;
  for (const e of events) {
    count++;
    for (const { stateId, match, obs } of await observe(index, windows, e)) {
      const { state, transitions: ts } = step(states.get(stateId) ?? { status: 'normal', episode: 0 }, obs, match.timing);
      states.set(stateId, state);
      for (const t of ts)
        transitions.push({ ...t, ruleKey: match.rule.key, correlationKey: match.correlationKey, signalled: SIGNALLED.has(t.kind) && match.rule.action.type === 'open-incident' });
    }
  }
  return { events: count, transitions, states: Object.fromEntries(states) };
}
