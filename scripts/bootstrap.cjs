// Entry of `npm start` and `npm test` on a fresh clone: installs the npm dependencies when they are
// missing or older than package-lock.json, then runs the TypeScript script under tsx.
// Plain CommonJS with no dependencies, because nothing is installed yet when it runs.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const stale = !fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs;
if (stale) {
  process.stdout.write('[cityops] installing npm dependencies (npm ci) …\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('[cityops] npm ci failed: check your network access to the npm registry, or run `npm install` yourself.\n');
    process.exit(r.status ?? 1);
  }
}
const [script, ...args] = process.argv.slice(2);
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const child = require('node:child_process').spawn(process.execPath, [tsx, path.join(root, 'scripts', `${script}.ts`), ...args], { cwd: root, stdio: 'inherit' });
// Signals are forwarded, so a supervisor that signals only this process (not the whole group, as a
// terminal's Ctrl-C does) still stops everything; the child's shutdown ignores a repeated signal.
process.on('SIGTERM', () => child.kill('SIGTERM'));
process.on('SIGINT', () => child.kill('SIGINT'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
