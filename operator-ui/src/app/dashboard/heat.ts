import type { StepHeat } from '../sop-diagram/sop-diagram.component';
import type { StepMetrics } from './metrics-types';

/**
 * The heat drawn over one SOP's diagram: each step's average total time (created → completed) as
 * a share of the slowest step's, so 1 is the slowest step and the scale reads the same whatever
 * the SOP's time scale. Steps never completed in the period get no entry (drawn as pending).
 */
export function heatLevels(steps: readonly StepMetrics[], sopKey: string, label: (ms: number) => string): Record<string, StepHeat> {
  const timed = steps.filter((s): s is StepMetrics & { totalAvgMs: number } => s.sopKey === sopKey && s.totalAvgMs !== null);
  const slowest = Math.max(0, ...timed.map((s) => s.totalAvgMs));
  const heat: Record<string, StepHeat> = {};
  for (const s of timed) heat[s.stepId] = { level: slowest > 0 ? Math.min(1, Math.max(0, s.totalAvgMs / slowest)) : 0, label: label(s.totalAvgMs) };
  return heat;
}
