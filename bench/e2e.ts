/**
 * `npm run bench:e2e`: the whole stack in a storm (issue 8). The real API and worker processes on
 * the embedded Temporal and FerretDB (or TEMPORAL_ADDRESS / MONGODB_URI), 500 sources and 1,000
 * rules; readings ramp to 1,000 a second and hold there for two minutes, while sources turn hot a few
 * a second and each opens an incident running the flood SOP; simulated operators work every step
 * through the API. In the same run, the floor: a minimal workflow started directly on the same
 * Temporal server, timed the same way.
 *
 * Prints events accepted per second; event → first task and task → next task latencies (p50/p95/p99)
 * against the floor's, with ratios; peak memory of the API and the worker; what was lost or
 * duplicated. Targets: no errors, p99 event → task ≤ 1 s, p99 task → next ≤ 500 ms, within 3× the floor.
 *
 * Usage and options: `USAGE` below (`--help` prints it).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { Incident, Task } from '../model';
import { Desk } from './e2e/desk';
import { FloorProbe } from './e2e/floor-probe';
import { Sender } from './e2e/sender';
import { StormPlan, stormSource } from './e2e/storm-plan';
import { stormRules } from './e2e/storm-rules';
import { finishStorm, prepareStorm, stopOnSignal } from './e2e/storm-setup';
import { FLOOR_COLLECTION } from './hello/floor-activities';
import { median, sparkline, squeeze } from './support/chart';
import { summarise, type LatencySummary } from './support/latency';
import { Progress } from './support/progress';
import { writeResult } from './support/results';
import { RssSampler } from './support/rss';
import { exitWithUsageOnHelp, numberOption, rangeOption } from './support/options';
import { BenchStack } from './support/stack';

/** Printed by `--help`. */
const USAGE = `
Usage:
  npm run bench:e2e                                  # the storm of the issue (~3 min)
  npm run bench:e2e -- --hold 30 --peak 300          # a short one
  MONGODB_URI=mongodb://127.0.0.1:27018/ npm run bench:e2e   # another database server

Options: --sources (500), --rules (1000: one opening rule per source, the rest watching), --peak
events/s (1000), --ramp s (30), --hold s (120), --incidents-per-second (4, at most 5: the embedded
Temporal's SQLite store starts tens of workflows a second), --tick ms (100), --in-flight requests
(16), --batch readings per request (25), --inbox poll|live (poll, the default: the whole list every
--poll ms (50), as the floor's marks are polled; live: the live stream and delta fetches, as the
operator app reads its inbox), --desk-api shared|own (shared: the operators use the API the readings
go to; own: a second API process of their own, as when /api/events is routed to its own processes),
--operators (10), --think ms range (300-1500), --floor-every ms (1000), --drain s (60), --keep-data.
`;

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
/** How long after the storm's planned end the sender keeps sending what it fell behind on. */
const SEND_GRACE_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TARGET = { eventToTaskP99Ms: 1000, taskToNextP99Ms: 500, vsFloor: 3 } as const;

function options() {
  exitWithUsageOnHelp(USAGE);
  const { values } = parseArgs({
    options: {
      sources: { type: 'string', default: '500' },
      rules: { type: 'string', default: '1000' },
      peak: { type: 'string', default: '1000' },
      ramp: { type: 'string', default: '30' },
      hold: { type: 'string', default: '120' },
      'incidents-per-second': { type: 'string', default: '4' },
      tick: { type: 'string', default: '100' },
      'in-flight': { type: 'string', default: '16' },
      batch: { type: 'string', default: '25' },
      poll: { type: 'string', default: '50' },
      inbox: { type: 'string', default: 'poll' },
      'desk-api': { type: 'string', default: 'shared' },
      operators: { type: 'string', default: '10' },
      think: { type: 'string', default: '300-1500' },
      'floor-every': { type: 'string', default: '1000' },
      drain: { type: 'string', default: '60' },
      'keep-data': { type: 'boolean', default: false },
    },
  });
  const num = (name: keyof typeof values, min: number, max?: number) => numberOption(values, name, min, max);
  const sources = num('sources', 1);
  return {
    sources,
    rules: num('rules', sources),
    peakPerSecond: num('peak', 1),
    rampSeconds: num('ramp', 0),
    holdSeconds: num('hold', 1),
    incidentsPerSecond: num('incidents-per-second', 0.1, 5),
    tickMs: num('tick', 10),
    inFlight: num('in-flight', 1),
    batch: num('batch', 1, 1000),
    pollMs: num('poll', 5),
    inbox: inboxMode(values.inbox),
    deskApi: deskApiMode(values['desk-api']),
    operators: num('operators', 1),
    thinkMs: rangeOption(values, 'think'),
    floorEveryMs: num('floor-every', 100),
    drainSeconds: num('drain', 0),
    keepData: values['keep-data'],
  };
}

function inboxMode(value: string | undefined): 'live' | 'poll' {
  if (value === 'live' || value === 'poll') return value;
  throw new Error(`--inbox must be live or poll, not ${value}`);
}

function deskApiMode(value: string | undefined): 'shared' | 'own' {
  if (value === 'shared' || value === 'own') return value;
  throw new Error(`--desk-api must be shared or own, not ${value}`);
}

async function main() {
  const opts = options();
  const stack = new BenchStack();
  let interrupted = false;
  stopOnSignal(stack, opts.keepData, () => (interrupted = true));

  try {
    const { apiUrl, admin, operator } = await prepareStorm(stack, { sources: opts.sources, sourceName: stormSource, rules: stormRules(stormSource, opts.sources, opts.rules) });

    // `own`: the operators' API is a second process, the readings' the first, as a deployment that routes
    // /api/events to its own API processes; the storm's ingest then cannot hold up an operator's request.
    const deskApiUrl = opts.deskApi === 'own' ? await stack.startApi('desk-api') : apiUrl;
    const apiRss = new RssSampler(stack.api!.child.pid!);
    const workerRss = new RssSampler(stack.sopWorker!.child.pid!);
    const desk = new Desk({
      apiUrl: deskApiUrl,
      token: () => operator.token,
      inbox: opts.inbox,
      pollMs: opts.pollMs,
      operators: opts.operators,
      thinkMs: opts.thinkMs,
      sourceOf: (title) => /^Bench (\S+)/.exec(title)?.[1],
    });
    const floor = new FloorProbe(stack.client, stack.helloTaskQueue, mongoose.connection.db!.collection(FLOOR_COLLECTION) as never, {
      everyMs: opts.floorEveryMs,
      pollMs: opts.pollMs,
      thinkMs: opts.thinkMs,
      idPrefix: `floor-${stack.suffix}`,
    });
    const plan = new StormPlan(opts, `storm-${stack.suffix}`);
    const sender = new Sender(
      apiUrl,
      () => admin.token,
      opts.inFlight,
      opts.batch,
      (source, at) => desk.hotAccepted(source, at),
    );
    desk.start();
    floor.start();

    say(`storm: ramp to ${opts.peakPerSecond}/s over ${opts.rampSeconds}s, hold ${opts.holdSeconds}s, ${opts.sources} sources, ${plan.expectedIncidents} incidents expected`);
    const progress = new Progress('storm', plan.ticks);
    const t0 = performance.now();
    for (let k = 0; k < plan.ticks && !interrupted; k++) {
      const due = t0 + k * opts.tickMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const { readings } = plan.tick(k, new Date());
      sender.sendTick(readings);
      progress.update(k + 1, `accepted ${sender.accepted}, incidents seen ${desk.seenSources.size}/${plan.expectedIncidents}, desk backlog ${desk.backlog}`);
    }
    // Sends still queued a minute after the storm's end are given up (reported as unsent).
    await sender.drain(SEND_GRACE_MS);
    const stormSeconds = (performance.now() - t0) / 1000;
    progress.finish();

    say(`draining: waiting up to ${opts.drainSeconds}s for every incident's steps to be worked`);
    const drainUntil = performance.now() + opts.drainSeconds * 1000;
    while (!interrupted && performance.now() < drainUntil && (desk.triggered.neverListed > 0 || desk.backlog > 0)) await sleep(200);
    await floor.stop();
    await desk.stop();
    admin.stop();
    operator.stop();
    apiRss.stop();
    workerRss.stop();
    if (interrupted) return;

    const incidents = await Incident.find({ correlationKey: /^bench:/ }, { correlationKey: 1 }).lean();
    const perKey = new Map<string, number>();
    for (const i of incidents) perKey.set(i.correlationKey, (perKey.get(i.correlationKey) ?? 0) + 1);
    const duplicateIncidents = [...perKey.values()].reduce((s, n) => s + (n - 1), 0);
    const split = await whereTheTimeGoes(desk.timed);
    const eventToTask = summarise(desk.eventToTaskMs);
    const taskToNext = summarise(desk.taskToNextMs);
    const floorStart = summarise(floor.startToMarkMs);
    const floorNext = summarise(floor.signalToMarkMs);
    const ratio = (a?: LatencySummary, b?: LatencySummary) => (a && b ? { p50: a.p50 / Math.max(1, b.p50), p99: a.p99 / Math.max(1, b.p99) } : undefined);
    const peak = (s: RssSampler) => Math.round(Math.max(0, ...s.samples.map((x) => x.rssMb)));
    const holdRates = sender.perSecond.slice(Math.ceil(opts.rampSeconds), Math.floor(opts.rampSeconds + opts.holdSeconds));
    const errors = [...sender.errors, ...desk.errors, ...floor.errors];
    const result = {
      bench: 'e2e',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() },
      servers: {
        temporal: stack.config.TEMPORAL_ADDRESS ? 'external' : 'embedded dev server',
        mongodb: stack.config.MONGODB_URI ? `external (${redact(stack.config.mongoUri)})` : 'embedded FerretDB (SQLite)',
      },
      options: opts,
      events: {
        sent: sender.sent,
        accepted: sender.accepted,
        stormSeconds: round(stormSeconds),
        acceptedPerSecond: round(sender.accepted / stormSeconds),
        throttledBatches: sender.throttled,
        unsent: sender.unsent,
        holdPerSecondMedian: median(holdRates),
        perSecond: Array.from(sender.perSecond, (n) => n ?? 0),
      },
      incidents: {
        expected: plan.expectedIncidents,
        // Only triggers the API accepted can open an incident (a sender far behind gives some up).
        triggered: desk.triggered.accepted,
        firstTaskSeen: desk.seenSources.size,
        lost: desk.triggered.neverListed,
        duplicated: duplicateIncidents + desk.duplicateSteps,
        stepsCompleted: desk.completed,
        firstTaskListedBeforeAccepted: desk.listedBeforeAccepted,
      },
      latencyMs: { eventToTask, taskToNext, completeAnswer: summarise(desk.completeAnswerMs), split, floor: { startToTask: floorStart, signalToNext: floorNext } },
      vsFloor: { eventToTask: ratio(eventToTask, floorStart), taskToNext: ratio(taskToNext, floorNext) },
      peakRssMb: { api: peak(apiRss), worker: peak(workerRss) },
      errors: { count: errors.length, first: errors.slice(0, 10) },
    };
    const targets = {
      noErrors: errors.length === 0 && result.incidents.lost === 0 && result.incidents.duplicated === 0,
      eventToTaskP99: eventToTask !== undefined && eventToTask.p99 <= TARGET.eventToTaskP99Ms,
      taskToNextP99: taskToNext !== undefined && taskToNext.p99 <= TARGET.taskToNextP99Ms,
      withinFloor: (result.vsFloor.eventToTask?.p99 ?? Infinity) <= TARGET.vsFloor && (result.vsFloor.taskToNext?.p99 ?? Infinity) <= TARGET.vsFloor,
    };
    const file = writeResult('e2e', { ...result, targets });
    printSummary(result, targets, file);
  } catch (err) {
    say(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  } finally {
    if (!interrupted) await finishStorm(stack, [stack.sopTaskQueue, stack.helloTaskQueue], 'bench:e2e', opts.keepData);
  }
}

/**
 * Splits each timed wait at the task's creation (its `createdAt`, written by the worker): before it,
 * the rules, the outbox, Temporal and the worker; after it, until `GET /api/tasks` lists it.
 */
async function whereTheTimeGoes(timed: Desk['timed']) {
  const created = new Map((await Task.find({ _id: { $in: timed.map((t) => t.taskId) } }, { createdAt: 1 }).lean()).map((t) => [String(t._id), t.createdAt.getTime()]));
  const wall = (perf: number) => performance.timeOrigin + perf;
  const part = (kind: 'first' | 'next', from: 'start' | 'end') =>
    summarise(
      timed
        .filter((t) => t.kind === kind && created.has(t.taskId))
        .map((t) => (from === 'start' ? created.get(t.taskId)! - wall(t.fromAt) : wall(t.listedAt) - created.get(t.taskId)!)),
    );
  return {
    eventToCreated: part('first', 'start'),
    createdToListed: part('first', 'end'),
    completionToNextCreated: part('next', 'start'),
    nextCreatedToListed: part('next', 'end'),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
const redact = (uri: string) => uri.replace(/\/\/[^@/]*@/, '//***@');

interface Summary {
  servers: { mongodb: string; temporal: string };
  machine: { cpus: number; loadAverage: number[] };
  events: { accepted: number; stormSeconds: number; acceptedPerSecond: number; throttledBatches: number; unsent: number; holdPerSecondMedian: number; perSecond: number[] };
  incidents: { expected: number; triggered: number; firstTaskSeen: number; lost: number; duplicated: number; stepsCompleted: number; firstTaskListedBeforeAccepted: number };
  latencyMs: {
    eventToTask?: LatencySummary;
    taskToNext?: LatencySummary;
    completeAnswer?: LatencySummary;
    split: Record<'eventToCreated' | 'createdToListed' | 'completionToNextCreated' | 'nextCreatedToListed', LatencySummary | undefined>;
    floor: { startToTask?: LatencySummary; signalToNext?: LatencySummary };
  };
  vsFloor: { eventToTask?: { p50: number; p99: number }; taskToNext?: { p50: number; p99: number } };
  peakRssMb: { api: number; worker: number };
  errors: { count: number; first: string[] };
}

function printSummary(r: Summary, targets: Record<string, boolean>, file: string): void {
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const lat = (s?: LatencySummary) => (s ? `p50 ${s.p50} / p95 ${s.p95} / p99 ${s.p99} ms (max ${s.max}, n ${s.n})` : 'no samples');
  const x = (v?: { p50: number; p99: number }) => (v ? `×${v.p50.toFixed(1)} p50, ×${v.p99.toFixed(1)} p99` : '—');
  const lines = [
    '',
    `bench:e2e — ${r.servers.mongodb}, Temporal ${r.servers.temporal}, ${r.machine.cpus} CPUs (load ${r.machine.loadAverage.map((l) => l.toFixed(1)).join(' ')})`,
    `  events accepted      ${r.events.accepted} in ${r.events.stormSeconds}s = ${r.events.acceptedPerSecond}/s; at the peak ${r.events.holdPerSecondMedian}/s (median second); ${r.events.throttledBatches} batches told to wait (429); ${r.events.unsent} not sent a minute after the storm`,
    `                       ${sparkline(squeeze(r.events.perSecond, 100))}  (accepted per second)`,
    `  incidents            ${r.incidents.firstTaskSeen}/${r.incidents.triggered} triggered opened and seen (${r.incidents.expected} planned), ${r.incidents.stepsCompleted} steps completed; lost ${r.incidents.lost}, duplicated ${r.incidents.duplicated}`,
    `  event → first task   ${lat(r.latencyMs.eventToTask)}; ${r.incidents.firstTaskListedBeforeAccepted} listed before the 202 (0 ms)`,
    `    floor (start)      ${lat(r.latencyMs.floor.startToTask)}   ${x(r.vsFloor.eventToTask)}`,
    `  task → next task     ${lat(r.latencyMs.taskToNext)}`,
    `    floor (signal)     ${lat(r.latencyMs.floor.signalToNext)}   ${x(r.vsFloor.taskToNext)}`,
    `  complete answered    ${lat(r.latencyMs.completeAnswer)}`,
    `  where it goes        event → task created ${lat(r.latencyMs.split.eventToCreated)}; created → listed ${lat(r.latencyMs.split.createdToListed)}`,
    `                       completion → next created ${lat(r.latencyMs.split.completionToNextCreated)}; created → listed ${lat(r.latencyMs.split.nextCreatedToListed)}`,
    `  peak memory          API ${r.peakRssMb.api} MB, worker ${r.peakRssMb.worker} MB`,
    `  errors               ${r.errors.count}${r.errors.count ? `: ${r.errors.first[0]}` : ''}`,
    `  targets              ${mark(targets.noErrors!)} nothing lost, duplicated or refused   ${mark(targets.eventToTaskP99!)} p99 event→task ≤ ${TARGET.eventToTaskP99Ms} ms   ${mark(targets.taskToNextP99!)} p99 task→next ≤ ${TARGET.taskToNextP99Ms} ms   ${mark(targets.withinFloor!)} within ${TARGET.vsFloor}× the floor`,
    `  result               ${file}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
