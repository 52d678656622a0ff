/**
 * The end-to-end half of bench:ingest (a): readings per second through `POST /api/events` against
 * the same documents written with a bare `insertMany`, on the same FerretDB, in the same run.
 */
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { Rule, bumpRulesCounter } from '../../model';
import { normalise } from '../../api/events/normalise';
import { lookUpSources } from '../../api/sources/source-lookup';
import type { RuleDefinition } from '../../rules/rule-index';
import { runBounded } from '../support/pool';
import type { Progress } from '../support/progress';
import { BENCH_UNIT, inBatches, type BenchReading, type Stream } from './workload';

/** The baseline's collection: beside `events` in the same database, so both write to the same server and files. */
export const RAW_COLLECTION = 'bench_raw_events';

export interface Throughput {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  batchP50Ms: number;
  batchP95Ms: number;
}

/** Sends (or writes) one prepared batch; resolves once the server has acknowledged all of it. */
export type BatchSender = (batch: number) => Promise<void>;

/** Logs in through the API and returns the bearer token. */
export async function login(apiUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${apiUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login as ${username} failed (${res.status}): ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Registers the bench's sources through the API (unknown sensors are refused by the ingest path). */
export async function registerSources(apiUrl: string, token: string, streams: Stream[]): Promise<void> {
  for (const { source, metric } of streams) {
    const res = await fetch(`${apiUrl}/api/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        id: source,
        type: source.slice(0, source.indexOf('/')),
        name: `Bench ${source}`,
        unit: 'tan-phu',
        metrics: [{ key: metric, unit: BENCH_UNIT, min: 0, max: 1000 }],
      }),
    });
    if (res.status !== 201) throw new Error(`registering ${source} failed (${res.status}): ${await res.text()}`);
  }
}

/**
 * Stores rules the way the rules API leaves them for the evaluator — current version in `rules`,
 * then one bump of the rules counter so every API process reloads (rule-service.ts also writes
 * `rule_versions` and an audit entry per rule; the evaluator reads neither).
 */
export async function storeRules(rules: RuleDefinition[]): Promise<void> {
  const now = new Date();
  const docs = rules.map(({ key, ...rule }) => ({ _id: key, ...rule, version: 1, updatedBy: 'bench', createdAt: now, updatedAt: now }));
  for (const chunk of inBatches(docs, 1000)) await Rule.collection.insertMany(chunk as never[], { ordered: false });
  await bumpRulesCounter();
}

/**
 * Batches for `POST /api/events`, serialised up front so the bench's own JSON work is not timed.
 * A batch counts only if every reading was stored: a rejection or duplicate fails the run.
 */
export function apiSender(apiUrl: string, token: string, readings: BenchReading[], batchSize: number): { batches: number; events: number; send: BatchSender } {
  const bodies = inBatches(readings, batchSize).map((b) => ({ size: b.length, json: JSON.stringify(b) }));
  const send = async (i: number) => {
    const { size, json } = bodies[i]!;
    const res = await fetch(`${apiUrl}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: json });
    const text = await res.text();
    if (res.status !== 202) throw new Error(`POST /api/events answered ${res.status}: ${text.slice(0, 500)}`);
    const result = JSON.parse(text) as { accepted: number; duplicates: number; suspect: number; rejected: unknown[] };
    if (result.accepted !== size || result.suspect) throw new Error(`POST /api/events stored ${result.accepted} of ${size} readings: ${text.slice(0, 500)}`);
  };
  return { batches: bodies.length, events: readings.length, send };
}

/**
 * The baseline: the documents the ingest path would store for these readings (same normalise(),
 * same source lookup, plus channel and receivedAt), prepared up front and written with one unordered
 * `insertMany` per batch — no HTTP, validation or rules.
 */
export async function rawSender(readings: BenchReading[], batchSize: number): Promise<{ batches: number; events: number; send: BatchSender }> {
  const sources = await lookUpSources(readings.map((r) => r.source));
  const receivedAt = new Date();
  const docs = readings.map((r) => {
    const result = normalise(r, sources.get(r.source));
    if (!result.ok) throw new Error(`reading ${r.id}: ${result.error}`);
    return { ...result.event, channel: 'http', receivedAt };
  });
  const batches = inBatches(docs, batchSize);
  const collection = mongoose.connection.db!.collection(RAW_COLLECTION);
  const send = async (i: number) => {
    const batch = batches[i]!;
    const res = await collection.insertMany(batch as never[], { ordered: false });
    if (res.insertedCount !== batch.length) throw new Error(`insertMany stored ${res.insertedCount} of ${batch.length}`);
  };
  return { batches: batches.length, events: readings.length, send };
}

/**
 * Runs batches [from, to) with `concurrency` in flight and adds the events, wall-clock seconds and
 * batch latencies to `into`, so interleaved rounds of one kind add up to one rate.
 */
export async function pushBatches(
  sender: { send: BatchSender },
  range: { from: number; to: number; batchSize: number },
  concurrency: number,
  into: Accumulated,
  progress?: { bar: Progress; before: number },
): Promise<void> {
  const started = performance.now();
  await runBounded(
    range.to - range.from,
    concurrency,
    async (k) => {
      const t0 = performance.now();
      await sender.send(range.from + k);
      into.latenciesMs.push(performance.now() - t0);
    },
    { onDone: (done) => progress?.bar.update((progress.before + done) * range.batchSize) },
  );
  into.seconds += (performance.now() - started) / 1000;
}

export interface Accumulated {
  seconds: number;
  latenciesMs: number[];
}

export function throughput(acc: Accumulated, events: number): Throughput {
  const sorted = [...acc.latenciesMs].sort((a, b) => a - b);
  const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  return { events, seconds: acc.seconds, eventsPerSecond: events / acc.seconds, batchP50Ms: pct(0.5), batchP95Ms: pct(0.95) };
}
