import type { RuleDefinition } from '../../rules/rule-index';
import { BENCH_METRIC, thresholdRule } from '../ingest/workload';
import { OPEN_THRESHOLD, WATCH_THRESHOLD } from './storm-plan';

/** The SOP every storm incident runs (two human steps: verify, then notify and close). */
export const STORM_SOP_KEY = 'flood-response';

/**
 * One opening rule per source (its incidents titled `Bench <source>`, which the desk reads back),
 * the rest watching rules that never fire; all thresholds.
 */
export function stormRules(sourceName: (i: number) => string, sources: number, total: number): RuleDefinition[] {
  const rules: RuleDefinition[] = [];
  for (let i = 0; i < sources; i++) {
    const open = thresholdRule(`storm-open-${i}`, { source: sourceName(i), metric: BENCH_METRIC }, OPEN_THRESHOLD);
    rules.push({ ...open, action: { type: 'open-incident', sopKey: STORM_SOP_KEY, severity: 'warning', title: 'Bench {{source}}' } });
  }
  for (let n = 0; rules.length < total; n++) rules.push(thresholdRule(`storm-watch-${n}`, { source: sourceName(n % sources), metric: BENCH_METRIC }, WATCH_THRESHOLD + n));
  return rules;
}
