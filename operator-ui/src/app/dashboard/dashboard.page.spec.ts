import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, input, provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideEchartsCore } from 'ngx-echarts';
import { DICTIONARIES, I18n } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { SopDiagramComponent, type StepHeat } from '../sop-diagram/sop-diagram.component';
import { DashboardPage } from './dashboard.page';
import { StepHeatmap } from './step-heatmap.component';
import type { MetricsIncidents, Overview, Sla, Steps } from './metrics-types';

const OVERVIEW: Overview = {
  period: { from: '2026-11-18T17:00:00.000Z', to: '2026-11-25T03:30:00.000Z' },
  open: {
    total: 7,
    bySeverity: { info: 1, warning: 4, critical: 2 },
    byWard: [{ ward: 'tan-phu', name: 'Phường Tân Phú', info: 1, warning: 4, critical: 2, total: 7 }],
  },
  mtta: { count: 12, avgMs: 65 * 60_000, p50Ms: 40 * 60_000, p90Ms: 2 * 3_600_000 + 10 * 60_000 },
  mttr: { count: 9, avgMs: 26 * 3_600_000, p50Ms: 20 * 3_600_000, p90Ms: 50 * 3_600_000 },
  sla: { met: 13, missed: 2, ratio: 0.8667 },
};
const SLA: Sla = {
  byUnit: [{ unit: 'tan-phu', name: 'Phường Tân Phú', met: 3, missed: 2, overdueOpen: 1, ratio: 0.6 }],
  bySop: [{ sopKey: 'flood-response', name: 'Ứng phó ngập', met: 3, missed: 2, overdueOpen: 1, ratio: 0.6 }],
};
const STEPS: Steps = {
  steps: [
    {
      sopKey: 'flood-response',
      stepId: 'verify',
      name: 'Xác minh',
      count: 4,
      waitAvgMs: 600_000,
      workAvgMs: 1_800_000,
      totalAvgMs: 2_520_000,
      totalP90Ms: 3_600_000,
      slaMissed: 1,
    },
  ],
};
const INCIDENTS: MetricsIncidents = {
  items: [
    {
      id: 'inc-1',
      title: 'Ngập cầu 11 Suối Rạt',
      severity: 'critical',
      status: 'open',
      sopKey: 'flood-response',
      unit: 'tan-phu',
      ward: 'tan-phu',
      lat: 11.58,
      lon: 106.9,
      openedAt: '2026-11-25T01:00:00.000Z',
      mttaMs: 300_000,
      mttrMs: null,
    },
    {
      id: 'inc-2',
      title: 'Camera: tụ tập đám đông',
      severity: 'warning',
      status: 'resolved',
      sopKey: 'camera-alert',
      unit: 'tan-dong',
      ward: 'tan-dong',
      lat: null,
      lon: null,
      openedAt: '2026-11-24T01:00:00.000Z',
      mttaMs: 60_000,
      mttrMs: 3_600_000,
    },
  ],
};
const KPIS = [
  {
    key: 'flood-response-time',
    nameVi: 'Thời gian ứng phó ngập',
    nameEn: 'Flood response time',
    unit: 'phút',
    status: 'warning',
    colour: '#ef8f00',
    current: { periodStart: '2026-11-24', value: 42.5 },
  },
];

/** Stands in for the bpmn-js viewer (another helper's, lazy-loading bpmn-js): shows what the heat map hands it. */
@Component({
  selector: 'op-sop-diagram',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ul data-test="fake-diagram">
    @for (e of entries(); track e[0]) {
      <li>{{ e[0] }}={{ e[1].level }}:{{ e[1].label }}</li>
    }
  </ul>`,
})
class FakeSopDiagram {
  readonly xml = input.required<string>();
  readonly heat = input<Record<string, StepHeat>>({});
  protected entries = () => Object.entries(this.heat());
}

/** ECharts without a canvas: the directive only needs something that takes options and events. */
const fakeEcharts = {
  init: () => ({
    setOption: () => undefined,
    on: () => undefined,
    off: () => undefined,
    resize: () => undefined,
    dispose: () => undefined,
    isDisposed: () => false,
    showLoading: () => undefined,
    hideLoading: () => undefined,
  }),
};

describe('DashboardPage', () => {
  let fixture: ComponentFixture<DashboardPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const text = (sel: string) => el().querySelector(sel)?.textContent?.trim();
  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
  };
  /** The one pending request to `url` (a path; its query is in `params`), waiting a few turns for the page's promises. */
  const request = async (url: string, heat?: boolean) => {
    for (let i = 0; i < 50; i++) {
      // The heat map asks for one SOP's steps (with `sop`), the steps panel for all of them: tell the two apart.
      const found = http.match((r) => r.url === url && (heat === undefined || r.params.has('sop') === heat));
      if (found.length > 1) throw new Error(`${found.length} requests to ${url}, expected one`);
      if (found.length === 1) return found[0]!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no request to ${url}`);
  };
  const params = (r: TestRequest) => Object.fromEntries(r.request.params.keys().map((k) => [k, r.request.params.get(k)]));
  /** Answers the first load of every panel; returns the metrics requests by view. */
  const answerAll = async () => {
    const views = {
      overview: await request('/api/metrics/overview'),
      trends: await request('/api/metrics/trends'),
      sla: await request('/api/metrics/sla'),
      steps: await request('/api/metrics/steps', false),
      incidents: await request('/api/metrics/incidents'),
    };
    const seen = Object.fromEntries(Object.entries(views).map(([k, r]) => [k, params(r)]));
    views.overview.flush(OVERVIEW);
    views.trends.flush({ buckets: [] });
    views.sla.flush(SLA);
    views.steps.flush(STEPS);
    views.incidents.flush(INCIDENTS);
    (await request('/api/kpis')).flush({ items: KPIS });
    await settle();
    return seen;
  };

  beforeEach(async () => {
    localStorage.setItem('cityops.lang', 'vi');
    (globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideEchartsCore({ echarts: fakeEcharts }),
        { provide: DICTIONARIES, useValue: { vi, en } },
      ],
    });
    TestBed.overrideComponent(StepHeatmap, { remove: { imports: [SopDiagramComponent] }, add: { imports: [FakeSopDiagram] } });
    http = TestBed.inject(HttpTestingController);
    await TestBed.inject(Router).navigateByUrl('/?period=30d&severity=critical');
    fixture = TestBed.createComponent(DashboardPage);
    fixture.detectChanges();
    http.expectOne('/api/units').flush({
      items: [
        { id: 'dong-xoai', name: 'Thành phố Đồng Xoài', kind: 'city', parent: null },
        { id: 'tan-phu', name: 'Phường Tân Phú', kind: 'ward', parent: 'dong-xoai' },
        { id: 'tan-dong', name: 'Phường Tân Đồng', kind: 'ward', parent: 'dong-xoai' },
      ],
    });
    http.expectOne('/api/sops').flush({ items: [{ key: 'flood-response', name: 'Ứng phó ngập', latestVersion: 2 }] });
  });
  afterEach(() => {
    http.verify();
    fixture.destroy();
  });

  it('asks every metrics view for the filters in the URL and shows the tile numbers it answers', async () => {
    const seen = await answerAll();
    for (const view of ['overview', 'sla', 'steps', 'incidents'] as const) {
      expect(Object.keys(seen[view]!).sort()).toEqual(['from', 'severity', 'to']);
      expect(seen[view]!['severity']).toBe('critical');
    }
    expect(seen['trends']).toMatchObject({ severity: 'critical', bucket: 'day' });
    // 30 days = 30 whole city days ending today.
    const from = Date.parse(seen['overview']!['from']!);
    expect((Date.parse(seen['overview']!['to']!) - from) / 86_400_000).toBeGreaterThan(29);
    expect(new Date(from + 7 * 3_600_000).toISOString().slice(11)).toBe('00:00:00.000Z');

    expect(text('[data-test=open-total]')).toBe('7');
    expect(text('[data-test=open-critical]')).toContain('2');
    expect(text('[data-test=open-warning]')).toContain('4');
    expect(text('[data-test=mtta-avg]')).toBe('1 giờ 5 phút');
    expect(text('[data-test=mtta-p90]')).toBe('2 giờ 10 phút');
    expect(text('[data-test=mttr-avg]')).toBe('1 ngày 2 giờ');
    expect(text('[data-test=sla-ratio]')).toBe('87%');
    TestBed.inject(I18n).setLang('en');
    await settle();
    expect(text('[data-test=mtta-avg]')).toBe('1 h 5 min');
    expect(text('[data-test=panel-tiles] h2')).toBe('Overview');
    TestBed.inject(I18n).setLang('vi');
    await settle();
    expect(text('[data-test=overdue-open]')).toContain('1 đang quá hạn');
    expect(el().querySelectorAll('[data-test=kpi-tile]')).toHaveLength(1);
    expect(text('[data-test=kpi-tile]')).toContain('42,5');
    expect(el().querySelectorAll('[data-test=incident-row]')).toHaveLength(2);
    expect(el().querySelector('[data-test=incident-link]')!.getAttribute('href')).toBe('/incidents/inc-1');

    // The slowest step's SOP goes on the heat map: its steps are asked for with that SOP.
    const heat = await request('/api/metrics/steps', true);
    expect(params(heat)).toMatchObject({ sop: 'flood-response', severity: 'critical' });
    heat.flush({ ...STEPS, diagram: { version: 2, xml: '<bpmn:definitions/>' } });
    await settle();
    // The slowest (here the only) step of the SOP is the hottest, labelled with its average.
    expect(text('[data-test=panel-heatmap] [data-test=fake-diagram]')).toBe('verify=1:TB 42 phút');
  });

  it('refetches every panel with the new filter when the leader picks a unit, and keeps it in the URL', async () => {
    await answerAll();
    (await request('/api/metrics/steps', true)).flush(STEPS);
    const unit = el().querySelector('[data-test=filter-unit]') as HTMLSelectElement;
    unit.value = 'tan-phu';
    unit.dispatchEvent(new Event('change'));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/?period=30d&severity=critical&unit=tan-phu');
    const seen = await answerAll();
    for (const view of ['overview', 'trends', 'sla', 'steps', 'incidents'] as const) expect(seen[view]).toMatchObject({ unit: 'tan-phu', severity: 'critical' });
    (await request('/api/metrics/steps', true)).flush(STEPS);
  });

  it('drills down from an SLA unit row to that unit’s incidents, and back', async () => {
    await answerAll();
    (await request('/api/metrics/steps', true)).flush(STEPS);
    (el().querySelector('[data-test=sla-unit]') as HTMLButtonElement).click();
    await settle();
    expect(TestBed.inject(Router).url).toContain('drill=unit:tan-phu');
    expect(el().querySelectorAll('[data-test=incident-row]')).toHaveLength(1);
    expect(text('[data-test=drill]')).toContain('đơn vị Phường Tân Phú');
    // A drill-down is not a filter: nothing is fetched again.
    http.expectNone((r) => r.url.startsWith('/api/metrics'));
    (el().querySelector('[data-test=drill-clear]') as HTMLButtonElement).click();
    await settle();
    expect(el().querySelectorAll('[data-test=incident-row]')).toHaveLength(2);
  });

  it('downloads a panel as CSV: the same view and filters with format=csv, saved under the server’s file name', async () => {
    await answerAll();
    (await request('/api/metrics/steps', true)).flush(STEPS);
    const saved: string[] = [];
    const createObjectURL = jest.fn(() => 'blob:cityops');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    (el().querySelector('[data-test=panel-sla] [data-test=csv]') as HTMLButtonElement).click();
    const csv = await request('/api/metrics/sla');
    expect(csv.request.responseType).toBe('blob');
    expect(params(csv)).toMatchObject({ format: 'csv', severity: 'critical' });
    csv.flush(new Blob(['by,id\nunit,tan-phu\n'], { type: 'text/csv' }), { headers: { 'Content-Disposition': 'attachment; filename="cityops-sla-2026-10-27-2026-11-25.csv"' } });
    await settle();
    expect(saved).toEqual(['cityops-sla-2026-10-27-2026-11-25.csv']);
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    // The KPI tiles have no CSV view on the server: their file is written from what is shown.
    (el().querySelector('[data-test=panel-kpis] [data-test=csv]') as HTMLButtonElement).click();
    expect(saved[1]).toMatch(/^cityops-kpis-\d{4}-\d{2}-\d{2}\.csv$/);
    http.expectNone((r) => r.url === '/api/kpis');
    click.mockRestore();
  });
});
