/**
 * `npm run bench:sop`: how many incidents per second the stack starts and drives to their first
 * task, against a minimal `helloWorkflow` (one trivial activity) on the same Temporal server in the
 * same run, and whether the incident worker's memory stays flat while incidents pile up.
 *
 *   npm run bench:sop                          # 300 of each, quick
 *   npm run bench:sop -- --incidents 5000      # the memory run
 *
 * Options: --incidents N (300), --hello N (300), --concurrency N in flight (20), --warmup N of each,
 * not measured (30), --flat MB per 1,000 incidents under which memory counts as flat (3), --keep-data.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { Task } from '../model';
import { INCIDENT_WORKFLOW_TYPE, incidentWorkflowId } from '../workflows/definitions';
import type { incidentWorkflow } from '../workflows/incident-workflow';
import { HELLO_WORKFLOW_TYPE, type helloWorkflow } from './hello/workflows';
import { runBounded } from './support/pool';
import { Progress } from './support/progress';
import { TaskWatcher } from './support/task-watcher';
import { RssSampler, slope, type RssSample } from './support/rss';
import { writeResult } from './support/results';
import { BenchStack } from './support/stack';

const SOP_KEY = 'flood-response';
/** The flood SOP's first step; its task id is `${incidentId}:verify:1` (incident id = first run id). */
const FIRST_STEP = 'verify';
/** While waiting for a task, how often to check that the incident is still running. */
const STATUS_CHECK_MS = 5000;
const TASK_TIMEOUT_MS = 120_000;
/** Below this many measured incidents the slope shows the workflow cache filling and GC swings, not a trend: no verdict. */
const MIN_INCIDENTS_FOR_VERDICT = 1000;

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PhaseResult {
  count: number;
  seconds: number;
  ratePerSecond: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
}

function options() {
  const { values } = parseArgs({
    options: {
      incidents: { type: 'string', default: '300' },
      hello: { type: 'string', default: '300' },
      concurrency: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '30' },
      flat: { type: 'string', default: '3' },
      'keep-data': { type: 'boolean', default: false },
    },
  });
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${v})`);
    return n;
  };
  return {
    incidents: int('incidents', values.incidents, 1),
    hello: int('hello', values.hello, 1),
    concurrency: int('concurrency', values.concurrency, 1),
    warmup: int('warmup', values.warmup, 0),
    flatMbPer1000: Number(values.flat),
    keepData: values['keep-data'],
  };
}

async function main() {
  const opts = options();
  const stack = new BenchStack();
  const startedIncidents: string[] = [];
  const pendingStarts = new Set<Promise<unknown>>();
  let sampler: RssSampler | undefined;
  let watcher: TaskWatcher | undefined;
  let interrupted = false;
  let shutdown: Promise<void> | undefined;

  /** Stops the workers, terminates every incident this run started, then stops what the stack started. */
  const stopAll = (keepDataDir: boolean) =>
    (shutdown ??= (async () => {
      sampler?.stop();
      watcher?.stop();
      await Promise.allSettled([...pendingStarts]);
      await stack.stopWorkers();
      if (stack.client && startedIncidents.length) await terminateAll(stack, startedIncidents);
      await stack.stop({ keepDataDir });
    })());
  const onSignal = () => {
    if (interrupted) process.exit(130); // second Ctrl-C: do not wait
    interrupted = true;
    say('interrupted: terminating started incidents and stopping servers (Ctrl-C again to skip)');
    void stopAll(opts.keepData).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await stack.start();
    if (interrupted) return;
    const workerPid = stack.sopWorker!.child.pid!;
    sampler = new RssSampler(workerPid);
    const rssStart = sampler.sample()!;
    say(`incident worker RSS at start: ${mb(rssStart.rssMb)}`);
    const shouldStop = () => interrupted;
    watcher = new TaskWatcher(Task.collection);

    // (a) the baseline
    sampler.phase = 'hello';
    const runHello = async (phase: string, count: number): Promise<PhaseResult> =>
      measure(`hello ${phase}`, count, opts.concurrency, shouldStop, async (i) => {
        await stack.client.workflow.execute<typeof helloWorkflow>(HELLO_WORKFLOW_TYPE, {
          workflowId: `bench-hello-${stack.suffix}-${phase}-${i}`,
          taskQueue: stack.helloTaskQueue,
          args: [`${phase} ${i}`],
        });
      });
    if (opts.warmup) await runHello('warmup', opts.warmup);
    const hello = await runHello('run', opts.hello);
    if (interrupted) return;

    // (b) incidents started directly and driven to their first task
    const runSop = async (phase: string, count: number): Promise<PhaseResult> => {
      sampler!.phase = `sop ${phase}`;
      sampler!.done = 0;
      return measure(
        `sop ${phase}`,
        count,
        opts.concurrency,
        shouldStop,
        async (i) => {
          const correlationKey = `bench-${stack.suffix}-${phase}-${i}`;
          const starting = stack.client.workflow.start<typeof incidentWorkflow>(INCIDENT_WORKFLOW_TYPE, {
            workflowId: incidentWorkflowId(correlationKey),
            taskQueue: stack.sopTaskQueue,
            args: [{ correlationKey, title: `Bench incident ${phase} ${i}`, severity: 'warning', sopKey: SOP_KEY }],
          });
          pendingStarts.add(starting);
          const handle = await starting.finally(() => pendingStarts.delete(starting));
          startedIncidents.push(handle.workflowId);
          await waitForTask(watcher!, `${handle.firstExecutionRunId}:${FIRST_STEP}:1`, handle);
        },
        (done) => {
          sampler!.done = done;
          const last = sampler!.samples.at(-1);
          return last ? `worker RSS ${mb(last.rssMb)}` : '';
        },
      );
    };
    if (opts.warmup) await runSop('warmup', opts.warmup);
    const rssWarm = sampler.sample()!;
    const sop = await runSop('run', opts.incidents);
    if (interrupted) return;
    const rssEnd = sampler.sample()!;
    sampler.stop();

    const measured = sampler.samples.filter((s) => s.phase === 'sop run');
    const memory = memoryReport(measured, rssStart, rssWarm, rssEnd, opts.incidents, opts.flatMbPer1000);
    const ratio = sop.ratePerSecond / hello.ratePerSecond;
    const result = {
      bench: 'sop',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      servers: { temporal: stack.config.TEMPORAL_ADDRESS ? 'external' : 'embedded dev server', mongodb: stack.config.MONGODB_URI ? 'external' : 'embedded FerretDB' },
      options: { ...opts, sopKey: SOP_KEY },
      hello,
      sop,
      ratio,
      target: { ratio: 0.5, met: ratio >= 0.5 },
      memory,
    };
    const file = writeResult('sop', result);
    printSummary(result, file);
  } catch (err) {
    if (interrupted) return;
    say(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
    await stopAll(true);
    return;
  }
  if (!interrupted) await stopAll(opts.keepData);
}

/** Runs one phase with bounded concurrency and a progress line; rate = completed / wall-clock seconds. */
async function measure(
  label: string,
  count: number,
  concurrency: number,
  shouldStop: () => boolean,
  job: (i: number) => Promise<void>,
  extra?: (done: number) => string,
): Promise<PhaseResult> {
  const progress = new Progress(label, count);
  const latencies: number[] = [];
  const started = Date.now();
  const ticker = setInterval(() => progress.update(latencies.length, extra?.(latencies.length)), 1000);
  try {
    await runBounded(
      count,
      concurrency,
      async (i) => {
        const t0 = Date.now();
        await job(i);
        latencies.push(Date.now() - t0);
      },
      { shouldStop, onDone: (done) => progress.update(done, extra?.(done)) },
    );
  } finally {
    clearInterval(ticker);
    progress.finish();
  }
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { count: latencies.length, seconds, ratePerSecond: latencies.length / seconds, latencyP50Ms: pct(0.5), latencyP95Ms: pct(0.95) };
}

/** "Driven to its first task": the task document exists (the watcher polls the database); fails if the incident ends first. */
async function waitForTask(watcher: TaskWatcher, taskId: string, handle: WorkflowHandle): Promise<void> {
  const deadline = Date.now() + TASK_TIMEOUT_MS;
  const found = watcher.wait(taskId).then(() => true);
  for (;;) {
    if (await Promise.race([found, sleep(STATUS_CHECK_MS).then(() => false)])) return;
    const { status } = await handle.describe();
    const problem =
      status.name !== 'RUNNING'
        ? `incident ${handle.workflowId} ended (${status.name}) before its first task`
        : Date.now() > deadline
          ? `no task ${taskId} after ${TASK_TIMEOUT_MS / 1000}s`
          : '';
    if (problem) {
      watcher.forget(taskId);
      throw new Error(problem);
    }
  }
}

/** Terminates the incidents the run started (they wait for a human forever), a few at a time. */
async function terminateAll(stack: BenchStack, workflowIds: string[]): Promise<void> {
  const progress = new Progress('terminating', workflowIds.length);
  let failures = 0;
  await runBounded(
    workflowIds.length,
    20,
    async (i) => {
      try {
        await stack.client.workflow.getHandle(workflowIds[i]!).terminate('bench:sop finished');
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) failures++; // not found = already ended
      }
    },
    { onDone: (done) => progress.update(done) },
  );
  progress.finish();
  if (failures) say(`${failures} incidents could not be terminated (see the Temporal UI)`);
}

/** RSS at the three marks, and the least-squares slope of RSS over incidents driven (MB per 1,000) after warm-up. */
function memoryReport(measured: RssSample[], start: RssSample, warm: RssSample, end: RssSample, incidents: number, flatMbPer1000: number) {
  // `measured` ends with the `end` sample (taken in the same phase); the warm-up mark is x = 0.
  const points = [{ x: 0, y: warm.rssMb }, ...measured.map((s) => ({ x: s.done, y: s.rssMb }))];
  const perIncident = slope(points);
  // Judged on the second half: by then the worker's workflow cache has filled, which is growth by design.
  const half = points.filter((p) => p.x >= incidents / 2);
  const secondHalf = slope(half);
  const slopeMbPer1000 = perIncident === undefined ? undefined : perIncident * 1000;
  // Growth over the second half compared with how much RSS swings around its trend (garbage collection).
  const noiseMb = secondHalf === undefined ? undefined : residualStdDev(half, secondHalf);
  const growthMb = secondHalf === undefined ? undefined : secondHalf * (incidents / 2);
  const verdict =
    secondHalf === undefined || noiseMb === undefined || growthMb === undefined
      ? 'not enough samples'
      : incidents < MIN_INCIDENTS_FOR_VERDICT
        ? `too short to judge (run --incidents 5000)`
        : secondHalf * 1000 < flatMbPer1000
          ? 'flat'
          : growthMb < noiseMb
            ? `flat within GC noise (second half grows ${round(growthMb)} MB, RSS swings ±${round(noiseMb)} MB)`
            : 'growing';
  return {
    startMb: round(start.rssMb),
    afterWarmupMb: round(warm.rssMb),
    endMb: round(end.rssMb),
    peakMb: round(Math.max(...points.map((p) => p.y))),
    slopeMbPer1000: slopeMbPer1000 === undefined ? undefined : round(slopeMbPer1000),
    slopeSecondHalfMbPer1000: secondHalf === undefined ? undefined : round(secondHalf * 1000),
    noiseMb: noiseMb === undefined ? undefined : round(noiseMb),
    flatBelowMbPer1000: flatMbPer1000,
    verdict,
    samples: measured.map((s) => ({ t: s.t, done: s.done, rssMb: round(s.rssMb) })),
  };
}

/** Standard deviation of the samples around their least-squares line. */
function residualStdDev(points: { x: number; y: number }[], slopePerX: number): number {
  const mx = points.reduce((acc, p) => acc + p.x, 0) / points.length;
  const my = points.reduce((acc, p) => acc + p.y, 0) / points.length;
  const residuals = points.map((p) => p.y - (my + slopePerX * (p.x - mx)));
  return Math.sqrt(residuals.reduce((acc, r) => acc + r * r, 0) / points.length);
}

function printSummary(r: { hello: PhaseResult; sop: PhaseResult; ratio: number; memory: ReturnType<typeof memoryReport>; servers: Record<string, string> }, file: string) {
  const line = (label: string, p: PhaseResult, unit: string, what: string) =>
    `${label.padEnd(8)}${String(p.count).padStart(6)} ${unit} in ${p.seconds.toFixed(1)} s → ${p.ratePerSecond.toFixed(2)} ${unit}/s ${what} (latency p50 ${p.latencyP50Ms} ms, p95 ${p.latencyP95Ms} ms)`;
  const m = r.memory;
  const out = [
    '',
    `bench:sop — ${os.cpus().length} CPUs, Node ${process.version}, ${r.servers.temporal} + ${r.servers.mongodb}`,
    line('hello', r.hello, 'workflows', 'started and completed'),
    line('sop', r.sop, 'incidents', 'started and driven to their first task'),
    `ratio   sop / hello = ${r.ratio.toFixed(2)} (target ≥ 0.5: ${r.ratio >= 0.5 ? 'met' : 'NOT met'})`,
    `memory  incident worker RSS: start ${mb(m.startMb)}, after warm-up ${mb(m.afterWarmupMb)}, end ${mb(m.endMb)}, peak ${mb(m.peakMb)}`,
    `        slope ${fmtSlope(m.slopeMbPer1000)} per 1,000 incidents after warm-up (second half ${fmtSlope(m.slopeSecondHalfMbPer1000)}) → ${m.verdict}`,
    `results ${path.relative(process.cwd(), file)}`,
    '',
  ];
  process.stdout.write(out.join('\n'));
}

const round = (n: number) => Math.round(n * 10) / 10;
const mb = (n: number) => `${n.toFixed(0)} MB`;
const fmtSlope = (n: number | undefined) => (n === undefined ? 'n/a' : `${n >= 0 ? '+' : ''}${n.toFixed(1)} MB`);

main().catch((err: Error) => {
  say(`failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
