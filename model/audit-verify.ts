import { GENESIS_HASH, entryHash, type HashedFields } from './audit-hash';

/** One link of the chain (`audit_chain`, `_id` = seq): which entry holds that position, and the hash it had. */
export interface ChainLink {
  seq: number;
  entryId: string;
  prevHash: string;
  hash: string;
}

/** An audit entry as stored; `seq` and `hash` are stamped on it once it is linked. */
export type StoredEntry = Omit<HashedFields, 'seq'> & { id: string; seq?: number | null; hash?: string | null };

export type ChainProblem = 'gap' | 'hash mismatch' | 'broken link' | 'missing entry' | 'seq mismatch' | 'unlinked entry';

export type ChainVerdict =
  { ok: true; count: number; headHash: string } | { ok: false; count: number; seq: number | null; entryId: string | null; problem: ChainProblem; detail: string };

/**
 * Walks the chain from seq 1 and returns the first broken link: a seq missing from the links (gap),
 * a link whose prevHash is not its predecessor's hash (broken link), a link whose entry is gone
 * (missing entry), an entry whose content no longer gives the link's hash (hash mismatch) or which
 * claims another seq (seq mismatch); and, after the walk, an entry no link points to (unlinked
 * entry: inserted out of band, or written by a process that crashed before linking it). Problems
 * are ordered by seq so the earliest damage is named; `count` is the number of links.
 * `links` must be sorted by seq.
 */
export function verifyChain(links: readonly ChainLink[], entries: Iterable<StoredEntry>): ChainVerdict {
  const byId = new Map<string, StoredEntry>();
  for (const e of entries) byId.set(e.id, e);
  const count = links.length;
  const linked = new Set(links.map((l) => l.entryId));
  let prevHash = GENESIS_HASH;
  let walkProblem: Exclude<ChainVerdict, { ok: true }> | undefined;
  for (let i = 0; i < links.length && !walkProblem; i++) {
    const link = links[i]!;
    const expected = i + 1;
    const fail = (problem: ChainProblem, detail: string, seq = link.seq) => (walkProblem = { ok: false, count, seq, entryId: link.entryId, problem, detail });
    if (link.seq !== expected) {
      fail('gap', `seq ${expected} is missing (the next link is seq ${link.seq})`, expected);
      break;
    }
    if (link.prevHash !== prevHash) fail('broken link', `prevHash ${short(link.prevHash)} is not the hash of seq ${expected - 1} (${short(prevHash)})`);
    const entry = byId.get(link.entryId);
    if (!walkProblem && !entry) fail('missing entry', `entry ${link.entryId} is not in the audit collection`);
    if (!walkProblem && entry && entry.seq != null && entry.seq !== link.seq) fail('seq mismatch', `the entry says seq ${entry.seq}`);
    if (!walkProblem && entry) {
      const actual = entryHash(prevHash, { ...entry, seq: link.seq });
      if (actual !== link.hash) fail('hash mismatch', `the entry's content hashes to ${short(actual)}, the chain recorded ${short(link.hash)}`);
      else if (entry.hash != null && entry.hash !== link.hash) fail('hash mismatch', `the entry carries hash ${short(entry.hash)}, the chain recorded ${short(link.hash)}`);
    }
    prevHash = link.hash;
  }
  // Entries outside the chain; only the ones before the walk's first problem (or without a seq) can come first.
  let unlinked: Exclude<ChainVerdict, { ok: true }> | undefined;
  for (const e of byId.values()) {
    if (linked.has(e.id)) continue;
    const seq = e.seq ?? null;
    const candidate = { ok: false as const, count, seq, entryId: e.id, problem: 'unlinked entry' as const, detail: `no link of the chain points to entry ${e.id}` };
    if (!unlinked || rank(seq) < rank(unlinked.seq)) unlinked = candidate;
  }
  if (walkProblem && (!unlinked || rank(walkProblem.seq) <= rank(unlinked.seq))) return walkProblem;
  if (unlinked) return unlinked;
  return { ok: true, count, headHash: prevHash };
}

const rank = (seq: number | null) => seq ?? Number.POSITIVE_INFINITY;
const short = (hash: string) => `${hash.slice(0, 12)}…`;
