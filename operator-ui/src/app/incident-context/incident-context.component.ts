import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The incident's context on the task and incident pages (CONTRACT — implementation owned by the
 * incident work): triggering readings as a chart, the location on a Leaflet map of Đồng Xoài with
 * nearby sources, the timeline, and the SOP diagram with done/active/pending steps.
 */
@Component({
  selector: 'op-incident-context',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<section data-test="incident-context"></section>`,
})
export class IncidentContextComponent {
  readonly incidentId = input.required<string>();
  /** Bumped by the page when a live change concerns this incident, so the context refetches. */
  readonly refresh = input(0);
}
