import fs from 'node:fs';
import path from 'node:path';

/** Writes a bench's result as `bench/results/<bench>-<time>.json` (git-ignored) and returns the file. */
export function writeResult(bench: string, result: object): string {
  const dir = path.join(__dirname, '..', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${bench}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
