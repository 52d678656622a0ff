import { type Bucket, bucketIndex, bucketStarts, formatVn } from './buckets';
import { between, mean, summarise } from './durations';
import { groupBy, isOpen, type IncidentFacts, type TaskFacts } from './facts';
import type { OrgTree } from './org-tree';
import { addOutcome, emptyTally, slaOutcome, tallyOf } from './sla';

/**
 * The dashboard's views, computed in TypeScript over the bounded sets the service loaded (FerretDB
 * cannot group by date or compute durations). "Incidents of the period" are those opened within
 * [from, to]; MTTA, MTTR, SLA and step times are about them and their tasks.
 */

export interface Period {
  from: Date;
  to: Date;
}

const mttaOf = (i: IncidentFacts) => between(i.openedAt, i.acknowledgedAt);
const mttrOf = (i: IncidentFacts) => between(i.openedAt, i.resolvedAt);
const defined = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);

/**
 * `open` is a snapshot of now — incidents open or monitoring at this moment, whenever they were
 * opened — because "what is open" is a question about the present; the period (with the SOP, unit
 * and severity filters, which do apply) governs MTTA, MTTR and SLA. `wards` lists the ward rows to
 * show even at zero; incidents outside any ward form one `ward: null` row, present only when non-zero.
 */
export function overviewView(input: { period: Period; incidents: IncidentFacts[]; open: IncidentFacts[]; tasks: TaskFacts[]; org: OrgTree; wards: string[]; now: Date }) {
  const { org } = input;
  const bySeverity = { info: 0, warning: 0, critical: 0 };
  const rows = new Map<string | null, { ward: string | null; name: string | null; info: number; warning: number; critical: number; total: number }>();
  const row = (ward: string | null) => {
    let r = rows.get(ward);
    if (!r) rows.set(ward, (r = { ward, name: org.name(ward), info: 0, warning: 0, critical: 0, total: 0 }));
    return r;
  };
  for (const w of input.wards) row(w);
  const open = input.open.filter(isOpen);
  for (const i of open) {
    const severity = i.severity as keyof typeof bySeverity;
    if (!(severity in bySeverity)) continue;
    bySeverity[severity] += 1;
    const r = row(org.wardOf(i.unit));
    r[severity] += 1;
    r.total += 1;
  }
  const byWard = [...rows.values()].sort((a, b) => (a.ward === null ? 1 : b.ward === null ? -1 : (a.name ?? a.ward).localeCompare(b.name ?? b.ward, 'vi')));
  const sla = tallyOf(input.tasks, input.now);
  return {
    period: { from: input.period.from.toISOString(), to: input.period.to.toISOString() },
    open: { total: open.length, bySeverity, byWard },
    mtta: summarise(defined(input.incidents.map(mttaOf))),
    mttr: summarise(defined(input.incidents.map(mttrOf))),
    sla: { met: sla.met, missed: sla.missed, ratio: sla.ratio },
  };
}

/**
 * One bucket per Vietnamese day or week of the period, empty ones included. `opened`, MTTA, MTTR
 * and the SLA ratio follow the incidents opened in the bucket (so they add up to the overview);
 * `resolved` counts resolutions that happened in the bucket, also of incidents opened before the
 * period (`resolved` holds those, loaded by resolvedAt).
 */
export function trendsView(input: { period: Period; bucket: Bucket; incidents: IncidentFacts[]; resolved: IncidentFacts[]; tasks: TaskFacts[]; now: Date }) {
  const { bucket } = input;
  const starts = bucketStarts(input.period.from, input.period.to, bucket);
  const opened = starts.map(() => [] as IncidentFacts[]);
  const resolved = starts.map(() => 0);
  for (const i of input.incidents) opened[bucketIndex(starts, i.openedAt, bucket)]?.push(i);
  const inPeriod = (t: Date) => t >= input.period.from && t <= input.period.to;
  for (const i of input.resolved) {
    if (!i.resolvedAt || !inPeriod(i.resolvedAt)) continue;
    const k = bucketIndex(starts, i.resolvedAt, bucket);
    if (k >= 0) resolved[k]! += 1;
  }
  const tasksOf = groupBy(input.tasks, (t) => t.incidentId);
  return {
    buckets: starts.map((start, k) => {
      const cohort = opened[k]!;
      const sla = tallyOf(
        cohort.flatMap((i) => tasksOf.get(i._id) ?? []),
        input.now,
      );
      return {
        start: formatVn(start),
        opened: cohort.length,
        resolved: resolved[k]!,
        mttaAvgMs: mean(defined(cohort.map(mttaOf))),
        mttrAvgMs: mean(defined(cohort.map(mttrOf))),
        slaRatio: sla.ratio,
      };
    }),
  };
}

/**
 * SLA by the unit a step was assigned to (the incident's unit when the step names none) and by
 * SOP; worst ratio first, units or SOPs with no counted step left out.
 */
export function slaView(input: { incidents: IncidentFacts[]; tasks: TaskFacts[]; org: OrgTree; sopNames: Map<string, string>; now: Date }) {
  const incidents = new Map(input.incidents.map((i) => [i._id, i]));
  const byUnit = new Map<string | null, ReturnType<typeof emptyTally>>();
  const bySop = new Map<string, ReturnType<typeof emptyTally>>();
  for (const t of input.tasks) {
    const incident = incidents.get(t.incidentId);
    const outcome = slaOutcome(t, input.now);
    if (!incident || !outcome) continue;
    const unit = t.unit ?? incident.unit ?? null;
    addOutcome(byUnit.get(unit) ?? byUnit.set(unit, emptyTally()).get(unit)!, outcome);
    addOutcome(bySop.get(incident.sopKey) ?? bySop.set(incident.sopKey, emptyTally()).get(incident.sopKey)!, outcome);
  }
  const worstFirst = (a: { ratio: number | null; name: string | null }, b: { ratio: number | null; name: string | null }) =>
    (a.ratio ?? 1) - (b.ratio ?? 1) || (a.name ?? '').localeCompare(b.name ?? '', 'vi');
  return {
    byUnit: [...byUnit].map(([unit, t]) => ({ unit, name: input.org.name(unit), ...t })).sort(worstFirst),
    bySop: [...bySop].map(([sopKey, t]) => ({ sopKey, name: input.sopNames.get(sopKey) ?? sopKey, ...t })).sort(worstFirst),
  };
}

/**
 * Per SOP step: how many times it ran, the average wait (created → claimed, over claimed tasks),
 * work (claimed → completed) and total (created → completed, over completed tasks, with its p90),
 * and how many missed their SLA (late or overdue). Slowest first; steps never completed last.
 */
export function stepsView(input: { incidents: IncidentFacts[]; tasks: TaskFacts[]; now: Date }) {
  const sopOf = new Map(input.incidents.map((i) => [i._id, i.sopKey]));
  const groups = groupBy(
    input.tasks.filter((t) => sopOf.has(t.incidentId)),
    (t) => `${sopOf.get(t.incidentId)}\u0000${t.stepId}`,
  );
  const steps = [...groups.values()].map((tasks) => {
    const first = tasks[0]!;
    const completed = tasks.filter((t) => t.status === 'completed');
    const totals = defined(completed.map((t) => between(t.createdAt, t.completedAt)));
    const total = summarise(totals);
    const sla = tallyOf(tasks, input.now);
    return {
      sopKey: sopOf.get(first.incidentId)!,
      stepId: first.stepId,
      name: latest(tasks).name,
      count: tasks.length,
      waitAvgMs: mean(defined(tasks.map((t) => between(t.createdAt, t.claimedAt)))),
      workAvgMs: mean(defined(completed.map((t) => between(t.claimedAt, t.completedAt)))),
      totalAvgMs: total.avgMs,
      totalP90Ms: total.p90Ms,
      slaMissed: sla.missed,
    };
  });
  steps.sort((a, b) => (b.totalAvgMs ?? -1) - (a.totalAvgMs ?? -1) || a.sopKey.localeCompare(b.sopKey) || a.stepId.localeCompare(b.stepId));
  return { steps };
}

/** The newest task's name: a step renamed in a later SOP version shows its current name. */
function latest(tasks: TaskFacts[]): TaskFacts {
  return tasks.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
}

/** The incidents of the period for the map and drill-down, newest first. */
export function incidentsView(input: { incidents: IncidentFacts[]; org: OrgTree; truncated: boolean }) {
  const items = [...input.incidents]
    .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())
    .map((i) => ({
      id: i._id,
      title: i.title,
      severity: i.severity,
      status: i.status,
      sopKey: i.sopKey,
      unit: i.unit ?? null,
      ward: input.org.wardOf(i.unit),
      lat: i.location?.lat ?? null,
      lon: i.location?.lon ?? null,
      openedAt: i.openedAt.toISOString(),
      mttaMs: mttaOf(i) ?? null,
      mttrMs: mttrOf(i) ?? null,
    }));
  return { items, truncated: input.truncated };
}
