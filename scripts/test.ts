/**
 * `npm test`: provision the servers, then lint, type-check and run every jest test
 * (unit, integration against real Temporal and FerretDB). Jest's reporter prints "N passed, N failed".
 */
import { spawnSync } from 'node:child_process';
import { buildUis } from './build-ui';
import { provision } from './stack/tools';

function run(label: string, cmd: string, args: string[]): number {
  process.stdout.write(`\n[test] ${label}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status ?? 1;
}

async function main() {
  await provision({ temporal: !process.env.TEMPORAL_ADDRESS, temporalTestServer: true, ferretdb: !process.env.MONGODB_URI });
  // The browser tests drive the built apps that the API serves.
  buildUis();
  const bin = (name: string) => require.resolve(`.bin/${name}`, { paths: [`${__dirname}/../node_modules`] });
  const failures: string[] = [];
  if (run('lint (eslint + prettier)', bin('eslint'), ['.', '--max-warnings=0']) !== 0) failures.push('eslint');
  if (run('format check', bin('prettier'), ['--check', '.', '--log-level=warn']) !== 0) failures.push('prettier');
  if (run('type-check', bin('tsc'), ['-p', '.']) !== 0) failures.push('tsc');
  const jestCode = run('jest', bin('jest'), process.argv.slice(2));
  if (failures.length) process.stdout.write(`\n[test] failed checks: ${failures.join(', ')}\n`);
  process.exit(jestCode !== 0 || failures.length ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`[test] ${(err as Error).message}\n`);
  process.exit(1);
});
