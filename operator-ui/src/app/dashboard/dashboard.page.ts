import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, linkedSignal, signal, untracked } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { debounceTime, filter, merge } from 'rxjs';
import { I18n, TranslatePipe } from '@ui/i18n';
import { LiveUpdates } from '../live/live-updates';
import { DashPanel, type CsvSource, type LocalCsv } from './dash-panel.component';
import { DashboardApi } from './dashboard-api';
import {
  cityDay,
  drillFromQuery,
  drillToQuery,
  filtersFromQuery,
  filtersToQuery,
  metricsParams,
  periodRange,
  sameFilters,
  trendBucket,
  type DashboardFilters,
  type Drill,
} from './dashboard-filters';
import { applyDrill } from './drill';
import { kpisToCsv } from './kpi-csv';
import { FiltersBar } from './filters-bar.component';
import { IncidentMap } from './incident-map.component';
import { IncidentTable } from './incident-table.component';
import { KpiTiles } from './kpi-tiles.component';
import { Loaded } from './loaded';
import type { KpiTile, MetricsIncidents, Overview, Sla, SlaBySop, SlaByUnit, SopOption, StepMetrics, Steps, Trends, UnitOption, WardRow } from './metrics-types';
import { OverviewTiles } from './overview-tiles.component';
import { SlaTable } from './sla-table.component';
import { SlowSteps } from './slow-steps.component';
import { StepHeatmap } from './step-heatmap.component';
import { TrendChart } from './trend-chart.component';
import { WardChart } from './ward-chart.component';

/** A wall screen stays current on its own: every minute, and a few seconds after live changes settle. */
export const REFRESH_EVERY_MS = 60_000;
const LIVE_SETTLE_MS = 3_000;

/**
 * The leaders' dashboard (bảng điều hành): filters kept in the URL, a panel per metrics view, the
 * step heat map on the SOP diagram, the incident map and the period's incidents under them. A click
 * on a ward, unit, SOP, step or map cluster narrows the incident table (drill-down, also in the URL).
 */
@Component({
  selector: 'op-dashboard-page',
  imports: [TranslatePipe, DashPanel, FiltersBar, OverviewTiles, KpiTiles, WardChart, TrendChart, SlaTable, SlowSteps, StepHeatmap, IncidentMap, IncidentTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.css',
})
export class DashboardPage {
  private readonly api = inject(DashboardApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly doc = inject(DOCUMENT);
  protected readonly i18n = inject(I18n);

  private readonly query = toSignal(this.route.queryParamMap, { initialValue: this.route.snapshot.queryParamMap });
  readonly filters = computed(() => filtersFromQuery(Object.fromEntries(this.query().keys.map((k) => [k, this.query().get(k)]))), { equal: sameFilters });
  readonly drill = computed(() => drillFromQuery(this.query().get('drill')), { equal: (a, b) => drillToQuery(a) === drillToQuery(b) });

  /** The clock the period is measured against: set at each (re)load. */
  protected readonly now = signal(new Date());
  protected readonly params = computed(() => metricsParams(this.filters(), this.now()));
  protected readonly bucket = computed(() => trendBucket(periodRange(this.filters(), this.now())));

  readonly overview = new Loaded<Overview>();
  readonly trends = new Loaded<Trends>();
  readonly sla = new Loaded<Sla>();
  readonly steps = new Loaded<Steps>();
  readonly incidents = new Loaded<MetricsIncidents>();
  readonly kpis = new Loaded<KpiTile[]>();
  readonly heat = new Loaded<Steps>();
  protected readonly units = signal<UnitOption[]>([]);
  protected readonly sops = signal<SopOption[]>([]);

  /** The heat map's SOP: the SOP filter when set, else the SOP of the slowest step — until the leader picks another. */
  private readonly defaultHeatSop = computed(() => this.filters().sop ?? this.steps.value()?.steps.find((s) => s.totalAvgMs !== null)?.sopKey ?? null);
  readonly heatSop = linkedSignal(() => this.defaultHeatSop());
  /** With the SOP filter set, the steps panel's answer already carries that SOP's diagram. */
  protected readonly heatData = computed(() => (this.heatSop() && this.heatSop() === this.filters().sop ? this.steps.value() : this.heat.value()));

  protected readonly unitNames = computed(() => new Map([...this.units().map((u) => [u.id, u.name] as const)]));
  protected readonly unitName = computed(() => {
    const names = this.unitNames();
    return (id: string) => names.get(id) ?? id;
  });
  protected readonly sopName = computed(() => {
    const names = new Map([...(this.sla.value()?.bySop ?? []).map((s) => [s.sopKey, s.name] as const), ...this.sops().map((s) => [s.key, s.name] as const)]);
    return (key: string) => names.get(key) ?? key;
  });

  protected readonly tableItems = computed(() => applyDrill(this.incidents.value()?.items ?? [], this.drill(), this.units()));
  protected readonly drillLabel = computed(() => {
    const d = this.drill();
    if (!d) return null;
    const t = (k: string, p: Record<string, string | number>) => this.i18n.t(k, p);
    switch (d.kind) {
      case 'ward':
        return d.value ? t('dashboard.drill.ward', { name: this.unitName()(d.value) }) : this.i18n.t('dashboard.noWard');
      case 'unit':
        return d.value ? t('dashboard.drill.unit', { name: this.unitName()(d.value) }) : this.i18n.t('dashboard.noUnit');
      case 'sop':
        return t('dashboard.drill.sop', { name: this.sopName()(d.value) });
      case 'ids':
        return t('dashboard.drill.ids', { count: d.value.split(',').length });
    }
  });

  protected readonly csvOverview = computed<CsvSource>(() => ({ view: 'overview', params: this.params() }));
  protected readonly csvTrends = computed<CsvSource>(() => ({ view: 'trends', params: { ...this.params(), bucket: this.bucket() } }));
  protected readonly csvSla = computed<CsvSource>(() => ({ view: 'sla', params: this.params() }));
  protected readonly csvSteps = computed<CsvSource>(() => ({ view: 'steps', params: this.params() }));
  protected readonly csvHeat = computed<CsvSource | null>(() => {
    const sop = this.heatSop();
    return sop ? { view: 'steps', params: { ...this.params(), sop } } : null;
  });
  protected readonly csvIncidents = computed<CsvSource>(() => ({ view: 'incidents', params: this.params() }));
  protected readonly csvKpis = computed<LocalCsv>(() => ({
    filename: `cityops-kpis-${cityDay(this.now())}.csv`,
    text: () => kpisToCsv(this.kpis.value() ?? [], this.i18n.lang()),
  }));

  private loadedFilters: DashboardFilters | null = null;

  constructor() {
    void this.loadLists();
    // One effect decides what to fetch: new filters refetch every panel; a new heat-map SOP only the heat map.
    effect(() => {
      const f = this.filters();
      this.heatSop();
      untracked(() => {
        if (f !== this.loadedFilters) {
          this.loadedFilters = f;
          this.reload();
        } else void this.loadHeat();
      });
    });
    const live = inject(LiveUpdates);
    merge(live.changes.pipe(filter((c) => c.entity === 'incident' || c.entity === 'task')), live.resyncs)
      .pipe(debounceTime(LIVE_SETTLE_MS), takeUntilDestroyed())
      .subscribe(() => this.reload());
    const timer = setInterval(() => this.reload(), REFRESH_EVERY_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  /** Every panel, for the current filters, measured up to now. */
  reload(): void {
    this.now.set(new Date());
    const p = this.params();
    void this.overview.load(() => this.api.overview(p));
    void this.trends.load(() => this.api.trends(p, this.bucket()));
    void this.sla.load(() => this.api.sla(p));
    void this.steps.load(() => this.api.steps(p));
    void this.incidents.load(() => this.api.incidents(p));
    void this.kpis.load(() => this.api.kpis());
    void this.loadHeat();
  }

  private async loadHeat(): Promise<void> {
    const sop = this.heatSop();
    if (!sop || sop === this.filters().sop) this.heat.clear();
    else await this.heat.load(() => this.api.steps({ ...this.params(), sop }));
  }

  /** The filter lists; a failure leaves a list empty (the panels still work unfiltered). */
  private async loadLists(): Promise<void> {
    await Promise.all([
      this.api.units().then(
        (u) => this.units.set(u),
        () => undefined,
      ),
      this.api.sops().then(
        (s) => this.sops.set(s.filter((x) => x.latestVersion !== null)),
        () => undefined,
      ),
    ]);
  }

  setFilters(f: DashboardFilters): void {
    // A drill-down belongs to the figures it was picked from.
    void this.router.navigate([], { relativeTo: this.route, queryParams: { ...filtersToQuery(f), drill: null }, queryParamsHandling: 'merge' });
  }

  setDrill(d: Drill | null): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { drill: drillToQuery(d) }, queryParamsHandling: 'merge' }).then(() => {
      if (d) this.doc.querySelector('[data-test=panel-incidents]')?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
    });
  }

  drillWard(row: WardRow): void {
    this.setDrill({ kind: 'ward', value: row.ward ?? '' });
  }

  drillUnit(row: SlaByUnit): void {
    this.setDrill({ kind: 'unit', value: row.unit ?? '' });
  }

  drillSop(row: SlaBySop): void {
    this.setDrill({ kind: 'sop', value: row.sopKey });
  }

  /** A slow step: show its SOP on the diagram and list that SOP's incidents. */
  drillStep(step: StepMetrics): void {
    this.heatSop.set(step.sopKey);
    this.setDrill({ kind: 'sop', value: step.sopKey });
  }

  drillCluster(ids: string[]): void {
    this.setDrill({ kind: 'ids', value: ids.join(',') });
  }

  openIncident(id: string): void {
    void this.router.navigate(['/incidents', id]);
  }
}
