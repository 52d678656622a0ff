/** The task fields SLA needs. */
export interface SlaTask {
  status: string;
  dueAt?: Date | null;
  completedAt?: Date | null;
}

/**
 * - `met`: completed at or before its due time;
 * - `missed`: completed after it;
 * - `overdue`: still open or claimed past its due time — counted as missed too, since the SLA is
 *   already lost, and shown apart so leaders see what can still be chased;
 * - `null`: does not count — no due time, not yet due, or skipped/cancelled (nobody finished it, so
 *   it neither met nor missed its SLA).
 */
export type SlaOutcome = 'met' | 'missed' | 'overdue' | null;

export function slaOutcome(task: SlaTask, now: Date): SlaOutcome {
  if (!task.dueAt) return null;
  const due = task.dueAt.getTime();
  if (task.status === 'completed' && task.completedAt) return task.completedAt.getTime() <= due ? 'met' : 'missed';
  if (task.status === 'open' || task.status === 'claimed') return now.getTime() > due ? 'overdue' : null;
  return null;
}

export interface SlaTally {
  met: number;
  /** Completed late plus `overdueOpen`. */
  missed: number;
  overdueOpen: number;
  /** met / (met + missed); null when no task counts. */
  ratio: number | null;
}

export function emptyTally(): SlaTally {
  return { met: 0, missed: 0, overdueOpen: 0, ratio: null };
}

/** Adds one outcome to a tally in place and keeps its ratio current. */
export function addOutcome(tally: SlaTally, outcome: SlaOutcome): SlaTally {
  if (outcome === 'met') tally.met += 1;
  else if (outcome === 'missed') tally.missed += 1;
  else if (outcome === 'overdue') {
    tally.missed += 1;
    tally.overdueOpen += 1;
  }
  const counted = tally.met + tally.missed;
  tally.ratio = counted ? round4(tally.met / counted) : null;
  return tally;
}

export function tallyOf(tasks: readonly SlaTask[], now: Date): SlaTally {
  const tally = emptyTally();
  for (const t of tasks) addOutcome(tally, slaOutcome(t, now));
  return tally;
}

/** Ratios to four decimals: enough for a percentage with two, and stable in CSV and tests. */
export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
