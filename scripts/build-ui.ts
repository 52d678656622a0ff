/**
 * Builds the Angular apps into dist/<app>/browser (served by the API) when their sources changed:
 * a hash of the app's sources, the shared UI code, the workspace config and the lock file is kept
 * beside the build, so `npm start` and `npm test` on an unchanged tree skip the 15–30 s build.
 *
 *   npm run build:ui            # every app, if stale
 *   npm run build:ui -- --force
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');
export const UI_APPS = ['admin-ui', 'operator-ui'] as const;
export type UiApp = (typeof UI_APPS)[number];

function* files(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (!entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.test.ts')) yield full;
  }
}

/** What a build of `app` depends on, hashed. */
export function sourceHash(app: UiApp): string {
  const hash = crypto.createHash('sha256');
  const inputs = [path.join(root, app, 'src'), path.join(root, 'ui-shared')];
  const single = ['angular.json', 'tsconfig.ui.json', path.join(app, 'tsconfig.app.json'), 'package-lock.json'].map((f) => path.join(root, f));
  for (const f of [...inputs.flatMap((d) => [...files(d)]), ...single]) {
    if (!fs.existsSync(f)) continue;
    hash.update(path.relative(root, f));
    hash.update(fs.readFileSync(f));
  }
  return hash.digest('hex');
}

/** Builds the apps whose sources changed since their last build; throws with the build output on failure. */
export function buildUis(opts: { force?: boolean; say?: (msg: string) => void } = {}): void {
  const say = opts.say ?? ((m: string) => process.stdout.write(`[ui] ${m}\n`));
  for (const app of UI_APPS) {
    const stamp = path.join(root, 'dist', app, '.source-hash');
    const hash = sourceHash(app);
    if (!opts.force && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash && fs.existsSync(path.join(root, 'dist', app, 'browser', 'index.html'))) {
      say(`${app}: up to date`);
      continue;
    }
    say(`${app}: building …`);
    const started = Date.now();
    const ng = path.join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
    // No analytics prompt or upload, no version check: the build talks to nobody.
    const r = spawnSync(process.execPath, [ng, 'build', app], { cwd: root, encoding: 'utf8', env: { ...process.env, NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: '0' } });
    if (r.status !== 0) throw new Error(`building ${app} failed:\n${r.stdout}\n${r.stderr}`);
    fs.writeFileSync(stamp, hash);
    say(`${app}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (require.main === module) {
  try {
    buildUis({ force: process.argv.includes('--force') });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
