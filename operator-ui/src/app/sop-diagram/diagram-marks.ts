import type { StepState } from './sop-diagram.component';

/** The CSS marker (ui-shared/styles/bpmn-markers.css) each step state puts on its BPMN element. */
const MARKER: Readonly<Record<StepState, string>> = {
  done: 'step-done',
  active: 'step-active',
  failed: 'step-failed',
  skipped: 'step-skipped',
  cancelled: 'step-cancelled',
};

/** Every marker class this viewer adds, so a re-apply can take them all off first. */
export const STEP_MARKERS: readonly string[] = Object.values(MARKER);

/** The marker for a state; undefined for anything the API may add later (drawn as pending). */
export function markerClass(state: string): string | undefined {
  return Object.hasOwn(MARKER, state) ? MARKER[state as StepState] : undefined;
}

/** The legend's order: what the eye looks for first. */
export const LEGEND_STATES: readonly (StepState | 'pending')[] = ['active', 'done', 'failed', 'skipped', 'cancelled', 'pending'];

type Rgb = readonly [number, number, number];
/** Green (fast) → amber → red (slow): the heat scale's stops at 0, 0.5 and 1. */
const COOL: Rgb = [67, 160, 71];
const MID: Rgb = [253, 216, 53];
const HOT: Rgb = [229, 57, 53];

/** The fill for a heat level in 0..1 (values outside are clamped, NaN counts as 0), as `rgb(r, g, b)`. */
export function heatColour(level: number): string {
  const l = Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : 0;
  const [from, to, t] = l <= 0.5 ? [COOL, MID, l / 0.5] : [MID, HOT, (l - 0.5) / 0.5];
  const mix = (i: 0 | 1 | 2) => Math.round(from[i] + (to[i] - from[i]) * t);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** The legend's gradient for heat mode, built from the same stops. */
export const HEAT_GRADIENT = `linear-gradient(to right, ${heatColour(0)}, ${heatColour(0.5)}, ${heatColour(1)})`;
