/** What the metrics read of an incident (a projection of `model/incidents.ts`). */
export interface IncidentFacts {
  _id: string;
  title: string;
  severity: string;
  status: string;
  sopKey: string;
  unit?: string | null;
  location?: { lat?: number | null; lon?: number | null } | null;
  openedAt: Date;
  acknowledgedAt?: Date | null;
  resolvedAt?: Date | null;
}

/** What the metrics read of a task (a projection of `model/tasks.ts`). */
export interface TaskFacts {
  _id: string;
  incidentId: string;
  stepId: string;
  name: string;
  status: string;
  unit?: string | null;
  createdAt: Date;
  claimedAt?: Date | null;
  completedAt?: Date | null;
  dueAt?: Date | null;
}

export const INCIDENT_FIELDS = { title: 1, severity: 1, status: 1, sopKey: 1, unit: 1, location: 1, openedAt: 1, acknowledgedAt: 1, resolvedAt: 1 } as const;
export const TASK_FIELDS = { incidentId: 1, stepId: 1, name: 1, status: 1, unit: 1, createdAt: 1, claimedAt: 1, completedAt: 1, dueAt: 1 } as const;

/** Open and monitoring incidents are still being handled. */
export const isOpen = (i: IncidentFacts) => i.status === 'open' || i.status === 'monitoring';

export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
