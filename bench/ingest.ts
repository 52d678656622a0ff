/**
 * `npm run bench:ingest`: what the ingest path costs.
 *   (a) readings per second through `POST /api/events` (the real API process, real FerretDB, 1,000
 *       enabled rules, none of which fires on the bench's readings, so Temporal does no work)
 *       against a bare `insertMany` of the same documents into the same database — target ≥ 0.5;
 *   (b) in-process rule evaluation per reading with 10 rules and with 10,000, exactly 10 of them on
 *       the reading's source and metric — target 10,000 / 10 ≤ 1.5;
 *   (c) the same 10,000 rules in one plain json-rules-engine Engine, source and metric as fact
 *       checks — target: our index ≥ 100× faster.
 * (b) and (c) run in this process and count its CPU time rather than wall-clock time, so that a
 * busy machine does not skew them; (a) also reports CPU per reading of each process involved.
 *
 *   npm run bench:ingest                        # 20,000 readings per API/raw phase, a few minutes
 *   npm run bench:ingest -- --events 100000 --senders 8
 *
 * Options: --events N per phase (20000), --batch N readings per request (500), --senders N in
 * flight (4), --warmup N readings each, not measured (2000), --rounds N alternations of raw and API
 * (4), --rules N enabled in the database, the demo's included (1000), --sources N the readings come
 * from (10), --index-events N per round (5000), --index-rounds N (5), --index-rules N (10000),
 * --plain-events N (50), --keep-data.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { AlertStateModel, Outbox, PendingEvaluation, Rule, StoredEvent } from '../model';
import { CpuMeter } from './support/cpu';
import { Progress } from './support/progress';
import { writeResult } from './support/results';
import { BenchStack } from './support/stack';
import { RAW_COLLECTION, apiSender, login, pushBatches, rawSender, registerSources, storeRules, throughput, type Accumulated, type Throughput } from './ingest/api-throughput';
import { checkSameMatches, hotReadings, hotRules, indexCosts, plainEngineCost, type CostResult } from './ingest/rule-cost';
import { BENCH_METRIC, benchReadings, benchRules, type Stream } from './ingest/workload';

const TARGET = { apiVsRaw: 0.5, growth: 1.5, speedUp: 100 } as const;
/** Rules on the bench's own sources fire at this pm25 or above; readings stay below 150, so none ever does. */
const NEVER_REACHED = 900;

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '20000' },
      batch: { type: 'string', default: '500' },
      senders: { type: 'string', default: '4' },
      warmup: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '4' },
      rules: { type: 'string', default: '1000' },
      sources: { type: 'string', default: '10' },
      'index-events': { type: 'string', default: '5000' },
      'index-rounds': { type: 'string', default: '5' },
      'index-rules': { type: 'string', default: '10000' },
      'plain-events': { type: 'string', default: '50' },
      'keep-data': { type: 'boolean', default: false },
    },
  });
  const int = (name: keyof typeof values, min: number) => {
    const v = String(values[name]);
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${v})`);
    return n;
  };
  const opts = {
    events: int('events', 1),
    batch: int('batch', 1),
    senders: int('senders', 1),
    warmup: int('warmup', 0),
    rounds: int('rounds', 1),
    rules: int('rules', 1),
    sources: int('sources', 1),
    indexEvents: int('index-events', 1),
    indexRounds: int('index-rounds', 1),
    indexRules: int('index-rules', 10),
    plainEvents: int('plain-events', 1),
    keepData: values['keep-data'],
  };
  if (opts.batch > 10_000) throw new Error('--batch must be ≤ 10000 (the API refuses larger batches)');
  return opts;
}

type Options = ReturnType<typeof options>;

async function main() {
  const opts = options();
  const stack = new BenchStack();
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say('interrupted: stopping servers (Ctrl-C again to skip)');
    void stack.stop({ keepDataDir: opts.keepData }).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const loadBefore = os.loadavg();

  try {
    // In-process first, before the servers start competing for the CPU.
    const rules = await ruleCost(opts);
    if (interrupted) return;
    const ingest = await apiVsRaw(stack, opts, () => interrupted);
    if (interrupted) return;

    const result = {
      bench: 'ingest',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      /** 1-, 5- and 15-minute load averages before and after: a busy machine slows the API phases more than the in-process ones. */
      loadAverage: { before: loadBefore.map(round), after: os.loadavg().map(round) },
      servers: { temporal: stack.config.TEMPORAL_ADDRESS ? 'external' : 'embedded dev server', mongodb: stack.config.MONGODB_URI ? 'external' : 'embedded FerretDB' },
      options: opts,
      ...ingest,
      ...rules,
    };
    const file = writeResult('ingest', result);
    printSummary(result, file);
  } catch (err) {
    if (interrupted) return;
    say(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
    await stack.stop({ keepDataDir: true });
    return;
  }
  if (!interrupted) await stack.stop({ keepDataDir: opts.keepData });
}

/** (b) and (c): our index with few and many rules, then one plain Engine with the many. */
async function ruleCost(opts: Options) {
  const many = hotRules(opts.indexRules);
  const readings = hotReadings(opts.indexEvents);
  const checked = await checkSameMatches(many, readings.slice(0, 200));
  say(`RuleIndex and the plain engine match the same rules on ${checked} sample readings`);
  const [few, indexed] = await indexCosts('rule index', [hotRules(10), many], readings, opts.indexRounds);
  const plain = await plainEngineCost('plain engine', many, readings.slice(0, opts.plainEvents));
  return {
    ruleIndex: { few: few!, many: indexed!, growth: indexed!.usPerEvent / few!.usPerEvent },
    plainEngine: { ...plain, speedUp: plain.usPerEvent / indexed!.usPerEvent },
  };
}

/** (a): the stack without workers, the rules, the API process, then warm-ups and alternating rounds of raw and API batches. */
async function apiVsRaw(stack: BenchStack, opts: Options, shouldStop: () => boolean) {
  await stack.start({ workers: false });
  const streams: Stream[] = Array.from({ length: opts.sources }, (_, i) => ({ source: `air-quality/bench-${String(i + 1).padStart(2, '0')}`, metric: BENCH_METRIC }));
  const alreadyEnabled = await Rule.countDocuments({ enabled: true });
  const rules = benchRules({ prefix: 'ingest', total: Math.max(opts.sources, opts.rules - alreadyEnabled), streams, perStream: 1, threshold: () => NEVER_REACHED });
  await storeRules(rules);
  const enabledRules = await Rule.countDocuments({ enabled: true });
  say(`${enabledRules} enabled rules in the database (${opts.sources} on the bench's sources, notify only, thresholds never reached)`);

  const apiUrl = await stack.startApi();
  const token = await login(apiUrl, 'admin', stack.config.CITYOPS_DEMO_PASSWORD);
  await registerSources(apiUrl, token, streams);

  const total = opts.warmup + opts.events;
  const start = new Date(Date.now() - total * 1000); // one reading per second per phase, ending about now
  const readings = (idPrefix: string, count: number, firstIndex: number) => benchReadings({ idPrefix: `${idPrefix}-${stack.suffix}`, count, streams, start, firstIndex });

  if (opts.warmup) {
    // The first API batch also loads the rules and fills their windows; neither is timed.
    const bar = new Progress('warm-up', 2 * opts.warmup);
    const warmApi = apiSender(apiUrl, token, readings('warm-api', opts.warmup, 0), opts.batch);
    const warmRaw = await rawSender(readings('warm-raw', opts.warmup, 0), opts.batch);
    const scratch: Accumulated = { seconds: 0, latenciesMs: [] };
    await pushBatches(warmApi, { from: 0, to: warmApi.batches, batchSize: opts.batch }, opts.senders, scratch, { bar, before: 0 });
    await pushBatches(warmRaw, { from: 0, to: warmRaw.batches, batchSize: opts.batch }, opts.senders, scratch, { bar, before: warmApi.batches });
    bar.finish();
  }

  const api = apiSender(apiUrl, token, readings('api', opts.events, opts.warmup), opts.batch);
  const raw = await rawSender(readings('raw', opts.events, opts.warmup), opts.batch);
  const pids = { api: stack.api?.child.pid, ferretdb: stack.serverPid('ferretdb'), bench: process.pid };
  const acc = { api: { seconds: 0, latenciesMs: [] } as Accumulated, raw: { seconds: 0, latenciesMs: [] } as Accumulated };
  const cpu = { api: {} as Record<string, number>, raw: {} as Record<string, number> };
  const bar = new Progress('raw + API', 2 * opts.events);
  const perRound = Math.ceil(api.batches / opts.rounds);
  let before = 0;
  for (let round = 0; round < opts.rounds && !shouldStop(); round++) {
    const range = { from: round * perRound, to: Math.min(api.batches, (round + 1) * perRound), batchSize: opts.batch };
    for (const [kind, sender] of [
      ['raw', raw],
      ['api', api],
    ] as const) {
      const meter = new CpuMeter(pids);
      await pushBatches(sender, range, opts.senders, acc[kind], { bar, before });
      addInto(cpu[kind], meter.read());
      before += range.to - range.from;
    }
  }
  bar.finish();

  const apiRate = throughput(acc.api, opts.events);
  const rawRate = throughput(acc.raw, opts.events);
  const check = await afterCheck(opts);
  return {
    ingest: {
      enabledRules,
      api: { ...apiRate, cpuSeconds: roundAll(cpu.api) },
      raw: { ...rawRate, cpuSeconds: roundAll(cpu.raw) },
      ratio: apiRate.eventsPerSecond / rawRate.eventsPerSecond,
      check,
    },
  };
}

/** What the run left behind: every stored reading, no batch awaiting the rules, nothing queued for Temporal. */
async function afterCheck(opts: Options) {
  const check = {
    storedEvents: await StoredEvent.estimatedDocumentCount(),
    rawEvents: await mongoose.connection.db!.collection(RAW_COLLECTION).estimatedDocumentCount(),
    pendingEvaluations: await PendingEvaluation.estimatedDocumentCount(),
    alertStates: await AlertStateModel.estimatedDocumentCount(),
    outbox: await Outbox.estimatedDocumentCount(),
  };
  const expected = opts.warmup + opts.events;
  if (check.storedEvents < expected || check.rawEvents < expected) throw new Error(`expected ${expected} readings in each collection: ${JSON.stringify(check)}`);
  if (check.pendingEvaluations || check.outbox) throw new Error(`the API left readings unevaluated or queued work for Temporal: ${JSON.stringify(check)}`);
  return check;
}

function addInto(total: Record<string, number>, more: Record<string, number>): void {
  for (const [k, v] of Object.entries(more)) total[k] = (total[k] ?? 0) + v;
}

interface Summary {
  ingest: { enabledRules: number; api: Throughput & { cpuSeconds: Record<string, number> }; raw: Throughput & { cpuSeconds: Record<string, number> }; ratio: number };
  ruleIndex: { few: CostResult; many: CostResult; growth: number };
  plainEngine: CostResult & { speedUp: number };
  servers: Record<string, string>;
  loadAverage: { before: number[]; after: number[] };
}

function printSummary(r: Summary, file: string) {
  const { api, raw } = r.ingest;
  const rows: [string, string, string, string][] = [
    [`(a) POST /api/events, ${fmt(r.ingest.enabledRules, 0)} rules`, `${fmt(api.eventsPerSecond, 0)} events/s`, '', ''],
    ['    raw insertMany, same documents', `${fmt(raw.eventsPerSecond, 0)} events/s`, '', ''],
    ['    API / raw', r.ingest.ratio.toFixed(2), `≥ ${TARGET.apiVsRaw}`, verdict(r.ingest.ratio >= TARGET.apiVsRaw)],
    [`(b) RuleIndex, ${fmt(r.ruleIndex.few.rules, 0)} rules`, `${fmt(r.ruleIndex.few.usPerEvent, 1)} µs/event`, '', ''],
    [`    RuleIndex, ${fmt(r.ruleIndex.many.rules, 0)} rules (10 on the stream)`, `${fmt(r.ruleIndex.many.usPerEvent, 1)} µs/event`, '', ''],
    [`    ${fmt(r.ruleIndex.many.rules, 0)} / ${fmt(r.ruleIndex.few.rules, 0)}`, r.ruleIndex.growth.toFixed(2), `≤ ${TARGET.growth}`, verdict(r.ruleIndex.growth <= TARGET.growth)],
    [`(c) one plain Engine, ${fmt(r.plainEngine.rules, 0)} rules`, `${fmt(r.plainEngine.usPerEvent, 0)} µs/event`, '', ''],
    ['    RuleIndex speed-up', `${fmt(r.plainEngine.speedUp, 0)}×`, `≥ ${TARGET.speedUp}×`, verdict(r.plainEngine.speedUp >= TARGET.speedUp)],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  // CPU per reading does not depend on what else the machine runs; on a busy machine the rates follow it.
  const cpu = (c: Record<string, number>, events: number) => {
    const us = (s: number) => `${Math.round((s * 1e6) / events)}`;
    const parts = Object.entries(c).filter(([, v]) => v > 0);
    return `${us(parts.reduce((sum, [, v]) => sum + v, 0))} µs (${parts.map(([k, v]) => `${k} ${us(v)}`).join(', ')})`;
  };
  const out = [
    '',
    `bench:ingest — ${os.cpus().length} CPUs, Node ${process.version}, ${r.servers.mongodb}; load average ${r.loadAverage.before[0]} → ${r.loadAverage.after[0]}`,
    ...rows.map(([a, b, c, d]) => `${a.padEnd(widths[0]!)}  ${b.padStart(widths[1]!)}  ${c.padEnd(widths[2]!)}  ${d}`.trimEnd()),
    '',
    `batch latency  API p50 ${api.batchP50Ms} ms, p95 ${api.batchP95Ms} ms; raw p50 ${raw.batchP50Ms} ms, p95 ${raw.batchP95Ms} ms`,
    `CPU per event  API path ${cpu(api.cpuSeconds, api.events)}; raw ${cpu(raw.cpuSeconds, raw.events)}`,
    `(b)/(c) µs are CPU time of the bench process (wall-clock: ${fmt(r.ruleIndex.few.wallUsPerEvent, 1)}, ${fmt(r.ruleIndex.many.wallUsPerEvent, 1)}, ${fmt(r.plainEngine.wallUsPerEvent, 0)} µs)`,
    `results        ${path.relative(process.cwd(), file)}`,
    '',
  ];
  process.stdout.write(out.join('\n'));
}

const verdict = (met: boolean) => (met ? 'PASS' : 'MISS');
const fmt = (n: number, digits: number) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const round = (n: number) => Math.round(n * 100) / 100;
const roundAll = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));

main().catch((err: Error) => {
  say(`failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
