import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { apiProblem } from '@ui/api-problem';
import { TranslatePipe } from '@ui/i18n';
import { DashboardApi, saveFile, type MetricsView, type Params } from './dashboard-api';

/** What a panel's CSV button downloads: the metrics view it shows, with the same query. */
export interface CsvSource {
  view: MetricsView;
  params: Params;
}

/** A panel whose data has no CSV form on the server writes its own file. */
export interface LocalCsv {
  filename: string;
  text: () => string;
}

/**
 * The frame of one dashboard panel: title, CSV export of what it shows, loading and error lines;
 * the panel's content goes inside. `wide` panels span two grid columns on a desktop.
 */
@Component({
  selector: 'op-dash-panel',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.wide]': 'wide()', '[attr.data-test]': "'panel-' + name()", '[attr.aria-busy]': 'loading()' },
  template: `
    <header>
      <h2>{{ title() | t }}</h2>
      <ng-content select="[panel-tools]" />
      @if (csv(); as source) {
        <button type="button" class="csv" data-test="csv" [disabled]="downloading()" (click)="exportCsv(source)">{{ 'dashboard.csv' | t }}</button>
      } @else if (localCsv(); as local) {
        <button type="button" class="csv" data-test="csv" (click)="exportLocal(local)">{{ 'dashboard.csv' | t }}</button>
      }
    </header>
    @if (error(); as message) {
      <p class="error" role="alert" data-test="panel-error">{{ message }}</p>
    }
    @if (csvError(); as message) {
      <p class="error" role="alert" data-test="csv-error">{{ 'dashboard.csvFailed' | t: { message } }}</p>
    }
    @if (loading() && empty()) {
      <p class="muted">{{ 'common.loading' | t }}</p>
    }
    <ng-content />
  `,
  styles: `
    :host {
      display: block;
      min-width: 0; /* a chart must not widen the grid column */
      background: #fff;
      border: 1px solid var(--line, #d0d7de);
      border-radius: 6px;
      padding: 0.75rem;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      margin-bottom: 0.5rem;
    }
    h2 {
      font-size: 1rem;
      margin: 0;
      flex: 1 1 12rem;
    }
    .csv {
      font-size: 0.8rem;
    }
    .error {
      color: var(--overdue, #b71c1c);
    }
    .muted {
      color: #607d8b;
    }
  `,
})
export class DashPanel {
  private readonly api = inject(DashboardApi);
  private readonly doc = inject(DOCUMENT);
  readonly name = input.required<string>();
  readonly title = input.required<string>();
  readonly csv = input<CsvSource | null>(null);
  readonly localCsv = input<LocalCsv | null>(null);
  readonly loading = input(false);
  readonly error = input<string | null>(null);
  /** Nothing to show yet: the loading line appears only then (a refresh keeps the old figures). */
  readonly empty = input(false);
  readonly wide = input(false);

  protected readonly downloading = signal(false);
  protected readonly csvError = signal<string | null>(null);

  exportLocal(local: LocalCsv): void {
    saveFile(this.doc, new Blob([local.text()], { type: 'text/csv;charset=utf-8' }), local.filename);
  }

  async exportCsv(source: CsvSource): Promise<void> {
    this.downloading.set(true);
    this.csvError.set(null);
    try {
      const { blob, filename } = await this.api.csv(source.view, source.params);
      saveFile(this.doc, blob, filename);
    } catch (err) {
      this.csvError.set(apiProblem(err).message);
    } finally {
      this.downloading.set(false);
    }
  }
}
