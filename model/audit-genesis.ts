import { Schema, model } from 'mongoose';
import { Audit } from './audit';
import { appendLink, positionsOf, recordPosition } from './audit-chain';
import type { HashedFields } from './audit-hash';

/** One document per one-off data migration, inserted by whoever runs it (the unique `_id` elects one process). */
const migrationSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
export const Migration = model('Migration', migrationSchema, 'migrations');

const GENESIS = 'audit-chain-genesis';

/**
 * Links the audit entries written before the log was hash-chained, oldest first, once per database.
 * Only entries older than this run are taken: an entry without a link written after the chain existed
 * is a crash leftover or a forgery, and stays reported by the verifier. Returns how many were linked
 * (0 when another process or an earlier start did it).
 */
export async function linkEntriesFromBeforeTheChain(now = new Date()): Promise<number> {
  try {
    await Migration.collection.insertOne({ _id: GENESIS, at: now } as never);
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return 0;
    throw err;
  }
  const old = await Audit.collection
    .find({ seq: { $exists: false }, at: { $lt: now } })
    .sort({ at: 1, _id: 1 })
    .toArray();
  // Entries this version wrote carry no stamp but have a position: those are linked already.
  const positioned = await positionsOf(old.map((d) => String(d._id)));
  const unlinked = old.filter((d) => !positioned.has(String(d._id)));
  for (const doc of unlinked) {
    const id = doc._id as unknown as string;
    await recordPosition(id, await appendLink(id, doc as unknown as Omit<HashedFields, 'seq'>));
  }
  return unlinked.length;
}
