/**
 * `npm run bench`: runs every bench in this folder (each top-level `*.ts` but this file), one after
 * the other, passing on any arguments; stops at the first that fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const benches = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.ts') && f !== path.basename(__filename))
  .sort();
for (const file of benches) {
  process.stderr.write(`[bench] ${file}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
