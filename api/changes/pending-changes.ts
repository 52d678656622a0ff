import { ChangeRequest } from '../../model';

export interface PendingChangeRef {
  id: string;
  kind: string;
  requestedBy: string;
}

/** The pending change request of one SOP or rule, if any (the newest: a newer one supersedes the older anyway). */
export async function pendingChangeOf(entity: 'sop' | 'rule', key: string): Promise<PendingChangeRef | null> {
  const [c] = await ChangeRequest.find({ status: 'pending', entity, key }, { kind: 1, requestedBy: 1, requestedAt: 1 }).sort({ requestedAt: -1 }).limit(1).lean();
  return c ? { id: c._id, kind: c.kind, requestedBy: c.requestedBy } : null;
}

/** The pending change request per SOP or rule key, for the lists' "awaiting approval" marks (one query; pending requests are few). */
export async function pendingChangesOf(entity: 'sop' | 'rule'): Promise<Map<string, PendingChangeRef>> {
  const pending = await ChangeRequest.find({ status: 'pending', entity }, { key: 1, kind: 1, requestedBy: 1, requestedAt: 1 }).sort({ requestedAt: 1 }).lean();
  // Oldest first, so the newest request of a key wins (a newer one supersedes the older anyway).
  return new Map(pending.map((c) => [c.key, { id: c._id, kind: c.kind, requestedBy: c.requestedBy }]));
}
