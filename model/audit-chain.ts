import { Schema, model } from 'mongoose';
import { duplicateKeyIndexes } from '../platform/database';
import { GENESIS_HASH, entryHash, type HashedFields } from './audit-hash';

/**
 * The audit log's hash chain. Design (FerretDB 1.24: no transactions, conditional updates are not
 * atomic, only exact-`_id` reads are cheap): each link is a document in `audit_chain` whose `_id` is
 * its seq, so the unique `_id` is the race arbiter when several processes append at once — whoever
 * inserts seq n first owns it, the loser reads link n (by `_id`) and tries n+1 with the winner's hash.
 * `audit_head` holds a hint of the last seq so a writer need not walk the chain from 1; it may lag or
 * even go back under races (a plain replace), which only costs a few extra `_id` reads, never
 * correctness. A link names its entry (`audit._id`) and carries prevHash and
 * hash = sha256(prevHash + canonical JSON of seq, at, actor, action, entity, entityId, before, after).
 * Entries are written first and linked second (see `audit()`), so a crash never loses an entry; it can
 * leave one unlinked, which the verifier reports.
 */
const linkSchema = new Schema(
  {
    _id: { type: Number, required: true },
    entryId: { type: String, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false },
);
export const AuditLink = model('AuditLink', linkSchema, 'audit_chain');

const headSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true }, hash: { type: String, required: true } }, { versionKey: false });
export const AuditHead = model('AuditHead', headSchema, 'audit_head');

/**
 * Where each entry sits in the chain, by entry id: written once the link is, instead of stamping
 * seq and hash on the entry — an update scans the audit collection on FerretDB 1.24, and that
 * collection only grows (every state change writes to it). Entries of older versions carry the
 * stamp; readers take either (`positionsOf`).
 */
const positionSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true }, hash: { type: String, required: true } }, { versionKey: false });
export const AuditPosition = model('AuditPosition', positionSchema, 'audit_positions');

/** Records that `entryId` holds `position` (a repeat is harmless). */
export async function recordPosition(entryId: string, position: Position): Promise<void> {
  try {
    await AuditPosition.collection.insertOne({ _id: entryId, ...position } as never);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
}

/** The chain positions of these entries, by id, one exact-`_id` read each (a `$in` would scan). */
export async function positionsOf(entryIds: string[]): Promise<Map<string, Position>> {
  const found = await Promise.all(entryIds.map((id) => AuditPosition.collection.findOne({ _id: id as never })));
  return new Map(found.filter((p) => p !== null).map((p) => [String(p._id), { seq: p.seq as number, hash: p.hash as string }]));
}

const HEAD_ID = 'head';
const MAX_ATTEMPTS = 10_000;

export interface Position {
  seq: number;
  hash: string;
}

/**
 * Appends the entry (id + hashed fields without seq) at the end of the chain; returns its seq and hash.
 * Appends of one process run one batch at a time: concurrent writers of the same process would
 * otherwise all race for the same tail position and retry, O(n²) round trips for n at once. Entries
 * that arrive while a batch is written wait and go together in the next one — one head read, one
 * ordered insert of their links and one head move for the lot — so a burst (a storm's task
 * completions and escalations) costs a few round trips, and other processes contend with a batch
 * rather than with each entry; the unique `_id` still settles who owns a seq.
 */
export function appendLink(entryId: string, fields: Omit<HashedFields, 'seq'>): Promise<Position> {
  return new Promise((resolve, reject) => {
    waiting.push({ entryId, fields, resolve, reject });
    if (draining) return;
    draining = true;
    // Once the caller's synchronous work is done, so appends asked for together go in one batch.
    queueMicrotask(() => void drain());
  });
}

interface WaitingAppend {
  entryId: string;
  fields: Omit<HashedFields, 'seq'>;
  resolve(position: Position): void;
  reject(err: unknown): void;
}

/** Most links one ordered insert writes. */
const MAX_BATCH = 200;
const waiting: WaitingAppend[] = [];
let draining = false;

async function drain(): Promise<void> {
  while (waiting.length) {
    const batch = waiting.splice(0, MAX_BATCH);
    try {
      const positions = await appendBatch(batch);
      batch.forEach((w, i) => w.resolve(positions[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
  draining = false;
}

/** Links the batch's entries, in order, at the end of the chain; returns each one's position. */
async function appendBatch(batch: WaitingAppend[]): Promise<Position[]> {
  const head = await AuditHead.collection.findOne({ _id: HEAD_ID as never });
  let last: Position = head ? { seq: head.seq as number, hash: head.hash as string } : { seq: 0, hash: GENESIS_HASH };
  const positions: Position[] = [];
  for (let attempt = 0; positions.length < batch.length; attempt++) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`audit chain: no free position after ${MAX_ATTEMPTS} attempts`);
    const links = chainFrom(last, batch.slice(positions.length));
    const { inserted, lost } = await insertInOrder(links);
    for (const link of links.slice(0, inserted)) positions.push({ seq: link._id, hash: link.hash });
    last = positions.at(-1) ?? last;
    // Someone else holds the next seq: go on from their position and link the rest after it.
    if (lost) last = await positionAfterLosing(links[inserted]!._id, lost);
  }
  // A hint only, moved forward only (a later writer may have moved it already: then the upsert's
  // insert meets the existing head and fails, which is fine).
  const end = positions.at(-1)!;
  await AuditHead.collection.replaceOne({ _id: HEAD_ID, seq: { $lt: end.seq } } as never, { seq: end.seq, hash: end.hash }, { upsert: true }).catch(() => undefined);
  return positions;
}

interface LinkDoc {
  _id: number;
  entryId: string;
  prevHash: string;
  hash: string;
}

/** The links that would put these entries right after `last`, each hashing the one before. */
function chainFrom(last: Position, entries: WaitingAppend[]): LinkDoc[] {
  let prev = last;
  return entries.map(({ entryId, fields }) => {
    const seq = prev.seq + 1;
    const link = { _id: seq, entryId, prevHash: prev.hash, hash: entryHash(prev.hash, { ...fields, seq }) };
    prev = { seq, hash: link.hash };
    return link;
  });
}

/**
 * Inserts the links in order, stopping at the first seq another writer already holds: how many
 * went in, and the duplicate-key error that stopped the rest (any other error is thrown).
 */
async function insertInOrder(links: LinkDoc[]): Promise<{ inserted: number; lost?: unknown }> {
  try {
    await AuditLink.collection.insertMany(links as never[], { ordered: true });
    return { inserted: links.length };
  } catch (err) {
    const duplicates = duplicateKeyIndexes(err);
    if (!duplicates?.size) throw err;
    return { inserted: Math.min(...duplicates), lost: err };
  }
}

/**
 * How often, and how far apart, a writer that lost a position looks for the winner's head: up to a
 * tenth of a second. Longer waits saved scans on FerretDB/SQLite but held up every audit of the
 * process (its appends queue); on FerretDB/PostgreSQL and MongoDB the link read is an index lookup.
 */
const HEAD_LOOKS = 10;
const HEAD_LOOK_PAUSE_MS = 10;

/**
 * Where to go on after another process took `seq`: the head, once it has moved to `seq` or past it
 * (a head is written only after its link, so it names a real position; the winner moves it right
 * after its insert), else link `seq` itself. Links have numeric ids, which FerretDB 1.24 does not
 * push down: reading one scans the whole chain (190 ms at 10,000 links; a storm's API and worker
 * collided often, and every scan widened the window for the next collision), so that read is the
 * last resort, for a winner that stopped between its two writes.
 */
async function positionAfterLosing(seq: number, cause: unknown): Promise<Position> {
  for (let look = 0; look < HEAD_LOOKS; look++) {
    const head = await AuditHead.collection.findOne({ _id: HEAD_ID as never });
    if (head && (head.seq as number) >= seq) return { seq: head.seq as number, hash: head.hash as string };
    await new Promise((r) => setTimeout(r, HEAD_LOOK_PAUSE_MS));
  }
  const taken = await AuditLink.collection.findOne({ _id: seq as never });
  if (!taken) throw new Error(`audit chain: seq ${seq} is taken but cannot be read`, { cause });
  return { seq, hash: taken.hash as string };
}
