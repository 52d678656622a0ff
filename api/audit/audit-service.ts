import { Audit, positionsOf } from '../../model';
import type { AuditQuery } from './schemas';

export interface AuditPage {
  items: { id: string; at: Date; actor: string; action: string; entity: string; entityId: string; before?: unknown; after?: unknown; seq?: number | null; hash?: string | null }[];
  /** Pass as `before` (and `nextBeforeId` as `beforeId`) for the next, older page; null on the last page. */
  nextBefore: string | null;
  nextBeforeId: string | null;
}

/** Newest first (time, then id). The cursor is the last entry's time, plus its id so entries of the same millisecond are not lost. */
export async function searchAudit(q: AuditQuery): Promise<AuditPage> {
  const time: Record<string, unknown>[] = [];
  if (q.from) time.push({ at: { $gte: new Date(q.from) } });
  if (q.to) time.push({ at: { $lte: new Date(q.to) } });
  if (q.before) {
    const before = new Date(q.before);
    time.push(q.beforeId ? { $or: [{ at: { $lt: before } }, { at: before, _id: { $lt: q.beforeId } }] } : { at: { $lt: before } });
  }
  const filter = {
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.entity ? { entity: q.entity } : {}),
    ...(q.entityId ? { entityId: q.entityId } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(time.length ? { $and: time } : {}),
  };
  const docs = await Audit.find(filter)
    .sort({ at: -1, _id: -1 })
    .limit(q.limit + 1)
    .lean();
  const page = docs.slice(0, q.limit);
  const positions = await positionsOf(page.filter((d) => d.seq == null).map((d) => d._id));
  return {
    items: page.map(({ _id, ...rest }) => ({ id: _id, ...positions.get(_id), ...rest })),
    nextBefore: docs.length > q.limit ? page[page.length - 1]!.at.toISOString() : null,
    nextBeforeId: docs.length > q.limit ? page[page.length - 1]!._id : null,
  };
}
