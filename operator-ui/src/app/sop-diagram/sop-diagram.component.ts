import { ChangeDetectionStrategy, Component, input } from '@angular/core';

export type StepState = 'done' | 'active' | 'failed' | 'skipped' | 'cancelled';

/** A value drawn over one BPMN element in heat mode (e.g. average step duration) and its label. */
export interface StepHeat {
  /** 0..1, how hot (1 = slowest). */
  level: number;
  label: string;
}

/**
 * A read-only bpmn-js viewer (CONTRACT — implementation owned by the incident work): lazily loads
 * bpmn-js's NavigatedViewer, imports `xml`, marks elements by `states` (done, active, failed …) or,
 * for the leaders' dashboard, colours them by `heat` with the label as an overlay. Pending = no entry.
 */
@Component({
  selector: 'op-sop-diagram',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div data-test="sop-diagram"></div>`,
})
export class SopDiagramComponent {
  readonly xml = input.required<string>();
  readonly states = input<Record<string, StepState>>({});
  readonly heat = input<Record<string, StepHeat>>({});
}
