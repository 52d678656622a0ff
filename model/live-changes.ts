import { randomBytes } from 'node:crypto';
import { Schema, model, type InferSchemaType } from 'mongoose';
import { createLogger, errorFields } from '../platform/log';
import { Incident } from './incidents';

export const LIVE_ENTITIES = ['task', 'incident', 'comment'] as const;
export type LiveEntity = (typeof LIVE_ENTITIES)[number];

/**
 * How long a change stays in `live_changes`: long enough for a client to reconnect after a blip and
 * catch up (after longer it reloads). Short, because every poll scans the collection on FerretDB.
 */
export const LIVE_RETENTION_MS = 3 * 60_000;

/**
 * Width of the time slots records are filed under. Pollers ask for whole slots by equality
 * (`{ slot: n }`), the one kind of filter FerretDB 1.24 hands to PostgreSQL, so a poll reads one
 * or two slots' records instead of decoding the whole retention window.
 */
export const LIVE_SLOT_MS = 5_000;

/** The slot a change made at `at` is filed under. */
export const liveSlotOf = (at: Date | number): number => Math.floor((typeof at === 'number' ? at : at.getTime()) / LIVE_SLOT_MS);

/** The slots holding changes made from `from` to `to` (ms), both ends included. */
export function liveSlotsBetween(from: number, to: number): number[] {
  const slots: number[] = [];
  for (let slot = liveSlotOf(from); slot <= liveSlotOf(to); slot++) slots.push(slot);
  return slots;
}

/**
 * The feed of live updates: one small record per change of a task, incident or comment, written
 * by whichever process made the change (API or worker) and read by every API process's poller.
 * A broker in a collection, because FerretDB has no change streams and nothing may assume one
 * process. Records carry ids and the action only; clients refetch through the scoped REST API.
 * Kept small (pruned after `LIVE_RETENTION_MS`), since every non-`_id` query scans it on FerretDB.
 */
const liveChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    entity: { type: String, enum: LIVE_ENTITIES, required: true },
    /** Id of the task, incident or comment. */
    entityId: { type: String, required: true },
    incidentId: { type: String, required: true },
    /** The unit whose members hear the change; null for city-wide incidents (and their comments). */
    unit: { type: String, default: null },
    /** Users who must hear it whatever their unit: assignee and candidate user. */
    users: { type: [String], default: [] },
    action: { type: String, required: true },
    at: { type: Date, required: true },
    /** `liveSlotOf(at)`. Records from before slots existed have none and are seen only on a poller's first (full) read. */
    slot: { type: Number, required: true },
  },
  { versionKey: false },
);

export type LiveChangeDoc = InferSchemaType<typeof liveChangeSchema> & { _id: string };
export const LiveChange = model('LiveChange', liveChangeSchema, 'live_changes');

export interface PublishedChange {
  entity: LiveEntity;
  id: string;
  incidentId: string;
  unit?: string | null;
  users?: (string | null | undefined)[];
  /** e.g. `task.created`, `task.claimed`, `incident.severity`, `comment.added`, `directive.added`. */
  action: string;
}

const log = createLogger('live');

/** Time first, so ids written by one process sort roughly by time; the random part keeps processes apart. */
const changeId = () => `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;

/**
 * Records a change for the live feed. Never throws: the business write it follows has happened,
 * and a missed live update only costs a client its refresh (the next fetch shows the truth).
 * A retried activity may publish the same change twice; clients refetch by id, so that is harmless.
 */
export async function publishChange(change: PublishedChange): Promise<void> {
  const users = [...new Set((change.users ?? []).filter((u): u is string => typeof u === 'string' && u.length > 0))];
  const at = new Date();
  const doc = {
    _id: changeId(),
    entity: change.entity,
    entityId: change.id,
    incidentId: change.incidentId,
    unit: change.unit ?? null,
    users,
    action: change.action,
    at,
    slot: liveSlotOf(at),
  };
  try {
    await LiveChange.collection.insertOne(doc as never);
  } catch (err) {
    log.warn('live change not published', { entity: change.entity, id: change.id, action: change.action, ...errorFields(err) });
  }
}

/** Drops records older than the retention; any process may run it, running it twice is harmless. */
export async function pruneLiveChanges(now = Date.now()): Promise<number> {
  const res = await LiveChange.collection.deleteMany({ at: { $lt: new Date(now - LIVE_RETENTION_MS) } });
  return res.deletedCount ?? 0;
}

/** The parts of a task that decide who hears about it. */
export interface TaskAudience {
  _id: string;
  incidentId: string;
  unit?: string | null;
  candidateUser?: string | null;
  assignee?: string | null;
}

/** Publishes a task change to its unit, its candidate user and its assignee (plus `alsoUsers`, e.g. the one who lost it). */
export function publishTaskChange(task: TaskAudience, action: string, alsoUsers: (string | null | undefined)[] = []): Promise<void> {
  return publishChange({
    entity: 'task',
    id: task._id,
    incidentId: task.incidentId,
    unit: task.unit ?? null,
    users: [task.assignee, task.candidateUser, ...alsoUsers],
    action,
  });
}

/**
 * Publishes an incident change to the incident's unit. Pass `unit` when the caller has the
 * incident at hand; otherwise it is read by `_id` (a failed read is logged, not thrown).
 */
export async function publishIncidentChange(incidentId: string, action: string, unit?: string | null): Promise<void> {
  let audience = unit;
  if (audience === undefined) {
    try {
      const incident = await Incident.findById(incidentId, { unit: 1 }).lean();
      audience = incident?.unit ?? null;
    } catch (err) {
      log.warn('live change not published', { entity: 'incident', id: incidentId, action, ...errorFields(err) });
      return;
    }
  }
  await publishChange({ entity: 'incident', id: incidentId, incidentId, unit: audience, action });
}
