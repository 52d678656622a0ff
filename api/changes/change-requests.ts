import { randomBytes } from 'node:crypto';
import { ChangeDecision, ChangeRequest, Rule, SopHead, audit, type ChangeKind, type ChangeRequestDoc, type ChangeStatus } from '../../model';
import type { AuthUser } from '../auth/middleware';
import { conflict, forbidden, notFound } from '../http-errors';

/** What an admin asks for; `payload` is the SOP's `{ name, bpmnXml }` or the rule body (none for a delete). */
export interface ChangeInput {
  kind: ChangeKind;
  key: string;
  title: string;
  payload?: unknown;
}

export type Decision = 'approved' | 'rejected' | 'withdrawn' | 'superseded';

const entityOf = (kind: ChangeKind) => (kind === 'sop.deploy' ? 'sop' : 'rule');

/** Ids that sort by creation time (base 36 ms) and cannot be guessed (random tail). */
function newChangeId(): string {
  return `${Date.now().toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`;
}

/** The version live now: the SOP head's latest version, or the rule's current version (null when none). */
export async function liveVersion(entity: 'sop' | 'rule', key: string): Promise<number | null> {
  if (entity === 'sop') return (await SopHead.findById(key, { latestVersion: 1 }).lean())?.latestVersion ?? null;
  return (await Rule.findById(key, { version: 1 }).lean())?.version ?? null;
}

export async function loadChange(id: string): Promise<ChangeRequestDoc & { _id: string }> {
  const doc = await ChangeRequest.findById(id).lean();
  if (!doc) throw notFound('change request');
  return doc as ChangeRequestDoc & { _id: string };
}

/**
 * Records the decision by inserting its document: the unique `_id` lets exactly one decider win
 * (FerretDB has no transactions, and its conditional updates are not atomic). 409 for the loser.
 */
export async function decide(id: string, decision: Decision, by: string, reason?: string): Promise<void> {
  try {
    await ChangeDecision.collection.insertOne({ _id: id, decision, by, at: new Date(), ...(reason ? { reason } : {}) } as never);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const existing = await ChangeDecision.findById(id, { decision: 1, by: 1 }).lean();
    throw conflict(`this change request was already ${existing?.decision ?? 'decided'}${existing ? ` by ${existing.by}` : ''}`);
  }
}

/** Copies a decision onto the request, where lists read it. */
export async function markDecided(id: string, status: ChangeStatus, by: string, extra: { reason?: string; resultVersion?: number } = {}): Promise<void> {
  await ChangeRequest.updateOne({ _id: id }, { $set: { status, decidedBy: by, decidedAt: new Date(), ...extra } });
}

/**
 * Stores a change request and supersedes the older pending requests for the same SOP or rule: the
 * newest request is the one to review. Audited as `change.requested`.
 */
export async function requestChange(user: AuthUser, input: ChangeInput): Promise<ChangeRequestDoc & { _id: string }> {
  const entity = entityOf(input.kind);
  const doc = {
    _id: newChangeId(),
    kind: input.kind,
    entity,
    key: input.key,
    title: input.title,
    baseVersion: await liveVersion(entity, input.key),
    ...(input.payload === undefined ? {} : { payloadJson: JSON.stringify(input.payload) }),
    requestedBy: user.username,
    requestedAt: new Date(),
    status: 'pending' as const,
  };
  await ChangeRequest.collection.insertOne(doc as never);
  await audit({ actor: user.username, action: 'change.requested', entity: 'change', entityId: doc._id, after: { kind: doc.kind, key: doc.key, baseVersion: doc.baseVersion } });
  const older = await ChangeRequest.find({ entity, key: input.key, status: 'pending', _id: { $ne: doc._id } }, { _id: 1 }).lean();
  for (const { _id } of older) {
    try {
      await decide(_id, 'superseded', user.username);
    } catch {
      continue; // decided meanwhile (e.g. approved): that decision stands
    }
    await markDecided(_id, 'superseded', user.username, { reason: `superseded by ${doc._id}` });
    await audit({ actor: user.username, action: 'change.superseded', entity: 'change', entityId: _id, after: { by: doc._id } });
  }
  return doc as ChangeRequestDoc & { _id: string };
}

/** The author withdraws a pending request of their own. */
export async function withdrawChange(user: AuthUser, id: string): Promise<void> {
  const request = await loadChange(id);
  if (request.requestedBy !== user.username) throw forbidden('only the author of a change request may withdraw it');
  if (request.status !== 'pending') throw conflict(`this change request is ${request.status}, not pending`);
  await decide(id, 'withdrawn', user.username);
  await markDecided(id, 'withdrawn', user.username);
  await audit({ actor: user.username, action: 'change.withdrawn', entity: 'change', entityId: id, before: { status: 'pending' }, after: { status: 'withdrawn' } });
}

/** Another admin rejects a pending request, saying why; nothing goes live. */
export async function rejectChange(user: AuthUser, id: string, reason: string): Promise<void> {
  const request = await loadChange(id);
  if (request.requestedBy === user.username) throw forbidden('four eyes: the author of a change cannot decide on it (withdraw it instead)');
  if (request.status !== 'pending') throw conflict(`this change request is ${request.status}, not pending`);
  await decide(id, 'rejected', user.username, reason);
  await markDecided(id, 'rejected', user.username, { reason });
  await audit({ actor: user.username, action: 'change.rejected', entity: 'change', entityId: id, before: { status: 'pending' }, after: { status: 'rejected', reason } });
}
