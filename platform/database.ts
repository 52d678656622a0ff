import mongoose from 'mongoose';

/**
 * Connects Mongoose. Only features both MongoDB and FerretDB 1.24 support are used:
 * no transactions, no change streams; `autoIndex` off because every hot lookup is by `_id`.
 */
export async function connectDatabase(uri: string, dbName: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  return mongoose.connect(uri, { dbName, autoIndex: false, serverSelectionTimeoutMS: 5000 });
}

export async function pingDatabase(timeoutMs = 2000): Promise<void> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) throw new Error('not connected');
  await Promise.race([db.admin().ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), timeoutMs).unref())]);
}

/**
 * For an unordered insertMany that failed: the indexes of the documents rejected as duplicate
 * keys, or undefined when anything other than duplicates went wrong (then the caller rethrows).
 */
export function duplicateKeyIndexes(err: unknown): Set<number> | undefined {
  const raw = (err as { writeErrors?: unknown }).writeErrors;
  if (!raw) return undefined;
  const list = (Array.isArray(raw) ? raw : [raw]) as { index?: number; code?: number; err?: { index?: number; code?: number } }[];
  const indexes = new Set<number>();
  for (const w of list) {
    const code = w.code ?? w.err?.code;
    const index = w.index ?? w.err?.index;
    if (code !== 11000 || index === undefined) return undefined;
    indexes.add(index);
  }
  return indexes;
}
