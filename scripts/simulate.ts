/**
 * `npm run simulate`: streams the demo storm (scripts/simulate/scenario.ts) into a running CityOps
 * through its HTTP API, one simulated minute per batch, with a progress line. The story ends "now",
 * so rules see readings in order with real timestamps.
 *
 *   npm run simulate                       # 120 simulated minutes, 0.5 s each, against npm start
 *   npm run simulate -- --minutes 60 --pace 200 --url http://127.0.0.1:3000
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { scenario } from './simulate/scenario';

async function main() {
  const config = loadConfig();
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: `http://127.0.0.1:${config.PORT}` },
      user: { type: 'string', default: 'admin' },
      password: { type: 'string', default: config.CITYOPS_DEMO_PASSWORD },
      minutes: { type: 'string', default: '120' },
      pace: { type: 'string', default: '500' },
    },
  });
  const minutes = Number(values.minutes);
  const paceMs = Number(values.pace);
  const login = await fetch(`${values.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: values.user, password: values.password }),
  });
  if (!login.ok) throw new Error(`login as ${values.user} failed (${login.status}): is CityOps running at ${values.url}?`);
  let { token, refreshToken } = (await login.json()) as { token: string; refreshToken: string };
  /** Access tokens live minutes: a slow run trades its refresh token for a new pair when refused. */
  const post = async (batch: unknown): Promise<Response> => {
    const send = () =>
      fetch(`${values.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(batch) });
    const res = await send();
    if (res.status !== 401) return res;
    const renewed = await fetch(`${values.url}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
    if (!renewed.ok) return res;
    ({ token, refreshToken } = (await renewed.json()) as { token: string; refreshToken: string });
    return send();
  };

  const runId = Date.now().toString(36);
  const start = new Date(Date.now() - minutes * 60_000);
  const totals = { accepted: 0, duplicates: 0, suspect: 0, rejected: 0 };
  let minute = 0;
  for (const batch of scenario({ start, runId, minutes })) {
    const res = await post(batch);
    if (res.status !== 202) throw new Error(`batch ${minute} refused (${res.status}): ${await res.text()}`);
    const r = (await res.json()) as { accepted: number; duplicates: number; suspect?: number; rejected: unknown[] };
    totals.accepted += r.accepted;
    totals.duplicates += r.duplicates;
    totals.suspect += r.suspect ?? 0;
    totals.rejected += r.rejected.length;
    minute += 1;
    const level = batch.find((e) => e.metric === 'water_level_m')?.value as number;
    const bar = '█'.repeat(Math.round((minute / minutes) * 30)).padEnd(30, '░');
    const gauge = '▮'.repeat(Math.round(level * 5)).padEnd(20, ' ');
    process.stdout.write(
      `\r[simulate] ${bar} ${String(minute).padStart(3)}/${minutes} min  Suối Rạt ${level.toFixed(2)} m ${gauge} accepted ${totals.accepted}  rejected ${totals.rejected}`,
    );
    await new Promise((r) => setTimeout(r, paceMs));
  }
  process.stdout.write(`\n[simulate] done: ${totals.accepted} readings accepted, ${totals.duplicates} duplicates, ${totals.suspect} suspect, ${totals.rejected} rejected\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`\n[simulate] ${(err as Error).message}\n`);
  process.exit(1);
});
