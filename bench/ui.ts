/**
 * `npm run bench:ui`: both apps' budgets — how much JavaScript the first screen loads, and how
 * soon the first screens are usable in Debian's Chromium — against a blank page served by the same
 * server in the same run (the floor: browser start-up, HTTP and rendering with no app at all).
 *
 *   npm run bench:ui                 # 7 loads of each page, median reported
 *   npm run bench:ui -- --runs 15
 *
 * Budgets: admin app (issue 5) initial JavaScript ≤ 1.5 MB before compression; operator app (issue 6)
 * ≤ 1 MB; first screen usable ≤ 2 s.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../api/app';
import { UI_DIST } from '../api/ui-static';
import { launchBrowser } from '../e2e/support/browser';
import { buildUis } from '../scripts/build-ui';
import { writeResult } from './support/results';
import { BenchStack } from './support/stack';

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const BUDGET_INITIAL_JS = 1.5 * 1024 * 1024;
const BUDGET_OPERATOR_INITIAL_JS = 1024 * 1024;
const BUDGET_USABLE_MS = 2000;

/** What `POST /api/auth/login` answers (the apps keep it, with the expiry, in sessionStorage). */
interface Grant {
  token: string;
  refreshToken: string;
  user: unknown;
}

interface Measured {
  medianMs: number;
  minMs: number;
  maxMs: number;
}

function median(values: number[]): Measured {
  const sorted = [...values].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, minMs: sorted[0]!, maxMs: sorted[sorted.length - 1]! };
}

/** Loads `url` in a fresh context `runs` times (no cache between runs) and times it until `ready` resolves. */
async function timeLoads(
  browser: Browser,
  runs: number,
  url: string,
  ready: (page: Page) => Promise<unknown>,
  init?: (page: Page) => Promise<void>,
): Promise<{ times: Measured; jsBytes: number }> {
  const times: number[] = [];
  let jsBytes = 0;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    if (init) await init(page);
    let bytes = 0;
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script')
        void res.body().then(
          (b) => (bytes += b.length),
          () => undefined,
        );
    });
    const started = performance.now();
    await page.goto(url);
    await ready(page);
    times.push(performance.now() - started);
    jsBytes = Math.max(jsBytes, bytes);
    await context.close();
  }
  return { times: median(times), jsBytes };
}

/** The scripts `index.html` loads up front (entry and its preloads): the app's initial JavaScript, raw and gzipped. */
function initialScripts(dir: string): { raw: number; gzip: number; files: string[] } {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const f of new Set(files)) {
    const body = fs.readFileSync(path.join(dir, f));
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip, files };
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer (got ${values.runs})`);
  buildUis({ say });
  const adminDir = path.join(UI_DIST, 'admin-ui', 'browser');
  const initial = initialScripts(adminDir);
  const operatorInitial = initialScripts(path.join(UI_DIST, 'operator-ui', 'browser'));

  const stack = new BenchStack();
  let server: Server | undefined;
  let stopLive: (() => Promise<void>) | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await stopLive?.();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await stack.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    await stack.start();
    const { app, live } = createApp({ temporal: stack.client, taskQueue: stack.sopTaskQueue, tokenSecret: randomBytes(32).toString('hex'), tokenTtlSeconds: 3600 });
    // The inbox opens a live stream: serve it like the API process does, and stop it before the database goes.
    live.start();
    stopLive = () => live.stop();
    // The floor: a blank page from the same server.
    app.get('/bench-blank.html', (_req, res) => res.type('html').send('<!doctype html><title>blank</title><p id="ready">blank</p>'));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const addr = server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: stack.config.CITYOPS_DEMO_PASSWORD }),
    });
    const session = (await login.json()) as Grant;
    const operatorLogin = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator.ioc', password: stack.config.CITYOPS_DEMO_PASSWORD }),
    });
    const operatorSession = (await operatorLogin.json()) as Grant;
    const expiresAt = Date.now() + 3600_000;

    browser = await launchBrowser();
    say(`timing ${runs} loads of each page …`);
    const blank = await timeLoads(browser, runs, `${base}/bench-blank.html`, (p) => p.waitForSelector('#ready'));
    const loginScreen = await timeLoads(browser, runs, `${base}/admin/login`, (p) => p.waitForSelector('input[name=username]:enabled'));
    // Signed in already, as after a login: the session both apps keep in sessionStorage.
    const signedIn = (s: Grant) => async (p: Page) => {
      const stored = JSON.stringify({ token: s.token, refreshToken: s.refreshToken, user: s.user, expiresAt, idleTimeoutMs: 30 * 60_000 });
      await p.addInitScript({ content: `sessionStorage.setItem('cityops.session', ${JSON.stringify(stored)});` });
    };
    const rulesScreen = await timeLoads(browser, runs, `${base}/admin/rules`, (p) => p.waitForSelector('[data-test=rules-table]'), signedIn(session));
    const inboxScreen = await timeLoads(browser, runs, `${base}/inbox`, (p) => p.waitForSelector('[data-test=tab-unit]'), signedIn(operatorSession));

    const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
    const ms = (m: Measured) => `${m.medianMs.toFixed(0)} ms (min ${m.minMs.toFixed(0)}, max ${m.maxMs.toFixed(0)})`;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const result = {
      runs,
      initialJs: { files: initial.files, rawBytes: initial.raw, gzipBytes: initial.gzip, budgetBytes: BUDGET_INITIAL_JS, ratioToBudget: initial.raw / BUDGET_INITIAL_JS },
      loginScriptsLoadedBytes: loginScreen.jsBytes,
      floor: blank.times,
      loginUsable: { ...loginScreen.times, ratioToFloor: loginScreen.times.medianMs / blank.times.medianMs },
      rulesUsable: { ...rulesScreen.times, ratioToFloor: rulesScreen.times.medianMs / blank.times.medianMs },
      operatorInitialJs: {
        files: operatorInitial.files,
        rawBytes: operatorInitial.raw,
        gzipBytes: operatorInitial.gzip,
        budgetBytes: BUDGET_OPERATOR_INITIAL_JS,
        ratioToBudget: operatorInitial.raw / BUDGET_OPERATOR_INITIAL_JS,
      },
      inboxUsable: { ...inboxScreen.times, ratioToFloor: inboxScreen.times.medianMs / blank.times.medianMs },
      budgetUsableMs: BUDGET_USABLE_MS,
    };
    process.stdout.write(
      [
        '',
        'admin app budget',
        `  initial JavaScript      ${kb(initial.raw)} raw, ${kb(initial.gzip)} gzip  (${initial.files.length} files; budget ${kb(BUDGET_INITIAL_JS)}, ratio ${result.initialJs.ratioToBudget.toFixed(2)})  ${verdict(initial.raw <= BUDGET_INITIAL_JS)}`,
        `  scripts the login loads ${kb(loginScreen.jsBytes)}`,
        `  blank page (floor)      ${ms(blank.times)}`,
        `  login usable            ${ms(loginScreen.times)}  ×${result.loginUsable.ratioToFloor.toFixed(1)} of the floor  ${verdict(loginScreen.times.medianMs <= BUDGET_USABLE_MS)} (≤ ${BUDGET_USABLE_MS} ms)`,
        `  thresholds list usable  ${ms(rulesScreen.times)}  ×${result.rulesUsable.ratioToFloor.toFixed(1)} of the floor  ${verdict(rulesScreen.times.medianMs <= BUDGET_USABLE_MS)} (≤ ${BUDGET_USABLE_MS} ms)`,
        'operator app budget',
        `  initial JavaScript      ${kb(operatorInitial.raw)} raw, ${kb(operatorInitial.gzip)} gzip  (${operatorInitial.files.length} files; budget ${kb(BUDGET_OPERATOR_INITIAL_JS)}, ratio ${result.operatorInitialJs.ratioToBudget.toFixed(2)})  ${verdict(operatorInitial.raw <= BUDGET_OPERATOR_INITIAL_JS)}`,
        `  inbox usable            ${ms(inboxScreen.times)}  ×${result.inboxUsable.ratioToFloor.toFixed(1)} of the floor  ${verdict(inboxScreen.times.medianMs <= BUDGET_USABLE_MS)} (≤ ${BUDGET_USABLE_MS} ms)`,
        '',
      ].join('\n'),
    );
    const out = writeResult('ui', result);
    say(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
