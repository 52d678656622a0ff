import type { Client } from '@temporalio/client';
import { Incident, Outbox, StoredEvent, Task } from '../../../model';
import { incidentWorkflowId } from '../../../workflows/definitions';
import { FIRST_STEP, SIGNALS_PER_INCIDENT, type FaultLoad } from './fault-load';

/** Each kind of loss or duplicate, counted separately so a failure says which. */
export interface FaultTally {
  /** Acknowledged (202) readings not stored. */
  events: number;
  /** Correlation keys without an incident, or with more than one. */
  incidents: number;
  /** Signals missing from an incident's record (event count short), or recorded twice (count over, a key twice in recentEvents). */
  signals: number;
  /** Incidents without a task for each expected step, or steps with two tasks. */
  tasks: number;
  /** Temporal: workflow ids with no run, or with more than one run. */
  workflows: number;
}

export interface FaultCount {
  incidents: number;
  events: number;
  lost: number;
  duplicated: number;
  lostBy: FaultTally;
  duplicatedBy: FaultTally;
  /** Outbox records of this load still waiting for Temporal. */
  outbox: number;
}

export interface CountOptions {
  /** Steps an incident (by correlation key) must have exactly one task for (default: the first step only). */
  stepsOf?: (correlationKey: string) => string[];
}

const zero = (): FaultTally => ({ events: 0, incidents: 0, signals: 0, tasks: 0, workflows: 0 });
const sum = (t: FaultTally) => t.events + t.incidents + t.signals + t.tasks + t.workflows;

/**
 * The one way every fault scenario counts what was lost and what was duplicated, from the database
 * and from Temporal itself: readings acknowledged but not stored or stored twice; correlation keys
 * with no incident or two; incidents whose signals are missing or counted twice; steps with no task
 * or two; workflow ids Temporal ran never or twice.
 */
export async function countFaults(temporal: Client, load: FaultLoad, acknowledged: Set<string>, opts: CountOptions = {}): Promise<FaultCount> {
  const lostBy = zero();
  const duplicatedBy = zero();

  const stored = await StoredEvent.collection.find({ source: { $in: load.sources } } as never, { projection: { _id: 1, source: 1, eventId: 1 } }).toArray();
  const storedKeys = new Set(stored.map((e) => String(e._id)));
  for (const key of acknowledged) if (!storedKeys.has(key)) lostBy.events++;
  duplicatedBy.events = stored.length - new Set(stored.map((e) => `${String(e.source)}|${String(e.eventId)}`)).size;

  const incidents = await Incident.find({ correlationKey: { $in: load.keys } }, { _id: 1, correlationKey: 1, eventCount: 1, recentEvents: 1 }).lean();
  const perKey = tally(incidents.map((i) => i.correlationKey));
  for (const key of load.keys) {
    const n = perKey.get(key) ?? 0;
    if (n === 0) lostBy.incidents++;
    else duplicatedBy.incidents += n - 1;
  }
  for (const i of incidents) {
    const count = i.eventCount ?? 0;
    const recent = i.recentEvents ?? [];
    lostBy.signals += Math.max(0, SIGNALS_PER_INCIDENT - count);
    duplicatedBy.signals += Math.max(0, count - SIGNALS_PER_INCIDENT) + recent.length - new Set(recent).size;
  }

  const stepsOf = opts.stepsOf ?? (() => [FIRST_STEP]);
  const tasks = incidents.length ? await Task.find({ incidentId: { $in: incidents.map((i) => i._id) } }, { incidentId: 1, stepId: 1, item: 1 }).lean() : [];
  const perStep = tally(tasks.map((t) => `${t.incidentId}|${t.stepId}|${JSON.stringify(t.item ?? null)}`));
  for (const n of perStep.values()) duplicatedBy.tasks += n - 1;
  const created = new Map<string, Set<string>>();
  for (const t of tasks) created.set(t.incidentId, (created.get(t.incidentId) ?? new Set()).add(t.stepId));
  for (const i of incidents) for (const step of stepsOf(i.correlationKey)) if (!created.get(i._id)?.has(step)) lostBy.tasks++;

  const wanted = new Set(load.keys.map(incidentWorkflowId));
  const runs = new Map<string, number>();
  for await (const wf of temporal.workflow.list()) if (wanted.has(wf.workflowId)) runs.set(wf.workflowId, (runs.get(wf.workflowId) ?? 0) + 1);
  for (const id of wanted) {
    const n = runs.get(id) ?? 0;
    if (n === 0) lostBy.workflows++;
    else duplicatedBy.workflows += n - 1;
  }

  const outbox = await Outbox.countDocuments({ 'payload.correlationKey': { $in: load.keys } });
  return { incidents: incidents.length, events: stored.length, lost: sum(lostBy), duplicated: sum(duplicatedBy), lostBy, duplicatedBy, outbox };
}

/**
 * Waits until nothing is missing any more and the outbox is empty (or `timeoutMs` passes), then
 * returns the final count. A loss that never heals is then reported by the count, not by a timeout.
 */
export async function settleAndCount(temporal: Client, load: FaultLoad, acknowledged: Set<string>, opts: CountOptions & { timeoutMs?: number } = {}): Promise<FaultCount> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const count = await countFaults(temporal, load, acknowledged, opts);
    if ((count.lost === 0 && count.outbox === 0) || Date.now() > deadline) return count;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The scenario's one line, e.g. `faults: worker SIGKILL — 220 incidents, lost 0, duplicated 0`, with the breakdown when not clean. */
export function reportFaults(scenario: string, count: FaultCount, extra = ''): string {
  const breakdown = count.lost || count.duplicated ? ` (lost ${JSON.stringify(count.lostBy)}, duplicated ${JSON.stringify(count.duplicatedBy)}, outbox ${count.outbox})` : '';
  const line = `faults: ${scenario} — ${count.incidents} incidents, ${count.events} events, lost ${count.lost}, duplicated ${count.duplicated}${extra ? `; ${extra}` : ''}${breakdown}`;
  console.info(line);
  return line;
}

function tally(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}
