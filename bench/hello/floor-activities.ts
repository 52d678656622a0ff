import mongoose from 'mongoose';

/** Where the floor's marks go: beside `tasks` in the bench's database. */
export const FLOOR_COLLECTION = 'bench_floor_marks';

/** One insert, as the incident worker's task creation is one insert (idempotent for a retried activity). */
export async function writeFloorMark(id: string): Promise<void> {
  await mongoose.connection.db!.collection(FLOOR_COLLECTION).updateOne({ _id: id as never }, { $setOnInsert: { at: new Date() } }, { upsert: true });
}
