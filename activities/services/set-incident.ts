import { ApplicationFailure } from '@temporalio/common';
import { Incident, SEVERITIES, audit, publishIncidentChange, type IncidentDoc } from '../../model';
import { ServiceFailure, invalidParameter } from './errors';
import { optionalChoice, optionalText, type Params } from './params';

/** Statuses a service task may set; resolving and cancelling are the workflow's own steps. */
export const SETTABLE_STATUSES = ['open', 'monitoring'] as const;
const ACTIVE_STATUSES: IncidentDoc['status'][] = ['open', 'monitoring'];

/** The changes a set-incident task asks for, validated. */
export function readIncidentChanges(params: Params): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const severity = optionalChoice(params, 'severity', SEVERITIES);
  if (severity) changes.severity = severity;
  const title = optionalText(params, 'title');
  if (title !== undefined) {
    if (title.length > 300) throw invalidParameter('title', 'longer than 300 characters');
    changes.title = title;
  }
  const status = optionalChoice(params, 'status', SETTABLE_STATUSES);
  if (status) changes.status = status;
  const fields = params.fields;
  if (fields !== undefined && fields !== null) {
    if (typeof fields !== 'object' || Array.isArray(fields)) throw invalidParameter('fields', 'expected an object of field names and values');
    for (const name of Object.keys(fields)) {
      if (!/^[A-Za-z_][\w-]{0,99}$/.test(name)) throw invalidParameter('fields', `"${name}" is not a valid field name`);
    }
    for (const [name, value] of Object.entries(fields)) changes[`fields.${name}`] = value;
  }
  if (Object.keys(changes).length === 0) throw invalidParameter('severity', 'nothing to set: give severity, title, status or fields');
  return changes;
}

/**
 * The `set-incident` service task: one conditional update of an open or monitored incident,
 * audited once per step execution with the values before and after.
 */
export async function setIncident(executionKey: string, incidentId: string, params: Params): Promise<{ applied: Record<string, unknown> }> {
  const changes = readIncidentChanges(params);
  // Atomic: the condition and the values before the update come from one operation.
  const before = await Incident.findOneAndUpdate({ _id: incidentId, status: { $in: ACTIVE_STATUSES } }, { $set: changes }, { returnDocument: 'before' }).lean();
  if (!before) {
    const existing = await Incident.findById(incidentId).lean();
    if (!existing) throw ApplicationFailure.nonRetryable(`incident ${incidentId} does not exist`, ServiceFailure.IncidentNotFound);
    throw ApplicationFailure.nonRetryable(`incident ${incidentId} is ${existing.status}: it can no longer be changed`, ServiceFailure.IncidentClosed);
  }
  const applied = toNested(changes);
  const previous: Record<string, unknown> = {};
  for (const path of Object.keys(changes)) {
    const [head, field] = path.split('.') as [string, string | undefined];
    const value = field ? ((before as { fields?: unknown }).fields as Record<string, unknown> | undefined)?.[field] : (before as Record<string, unknown>)[head];
    setNested(previous, path, value ?? null);
  }
  await audit({ key: `set-incident:${executionKey}`, actor: 'system', action: 'incident.updated', entity: 'incident', entityId: incidentId, before: previous, after: applied });
  await publishIncidentChange(incidentId, changes.severity ? 'incident.severity' : 'incident.updated', before.unit ?? null);
  return { applied };
}

function toNested(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) setNested(out, path, value);
  return out;
}

function setNested(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, field] = path.split('.') as [string, string | undefined];
  if (!field) {
    target[head] = value;
    return;
  }
  const inner = (target[head] ??= {}) as Record<string, unknown>;
  inner[field] = value;
}
