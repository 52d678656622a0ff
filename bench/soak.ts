/**
 * `npm run bench:soak`: the whole stack at a steady rate for half an hour (issue 8) — does memory
 * stay flat in every process? The real API and worker on the embedded Temporal and FerretDB (or
 * TEMPORAL_ADDRESS / MONGODB_URI); readings over `--sources` air-quality sensors at `--rate` a
 * second, sensors turning hot now and then so incidents keep opening, and simulated operators working
 * every step. The sensors' rules: one opening threshold each, plus a 5-minute average over the type
 * (never reached) so every stream keeps a window — windows fill for five minutes, then must stay
 * flat. The demo's hour-long PM2.5 average is switched off: it would still be filling at the end.
 *
 * Samples the RSS of the API, the worker, Temporal and FerretDB every `--sample` seconds and prints,
 * per process, a chart of it and the trend after the warm-up: the least-squares slope in MB per hour,
 * what it adds over the run, and whether that is flat (within 10 MB or 5% of the mean). For Temporal and
 * FerretDB also the anonymous part of the RSS and the size of their data files, and for Temporal its Go
 * heap (from its `/metrics`), so a growing curve says where it grows.
 *
 * Usage and options: `USAGE` below (`--help` prints it).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { RuleDefinition } from '../rules/rule-index';
import { Desk } from './e2e/desk';
import { Sender } from './e2e/sender';
import { StormPlan } from './e2e/storm-plan';
import { stormRules } from './e2e/storm-rules';
import { finishStorm, prepareStorm, stopOnSignal } from './e2e/storm-setup';
import { BENCH_METRIC } from './ingest/workload';
import { sparkline, squeeze } from './support/chart';
import { summarise } from './support/latency';
import { memoryTrend, type MemoryTrend } from './support/memory-trend';
import { Progress } from './support/progress';
import { writeResult } from './support/results';
import { folderMb } from './support/folder-size';
import { readGoHeap, type GoHeap } from './support/go-heap';
import { Sampler } from './support/sampler';
import { RssSampler, type RssSample } from './support/rss';
import { exitWithUsageOnHelp, numberOption, rangeOption } from './support/options';
import { BenchStack } from './support/stack';

/** Printed by `--help`. */
const USAGE = `
Usage:
  npm run bench:soak                         # 30 minutes at 100 readings/s
  npm run bench:soak -- --minutes 5 --rate 50

Options: --minutes (30), --rate readings/s (100), --sources (200), --incidents-per-minute (3),
--warmup minutes (5), --sample s (10), --operators (5), --think ms range (300-1500), --keep-data.
`;

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TICK_MS = 200;
const SOURCE_TYPE = 'air-quality';
/** The demo's PM2.5 rule averages an hour: its windows would still be filling when a 30-minute soak ends. */
const DEMO_HOUR_RULE = 'air-quality-pm25';
/** The embedded Go servers (SQLite inside): their RSS is taken apart and their data files followed. */
const isGoServer = (name: string) => name === 'temporal' || name === 'ferretdb';
const soakSource = (i: number) => `${SOURCE_TYPE}/soak-${String(i).padStart(3, '0')}`;

function options() {
  exitWithUsageOnHelp(USAGE);
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '30' },
      rate: { type: 'string', default: '100' },
      sources: { type: 'string', default: '200' },
      'incidents-per-minute': { type: 'string', default: '3' },
      warmup: { type: 'string', default: '5' },
      sample: { type: 'string', default: '10' },
      operators: { type: 'string', default: '5' },
      think: { type: 'string', default: '300-1500' },
      'keep-data': { type: 'boolean', default: false },
    },
  });
  const num = (name: keyof typeof values, min: number, max?: number) => numberOption(values, name, min, max);
  return {
    minutes: num('minutes', 1),
    rate: num('rate', 1),
    sources: num('sources', 1),
    incidentsPerMinute: num('incidents-per-minute', 0.1),
    warmupMinutes: num('warmup', 0),
    sampleSeconds: num('sample', 1),
    operators: num('operators', 1),
    thinkMs: rangeOption(values, 'think'),
    keepData: values['keep-data'],
  };
}

/** The storm's per-gauge rules, plus one rule over the gauge type that keeps a 5-minute window of every stream. */
function soakRules(sources: number): RuleDefinition[] {
  const windowed: RuleDefinition = {
    key: 'soak-average',
    name: 'soak: 5-minute average (never reached)',
    enabled: true,
    priority: 1,
    sourceType: SOURCE_TYPE,
    metric: BENCH_METRIC,
    levels: [{ severity: 'warning', conditions: { all: [{ fact: 'avg', params: { minutes: 5 }, operator: 'greaterThanInclusive', value: 10_000 }] } }],
    correlationKey: 'soak:{{source}}',
    action: { type: 'notify' },
  };
  return [...stormRules(soakSource, sources, sources), windowed];
}

async function main() {
  const opts = options();
  const stack = new BenchStack();
  let interrupted = false;
  stopOnSignal(stack, opts.keepData, () => (interrupted = true));
  try {
    const { apiUrl, admin, operator } = await prepareStorm(stack, {
      sources: opts.sources,
      sourceName: soakSource,
      rules: soakRules(opts.sources),
      disableRules: [DEMO_HOUR_RULE],
    });
    const pids = {
      api: stack.api!.child.pid!,
      worker: stack.sopWorker!.child.pid!,
      ...(stack.serverPid('temporal') ? { temporal: stack.serverPid('temporal')! } : {}),
      ...(stack.serverPid('ferretdb') ? { ferretdb: stack.serverPid('ferretdb')! } : {}),
    };
    const samplers = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, new RssSampler(pid, opts.sampleSeconds * 1000)]));
    const metricsUrl = stack.temporalMetricsUrl;
    const temporalHeap = metricsUrl ? new Sampler(() => readGoHeap(metricsUrl), opts.sampleSeconds * 1000) : undefined;
    // The embedded servers' files (the external ones' are not ours to look at): memory that tracks them is a cache of them.
    const dataFiles = Object.fromEntries(
      Object.keys(pids)
        .filter(isGoServer)
        .map((name) => [name, new Sampler(() => folderMb(path.join(stack.dataDir, name)), opts.sampleSeconds * 1000)]),
    );
    const desk = new Desk({
      apiUrl,
      token: () => operator.token,
      inbox: 'live',
      pollMs: 250,
      operators: opts.operators,
      thinkMs: opts.thinkMs,
      sourceOf: (title) => /^Bench (\S+)/.exec(title)?.[1],
    });
    const plan = new StormPlan(
      { sources: opts.sources, peakPerSecond: opts.rate, rampSeconds: 0, holdSeconds: opts.minutes * 60, incidentsPerSecond: opts.incidentsPerMinute / 60, tickMs: TICK_MS },
      `soak-${stack.suffix}`,
      soakSource,
    );
    const sender = new Sender(
      apiUrl,
      () => admin.token,
      8,
      100,
      (source, at) => desk.hotAccepted(source, at),
    );
    desk.start();
    say(`soak: ${opts.rate} readings/s over ${opts.sources} gauges for ${opts.minutes} min, ${plan.expectedIncidents} incidents, RSS every ${opts.sampleSeconds}s`);
    const progress = new Progress('soak', plan.ticks);
    const t0 = performance.now();
    for (let k = 0; k < plan.ticks && !interrupted; k++) {
      const wait = t0 + k * TICK_MS - performance.now();
      if (wait > 0) await sleep(wait);
      const { readings } = plan.tick(k, new Date());
      sender.sendTick(readings);
      const rss = Object.entries(samplers).map(([name, s]) => `${name} ${Math.round(s.samples[s.samples.length - 1]?.rssMb ?? 0)}`);
      progress.update(k + 1, `accepted ${sender.accepted}, incidents ${desk.seenSources.size}, RSS MB ${rss.join(' ')}`);
    }
    await sender.drain();
    progress.finish();
    const drainUntil = performance.now() + 60_000;
    while (!interrupted && performance.now() < drainUntil && desk.backlog > 0) await sleep(200);
    await desk.stop();
    admin.stop();
    operator.stop();
    for (const s of Object.values(samplers)) s.stop();
    temporalHeap?.stop();
    for (const s of Object.values(dataFiles)) s.stop();
    if (interrupted) return;

    const seconds = (performance.now() - t0) / 1000;
    const warmupMs = opts.warmupMinutes * 60_000;
    const series = memorySeries(samplers, temporalHeap, dataFiles);
    const trends = Object.fromEntries(Object.entries(series).map(([name, samples]) => [name, memoryTrend(samples, warmupMs)]));
    const errors = [...sender.errors, ...desk.errors];
    const result = {
      bench: 'soak',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() },
      options: opts,
      // What the embedded Temporal ran with beyond CityOps' own settings (a soak compares them).
      temporalDynamicConfig: stack.config.TEMPORAL_ADDRESS ? undefined : stack.config.TEMPORAL_DYNAMIC_CONFIG,
      events: { sent: sender.sent, accepted: sender.accepted, perSecond: Math.round((sender.accepted / seconds) * 10) / 10, throttledBatches: sender.throttled },
      incidents: { expected: plan.expectedIncidents, seen: desk.seenSources.size, stepsCompleted: desk.completed, duplicatedSteps: desk.duplicateSteps },
      latencyMs: { eventToTask: summarise(desk.eventToTaskMs), taskToNext: summarise(desk.taskToNextMs) },
      memory: trends,
      rssMb: Object.fromEntries(Object.entries(series).map(([name, samples]) => [name, samples.map((x) => ({ t: x.t, mb: Math.round(x.rssMb * 10) / 10 }))])),
      errors: { count: errors.length, first: errors.slice(0, 10) },
    };
    const file = writeResult('soak', result);
    printSummary(result, series, file);
  } catch (err) {
    say(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  } finally {
    if (!interrupted) await finishStorm(stack, [stack.sopTaskQueue], 'bench:soak', opts.keepData);
  }
}

/**
 * The memory curves the soak judges: each process's RSS; for the Go servers (Temporal, FerretDB) also
 * its anonymous part — what they allocate, apart from the mapped binary — and Temporal's own Go heap,
 * to tell a growing heap from a growing SQLite page cache (allocated outside it by the pure-Go driver).
 */
function memorySeries(samplers: Record<string, RssSampler>, temporalHeap?: Sampler<GoHeap>, dataFiles: Record<string, Sampler<number>> = {}): Record<string, RssSample[]> {
  const series: Record<string, RssSample[]> = {};
  const asSeries = <T>(samples: { t: number; value: T }[], mb: (v: T) => number | undefined): RssSample[] =>
    samples.flatMap(({ t, value }) => {
      const v = mb(value);
      return v === undefined ? [] : [{ t, rssMb: v, phase: 'soak', done: 0 }];
    });
  for (const [name, sampler] of Object.entries(samplers)) {
    series[name] = sampler.samples;
    if (!isGoServer(name)) continue;
    const anon = sampler.samples.flatMap((s) => (s.anonMb === undefined ? [] : [{ ...s, rssMb: s.anonMb }]));
    if (anon.length) series[`${name} anon`] = anon;
    if (dataFiles[name]?.samples.length) series[`${name} files`] = asSeries(dataFiles[name].samples, (mb) => mb);
  }
  if (temporalHeap?.samples.length) {
    series['temporal go heap'] = asSeries(temporalHeap.samples, (h) => h.allocMb);
    series['temporal go held'] = asSeries(temporalHeap.samples, (h) => (h.inuseMb === undefined ? undefined : h.inuseMb + (h.heldIdleMb ?? 0)));
  }
  return series;
}

function printSummary(
  r: {
    events: { accepted: number; perSecond: number };
    incidents: { seen: number; expected: number; stepsCompleted: number };
    memory: Record<string, MemoryTrend | undefined>;
    errors: { count: number; first: string[] };
  },
  series: Record<string, RssSample[]>,
  file: string,
): void {
  const lines = [
    '',
    `bench:soak — ${r.events.accepted} readings at ${r.events.perSecond}/s; ${r.incidents.seen}/${r.incidents.expected} incidents, ${r.incidents.stepsCompleted} steps completed; ${r.errors.count} errors`,
  ];
  for (const [name, trend] of Object.entries(r.memory)) {
    const mb = series[name]!.map((s) => s.rssMb);
    const chart = sparkline(squeeze(mb, 60), Math.min(...mb));
    const slope = trend ? `${trend.slopeMbPerHour >= 0 ? '+' : ''}${trend.slopeMbPerHour} MB/h` : '';
    // Data files grow with what is stored: a yardstick for the memory curves, not a memory verdict.
    const verdict = !trend
      ? 'too few samples'
      : name.endsWith(' files')
        ? `data on disk: ${slope}`
        : `${trend.flat ? '✓ flat' : trend.growthMb > 0 ? '✗ growing' : '↘ falling'}: ${slope} (${trend.growthMb} MB over the run after warm-up, mean ${trend.meanMb} MB)`;
    lines.push(`  ${name.padEnd(16)} ${chart}  ${Math.round(Math.min(...mb))}–${Math.round(Math.max(...mb))} MB  ${verdict}`);
  }
  if (r.errors.count) lines.push(`  first error: ${r.errors.first[0]}`);
  lines.push(`  ${'result'.padEnd(16)} ${file}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
