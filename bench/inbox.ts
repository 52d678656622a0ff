/**
 * `npm run bench:inbox`: how soon a new task reaches an operator's open inbox (issue 6: within 1 s of
 * the event on a local run). A real stack — embedded Temporal and FerretDB, the worker and the API as
 * their own processes, the built operator app in Debian's Chromium — and citizen field reports posted
 * one at a time, each opening its own incident whose first step belongs to the IOC desk.
 *
 * Per report, timed from the moment the API accepted the reading (202):
 *   - inbox:  the task's row appears in the operator's open inbox (live update, no reload);
 *   - floor:  the task is first visible through the API (`GET /api/tasks`, polled every 20 ms by the
 *             bench) — everything before the browser: rules, outbox, Temporal, worker, database.
 * The ratio inbox/floor is what the live path (feed, SSE, refetch, render) adds.
 *
 *   npm run bench:inbox                 # 20 reports
 *   npm run bench:inbox -- --reports 50
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/support/browser';
import { buildUis } from '../scripts/build-ui';
import { Progress } from './support/progress';
import { writeResult } from './support/results';
import { BenchStack } from './support/stack';

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const TARGET_MS = 1000;
const OPERATOR = 'operator.ioc';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]! };
}

async function api<T>(base: string, method: string, route: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Resolves with the time the first open task whose incident title names `reporter` is listed by the API. */
async function firstSeenThroughApi(base: string, token: string, reporter: string, deadline: number): Promise<number> {
  for (;;) {
    const { body } = await api<{ items: { incident?: { title?: string } }[] }>(base, 'GET', '/api/tasks?scope=unit', token);
    if (body.items.some((t) => t.incident?.title?.includes(reporter))) return Date.now();
    if (Date.now() > deadline) throw new Error(`the task for ${reporter} never appeared through the API`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  const { values } = parseArgs({ options: { reports: { type: 'string', default: '20' } } });
  const reports = Number(values.reports);
  if (!Number.isInteger(reports) || reports < 1) throw new Error(`--reports must be a positive integer (got ${values.reports})`);
  buildUis({ say });

  const stack = new BenchStack();
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await stack.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    await stack.start();
    const base = await stack.startApi();
    const password = stack.config.CITYOPS_DEMO_PASSWORD;
    const admin = (await api<{ token: string }>(base, 'POST', '/api/auth/login', undefined, { username: 'admin', password })).body.token;
    const operator = (await api<{ token: string }>(base, 'POST', '/api/auth/login', undefined, { username: OPERATOR, password })).body.token;

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    await page.goto(`${base}/login`);
    await page.fill('input[name=username]', OPERATOR);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.click('[data-test=tab-unit]');
    say(`${OPERATOR}'s inbox is open; posting ${reports} citizen reports, one at a time …`);

    const inboxMs: number[] = [];
    const floorMs: number[] = [];
    const progress = new Progress('reports', reports);
    for (let i = 0; i < reports; i++) {
      const reporter = `bench-reporter-${stack.suffix}-${i}`;
      // The row's arrival is noted in the page by a MutationObserver (Playwright's own waiting polls
      // at growing intervals, up to 500 ms, which would add its own delay to what is measured).
      const rowSeen = page.evaluate(`new Promise((resolve) => {
        const hit = () => [...document.querySelectorAll('[data-test=inbox-row]')].some((r) => r.textContent.includes(${JSON.stringify(reporter)}));
        if (hit()) return resolve(Date.now());
        const watcher = new MutationObserver(() => { if (hit()) { watcher.disconnect(); resolve(Date.now()); } });
        watcher.observe(document.body, { childList: true, subtree: true, characterData: true });
      })`) as Promise<number>;
      const posted = await api(base, 'POST', '/api/events', admin, [
        { id: `bench-${i}`, source: `citizen-report/${reporter}`, metric: 'report', value: 'rac-thai', observedAt: new Date().toISOString() },
      ]);
      const accepted = Date.now();
      if (posted.status !== 202) throw new Error(`the report was refused: ${posted.status} ${JSON.stringify(posted.body)}`);
      const deadline = Date.now() + 30_000;
      const noRow = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no inbox row for ${reporter}`)), 30_000).unref());
      const [inboxAt, floorAt] = await Promise.all([Promise.race([rowSeen, noRow]), firstSeenThroughApi(base, operator, reporter, deadline)]);
      inboxMs.push(inboxAt - accepted);
      floorMs.push(floorAt - accepted);
      progress.update(i + 1, `last ${(inboxAt - accepted).toFixed(0)} ms`);
      // Let the SOP's other activities settle so each report is measured on its own.
      await new Promise((r) => setTimeout(r, 500));
    }
    progress.finish();

    const inbox = summary(inboxMs);
    const floor = summary(floorMs);
    const fmt = (s: ReturnType<typeof summary>) => `p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, max ${s.max.toFixed(0)} ms`;
    const result = { reports, targetMs: TARGET_MS, inbox, floor, ratioP50: inbox.p50 / floor.p50, ratioP95: inbox.p95 / floor.p95, inboxMs, floorMs };
    process.stdout.write(
      [
        '',
        'new task → open inbox (from the reading accepted)',
        `  visible through the API (floor)  ${fmt(floor)}`,
        `  row in the open inbox            ${fmt(inbox)}  ×${result.ratioP50.toFixed(2)} of the floor at p50, ×${result.ratioP95.toFixed(2)} at p95`,
        `  target: p95 ≤ ${TARGET_MS} ms  ${inbox.p95 <= TARGET_MS ? 'PASS' : 'MISS'}`,
        '',
      ].join('\n'),
    );
    const out = writeResult('inbox', result);
    say(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
