import { Audit } from './audit';
import { AuditLink, AuditPosition } from './audit-chain';
import { verifyChain, type ChainLink, type ChainVerdict, type StoredEntry } from './audit-verify';

/**
 * Verifies the stored audit log (the connected database): all links in seq order and all entries.
 * Reads both collections whole — a check run by an admin or the verify command, not a hot path.
 */
export async function verifyAuditLog(): Promise<ChainVerdict> {
  const links = (await AuditLink.collection.find({}).sort({ _id: 1 }).toArray()).map((l): ChainLink => ({
    seq: l._id as unknown as number,
    entryId: l.entryId as string,
    prevHash: l.prevHash as string,
    hash: l.hash as string,
  }));
  // An entry's own stamp (older versions) or its recorded position.
  const positions = new Map((await AuditPosition.collection.find({}).toArray()).map((p) => [String(p._id), { seq: p.seq as number, hash: p.hash as string }]));
  const entries = (await Audit.collection.find({}).toArray()).map(({ _id, ...rest }) => ({ id: String(_id), ...positions.get(String(_id)), ...rest }) as unknown as StoredEntry);
  return verifyChain(links, entries);
}
