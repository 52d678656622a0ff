/**
 * The alert state machine of one (rule, correlation key), as Grafana keeps it:
 * normal → pending → firing → recovering → normal. Pure: it sees one observation at a time (in
 * observation-time order) and returns the new state plus the transitions it made. Only `fired`,
 * `level-raised`, `peak` and `cleared` leave the process (DESIGN: Temporal sees transitions, never
 * one signal per reading); `pending`, `recovering`, `resumed` and `reset` are kept for the backtest.
 *
 * Time advances on readings (`step`) and on the evaluator's periodic tick (`advance`): a pending
 * period or recovery hold that elapsed takes effect without waiting for the next reading, and a
 * silent stream gets its rule's no-data treatment.
 */
import { SEVERITY_RANK, type Severity } from '../model/incidents';

export { SEVERITY_RANK, type Severity };

export type AlertStatus = 'normal' | 'pending' | 'firing' | 'recovering';

export interface AlertState {
  status: AlertStatus;
  /** Severity being fired (firing, recovering) or waited for (pending). */
  severity?: Severity;
  /** When the current status began (observation time, ms). */
  since?: number;
  /** Firing episodes so far: part of every outbox id, so each episode's records are distinct. */
  episode: number;
  /** Highest value forwarded to the incident in this episode, and when (wall clock) it was sent. */
  peak?: number;
  lastSignalAt?: number;
  /** The last reading applied: a repeated or older one is ignored (crash re-evaluation is idempotent). */
  lastAt?: number;
  lastEventKey?: string;
}

export const INITIAL_STATE: AlertState = { status: 'normal', episode: 0 };

export interface Observation {
  at: number;
  eventKey: string;
  value: unknown;
  /** Highest level whose condition holds for this reading; undefined when none does. */
  matched?: Severity;
  /** The rule's own clear condition holds (only consulted when the rule has one). */
  clearMatched: boolean;
  /** Inside a maintenance window or outside the rule's schedule: nothing may start firing or escalate. */
  suppressed: boolean;
  /** Wall-clock time of evaluation (for the peak-signal spacing); defaults to `at`. */
  now?: number;
}

export interface Timing {
  pendingForMs: number;
  keepFiringForMs: number;
  /** The rule has its own clear condition (hysteresis); otherwise "no level matches" clears. */
  hasClear: boolean;
  clearForMs: number;
  /** While firing at the same level, a new peak value is forwarded at most this often (wall clock). 0 = never. */
  peakSignalMs: number;
}

export type TransitionKind = 'pending' | 'fired' | 'level-raised' | 'peak' | 'recovering' | 'resumed' | 'reset' | 'cleared';

export interface Transition {
  kind: TransitionKind;
  at: number;
  value: unknown;
  severity?: Severity;
  from: AlertStatus;
  to: AlertStatus;
  eventKey: string;
}

/** Transitions that reach Temporal. */
export const SIGNALLED: ReadonlySet<TransitionKind> = new Set(['fired', 'level-raised', 'peak', 'cleared']);

const rank = (s: Severity | undefined) => (s ? SEVERITY_RANK[s] : -1);
const numeric = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function step(prev: AlertState, obs: Observation, timing: Timing): { state: AlertState; transitions: Transition[] } {
  if (prev.lastAt !== undefined && (obs.at < prev.lastAt || obs.eventKey === prev.lastEventKey)) return { state: prev, transitions: [] };
  const s: AlertState = { ...prev, lastAt: obs.at, lastEventKey: obs.eventKey };
  const out: Transition[] = [];
  const move = (kind: TransitionKind, to: AlertStatus, severity = s.severity) => {
    out.push({ kind, at: obs.at, value: obs.value, from: s.status, to, eventKey: obs.eventKey, ...(severity ? { severity } : {}) });
    if (to !== s.status) s.since = obs.at;
    s.status = to;
    if (severity) s.severity = severity;
  };
  const fire = (severity: Severity) => {
    s.episode += 1;
    s.peak = numeric(obs.value);
    s.lastSignalAt = obs.now ?? obs.at;
    move('fired', 'firing', severity);
  };
  const clearing = timing.hasClear ? obs.clearMatched && rank(obs.matched) <= rank(s.severity) : obs.matched === undefined;
  const holdMs = recoveryHoldMs(timing);

  switch (s.status) {
    case 'normal':
      if (!obs.matched) break;
      if (timing.pendingForMs > 0) move('pending', 'pending', obs.matched);
      else if (!obs.suppressed) fire(obs.matched);
      break;
    case 'pending':
      if (!obs.matched) {
        move('reset', 'normal');
        delete s.severity;
        break;
      }
      // The level that held the whole pending period is the lowest seen; the pending severity tracks it.
      if (rank(obs.matched) < rank(s.severity)) s.severity = obs.matched;
      if (obs.at - (s.since ?? obs.at) >= timing.pendingForMs && !obs.suppressed) fire(s.severity ?? obs.matched);
      break;
    case 'firing':
    case 'recovering': {
      if (rank(obs.matched) > rank(s.severity) && !obs.suppressed) {
        s.peak = Math.max(s.peak ?? -Infinity, numeric(obs.value) ?? -Infinity);
        s.lastSignalAt = obs.now ?? obs.at;
        move('level-raised', 'firing', obs.matched);
        break;
      }
      if (s.status === 'firing') {
        if (clearing) {
          move('recovering', 'recovering');
          if (holdMs === 0) clear();
        } else maybePeak();
        break;
      }
      if (!clearing) {
        move('resumed', 'firing');
        maybePeak();
      } else if (obs.at - (s.since ?? obs.at) >= holdMs) clear();
      break;
    }
  }
  return { state: s, transitions: out };

  function clear() {
    move('cleared', 'normal');
    delete s.severity;
    delete s.peak;
  }
  function maybePeak() {
    const v = numeric(obs.value);
    if (!timing.peakSignalMs || v === undefined || obs.suppressed || v <= (s.peak ?? Infinity)) return;
    const now = obs.now ?? obs.at;
    if (s.lastSignalAt !== undefined && now - s.lastSignalAt < timing.peakSignalMs) return;
    s.peak = v;
    s.lastSignalAt = now;
    out.push({ kind: 'peak', at: obs.at, value: obs.value, from: s.status, to: s.status, eventKey: obs.eventKey, ...(s.severity ? { severity: s.severity } : {}) });
  }
}

/** What the periodic tick knows: the wall clock, and what a silent stream's rule makes of the silence. */
export interface Tick {
  now: number;
  /** Label of the tick for transitions and outbox ids (`tick@…`, `no-data@…`). */
  key: string;
  suppressed: boolean;
  /** The last reading's value, carried into a transition the tick makes. */
  value?: unknown;
  /**
   * Set when the stream has been silent longer than the rule allows: `alerting` treats the silence
   * as this level holding, `normal` as nothing holding (clear condition included). Absent = the last
   * reading is taken to still hold (keep-last-state), which is also what a plain time tick assumes.
   */
  noData?: { treatAs: 'alerting'; severity: Severity } | { treatAs: 'normal' };
}

/**
 * Lets time pass without a reading. Without `noData` the last reading's verdict stands: pending
 * fires once its period elapsed, recovering clears once its hold elapsed, normal and firing stay.
 * The last-reading marks are left alone, so silence keeps being measured from the last real reading.
 */
export function advance(prev: AlertState, tick: Tick, timing: Timing): { state: AlertState; transitions: Transition[] } {
  if (prev.lastAt !== undefined && tick.now < prev.lastAt) return { state: prev, transitions: [] };
  let obs: Observation | undefined;
  const base = { at: tick.now, now: tick.now, eventKey: tick.key, value: tick.value, suppressed: tick.suppressed };
  if (tick.noData?.treatAs === 'alerting') obs = { ...base, value: null, matched: tick.noData.severity, clearMatched: false };
  else if (tick.noData?.treatAs === 'normal') obs = { ...base, value: null, clearMatched: true };
  else if (prev.status === 'pending') obs = { ...base, ...(prev.severity ? { matched: prev.severity } : {}), clearMatched: false };
  else if (prev.status === 'recovering') obs = { ...base, clearMatched: true };
  if (!obs) return { state: prev, transitions: [] };
  // No peak forwarding from a tick: it carries no new reading.
  const unmarked: AlertState = { ...prev };
  delete unmarked.lastAt;
  delete unmarked.lastEventKey;
  const { state, transitions } = step(unmarked, obs, { ...timing, peakSignalMs: 0 });
  delete state.lastAt;
  delete state.lastEventKey;
  if (prev.lastAt !== undefined) state.lastAt = prev.lastAt;
  if (prev.lastEventKey !== undefined) state.lastEventKey = prev.lastEventKey;
  return { state, transitions };
}

/** How long a recovering alert waits before it clears. */
function recoveryHoldMs(timing: Timing): number {
  return Math.max(timing.keepFiringForMs, timing.hasClear ? timing.clearForMs : 0);
}

/**
 * The earliest time after `after` at which the clock alone would move this state: a pending period
 * or recovery hold running out, or the stream's silence reaching `noDataMs`. Lets a backtest place
 * the clock's transitions at the moment they are due rather than at the next reading.
 */
export function nextDue(s: AlertState, timing: Timing, after: number, noDataMs?: number): number | undefined {
  const due: number[] = [];
  if (s.status === 'pending' && s.since !== undefined) due.push(s.since + timing.pendingForMs);
  if (s.status === 'recovering' && s.since !== undefined) due.push(s.since + recoveryHoldMs(timing));
  if (noDataMs !== undefined && s.lastAt !== undefined) due.push(s.lastAt + noDataMs);
  const later = due.filter((t) => t > after);
  return later.length ? Math.min(...later) : undefined;
}
