import { Audit } from '../../model';
import type { AuditQuery } from './schemas';

export interface AuditPage {
  items: { id: string; at: Date; actor: string; action: string; entity: string; entityId: string; before?: unknown; after?: unknown }[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

/** Newest first. Entries written in the same millisecond as a page's last one may fall between pages (the cursor is time only). */
export async function searchAudit(q: AuditQuery): Promise<AuditPage> {
  const at: Record<string, Date> = {};
  if (q.from) at.$gte = new Date(q.from);
  if (q.to) at.$lte = new Date(q.to);
  // The upper bound is the tighter of `to` (inclusive) and the cursor (exclusive).
  if (q.before && (!at.$lte || new Date(q.before) <= at.$lte)) {
    delete at.$lte;
    at.$lt = new Date(q.before);
  }
  const filter = {
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.entity ? { entity: q.entity } : {}),
    ...(q.entityId ? { entityId: q.entityId } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(Object.keys(at).length ? { at } : {}),
  };
  const docs = await Audit.find(filter)
    .sort({ at: -1, _id: -1 })
    .limit(q.limit + 1)
    .lean();
  const page = docs.slice(0, q.limit);
  return {
    items: page.map(({ _id, ...rest }) => ({ id: _id, ...rest })),
    nextBefore: docs.length > q.limit ? page[page.length - 1]!.at.toISOString() : null,
  };
}
