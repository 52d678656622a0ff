/**
 * `npm run audit:verify`: checks the audit log's hash chain in the database CityOps uses
 * (MONGODB_URI, or the embedded FerretDB of the data folder, which `npm start` must be running).
 * Starts no servers. Prints OK with the number of entries, or the first broken link and exits 1.
 */
import { loadConfig } from '../platform/config';
import { connectDatabase, disconnectDatabase } from '../platform/database';
import { verifyAuditLog } from '../model/audit-check';

async function main(): Promise<number> {
  const config = loadConfig();
  await connectDatabase(config.mongoUri, config.CITYOPS_DB_NAME);
  try {
    const verdict = await verifyAuditLog();
    if (verdict.ok) {
      process.stdout.write(`OK: ${verdict.count} audit entries, chain head ${verdict.headHash}\n`);
      return 0;
    }
    process.stdout.write(`BROKEN: ${verdict.problem} at seq ${verdict.seq ?? '-'} (entry ${verdict.entryId ?? '-'}): ${verdict.detail}; ${verdict.count} links in the chain\n`);
    return 1;
  } finally {
    await disconnectDatabase();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:verify failed: ${(err as Error).message}\n`);
    process.exit(2);
  },
);
