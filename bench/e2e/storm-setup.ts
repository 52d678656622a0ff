import { Rule } from '../../model';
import type { RuleDefinition } from '../../rules/rule-index';
import { registerSources, storeRules } from '../ingest/api-throughput';
import { BENCH_METRIC } from '../ingest/workload';
import { runBounded } from '../support/pool';
import { Progress } from '../support/progress';
import { BenchSession } from '../support/session';
import type { BenchStack } from '../support/stack';
import { terminateRunning } from '../support/terminate';

/** The operator whose unit (Tân Phú) the bench's sources and incidents belong to. */
export const STORM_OPERATOR = 'operator.tanphu';
/** The rules store's reload poll (rules/rule-store.ts) is 3 s: wait a little longer after writing rules. */
const RULES_RELOAD_MS = 4000;

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/**
 * Starts the stack and the API, registers `sources` sources (named by `sourceName`, metric
 * BENCH_METRIC) through the API, switches off the demo rules named in `disableRules`, stores `rules`
 * and waits for the API to load them. Returns the
 * API's address and the admin's and the operator's sessions (tokens renewed over a long run).
 */
export async function prepareStorm(
  stack: BenchStack,
  opts: { sources: number; sourceName: (i: number) => string; rules: RuleDefinition[]; disableRules?: string[] },
): Promise<{ apiUrl: string; admin: BenchSession; operator: BenchSession }> {
  await stack.start();
  const apiUrl = await stack.startApi();
  const password = stack.config.CITYOPS_DEMO_PASSWORD;
  const admin = await BenchSession.start(apiUrl, 'admin', password);
  const operator = await BenchSession.start(apiUrl, STORM_OPERATOR, password);
  const progress = new Progress('sources', opts.sources);
  await runBounded(opts.sources, 8, (i) => registerSources(apiUrl, admin.token, [{ source: opts.sourceName(i), metric: BENCH_METRIC }]), { onDone: (d) => progress.update(d) });
  progress.finish();
  if (opts.disableRules?.length) await Rule.collection.updateMany({ _id: { $in: opts.disableRules } } as never, { $set: { enabled: false } });
  await storeRules(opts.rules); // bumps the rules counter: the API reloads both
  say(`${opts.rules.length} rules stored; waiting ${RULES_RELOAD_MS / 1000}s for the API to load them`);
  await new Promise((r) => setTimeout(r, RULES_RELOAD_MS));
  return { apiUrl, admin, operator };
}

/** Stops the stack on Ctrl-C or SIGTERM (a second signal exits at once), so no worker outlives the bench. */
export function stopOnSignal(stack: BenchStack, keepData: boolean, onStop: () => void): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      onStop();
      say(`${signal}: stopping (again to skip)`);
      void stack.stop({ keepDataDir: keepData }).finally(() => process.exit(130));
    });
  }
}

/**
 * Ends a storm bench: stops the workers, terminates the workflows still running on `taskQueues`
 * (the bench's own), then stops the stack (keeping its data folder when asked or after a failure).
 */
export async function finishStorm(stack: BenchStack, taskQueues: string[], bench: string, keepData: boolean): Promise<void> {
  await stack.stopWorkers();
  if (stack.client) say(`terminated ${await terminateRunning(stack.client, taskQueues, `${bench} finished`)} running workflows`);
  await stack.stop({ keepDataDir: keepData || process.exitCode === 1 });
}
