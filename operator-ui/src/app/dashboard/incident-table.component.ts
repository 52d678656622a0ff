import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, TranslatePipe } from '@ui/i18n';
import { formatDuration } from './durations';
import type { MetricsIncident } from './metrics-types';

/** The period's incidents (or the drilled-down part of them), newest first, each linking to its incident page. */
@Component({
  selector: 'op-incident-table',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (items().length) {
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>{{ 'dashboard.col.openedAt' | t }}</th>
              <th>{{ 'dashboard.col.title' | t }}</th>
              <th>{{ 'dashboard.col.severity' | t }}</th>
              <th>{{ 'dashboard.col.status' | t }}</th>
              <th>{{ 'dashboard.col.ward' | t }}</th>
              <th>{{ 'dashboard.col.unit' | t }}</th>
              <th>{{ 'dashboard.col.mtta' | t }}</th>
              <th>{{ 'dashboard.col.mttr' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (i of items(); track i.id) {
              <tr data-test="incident-row">
                <td class="nowrap">{{ i18n.dateTime(i.openedAt) }}</td>
                <td>
                  <a [routerLink]="['/incidents', i.id]" data-test="incident-link">{{ i.title }}</a>
                </td>
                <td [class]="'sev-' + i.severity">{{ 'severity.' + i.severity | t }}</td>
                <td>{{ 'dashboard.status.' + i.status | t }}</td>
                <td>{{ i.ward ? name()(i.ward) : ('dashboard.noWard' | t) }}</td>
                <td>{{ i.unit ? name()(i.unit) : '—' }}</td>
                <td class="nowrap">{{ d(i.mttaMs) }}</td>
                <td class="nowrap">{{ d(i.mttrMs) }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (truncated()) {
        <p class="muted">{{ 'dashboard.incidentsTruncated' | t }}</p>
      }
    } @else {
      <p class="muted">{{ 'dashboard.noIncidents' | t }}</p>
    }
  `,
  styles: `
    /* On a phone the table scrolls inside its box; the page itself never scrolls sideways. */
    .scroll {
      overflow-x: auto;
      max-width: 100%;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      font-size: 0.875rem;
    }
    th,
    td {
      text-align: left;
      padding: 0.35rem 0.5rem;
      border-bottom: 1px solid #eceff1;
      vertical-align: top;
    }
    th {
      font-weight: 600;
      color: #455a64;
      white-space: nowrap;
    }
    .nowrap {
      white-space: nowrap;
    }
    td a {
      display: inline-block;
      min-width: 12rem;
    }
  `,
})
export class IncidentTable {
  protected readonly i18n = inject(I18n);
  readonly items = input<readonly MetricsIncident[]>([]);
  readonly truncated = input(false);
  /** A unit id → its name (from `/api/units`). */
  readonly name = input<(id: string) => string>((id) => id);

  protected d(ms: number | null): string {
    return formatDuration(ms, this.i18n.lang());
  }
}
