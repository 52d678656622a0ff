/**
 * A separate process appending to the audit log, for the chain's concurrency test:
 * `node --import tsx test/support/audit-writer.ts <mongoUri> <dbName> <name> <count>` writes
 * `count` entries at once (actor `<name>`) and exits 0 when all are recorded.
 */
import mongoose from 'mongoose';
import { audit } from '../../model';
import { connectDatabase } from '../../platform/database';

async function main(): Promise<void> {
  const [uri, dbName, name, count] = process.argv.slice(2);
  await connectDatabase(uri!, dbName!);
  await Promise.all(Array.from({ length: Number(count) }, (_, i) => audit({ actor: name!, action: 'test.written', entity: 'writer', entityId: `${name}-${i}`, after: { i } })));
  await mongoose.disconnect();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
