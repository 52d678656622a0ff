import type { Browser, Page, Route } from 'playwright-core';
import { buildUis } from '../scripts/build-ui';
import { Incident } from '../model';
import { DEMO_PASSWORD, TestStack, eventually, floodReading } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot } from './support/browser';

/**
 * The leaders' dashboard in Chromium against a real stack. The first two tests fix the metrics
 * views' answers (sign-in, units, SOPs and KPIs stay real) to check how the screen draws, filters,
 * drills into and exports them at desktop and phone sizes — the numbers themselves are tested
 * against hand-computed values beside the metrics API. The last one runs the real path: a flood
 * reading opens an incident, and the leader finds it in the dashboard's table and on its map.
 */
describe('operator UI: the leaders’ dashboard', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  /** Every metrics request the page made: path, query and whether it carried the token. */
  let seen: { path: string; query: Record<string, string>; authorised: boolean }[];

  const incident = (id: string, severity: string, lat: number | null, lon: number | null, ward: string) => ({
    id,
    title: `Sự cố ${id}`,
    severity,
    status: 'open',
    sopKey: 'flood-response',
    unit: ward,
    ward,
    lat,
    lon,
    openedAt: new Date(Date.now() - 3_600_000).toISOString(),
    mttaMs: 300_000,
    mttrMs: null,
  });
  const METRICS: Record<string, unknown> = {
    overview: {
      period: {},
      open: {
        total: 4,
        bySeverity: { info: 1, warning: 1, critical: 2 },
        byWard: [
          { ward: 'tan-phu', name: 'Phường Tân Phú', info: 0, warning: 1, critical: 2, total: 3 },
          { ward: 'tan-dong', name: 'Phường Tân Đồng', info: 1, warning: 0, critical: 0, total: 1 },
        ],
      },
      mtta: { count: 4, avgMs: 65 * 60_000, p50Ms: 60 * 60_000, p90Ms: 130 * 60_000 },
      mttr: { count: 1, avgMs: 26 * 3_600_000, p50Ms: 26 * 3_600_000, p90Ms: 26 * 3_600_000 },
      sla: { met: 13, missed: 2, ratio: 0.8667 },
    },
    trends: { buckets: [{ start: new Date().toISOString(), opened: 4, resolved: 1, mttaAvgMs: 65 * 60_000, mttrAvgMs: 26 * 3_600_000, slaRatio: 0.8667 }] },
    sla: {
      byUnit: [{ unit: 'tan-phu', name: 'Phường Tân Phú', met: 3, missed: 2, overdueOpen: 1, ratio: 0.6 }],
      bySop: [{ sopKey: 'flood-response', name: 'Ứng phó ngập', met: 3, missed: 2, overdueOpen: 1, ratio: 0.6 }],
    },
    steps: {
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
    },
    incidents: {
      items: [
        // Two at the same spot stay one cluster at any zoom; its colour is the worse severity.
        incident('inc-a', 'critical', 11.58, 106.9, 'tan-phu'),
        incident('inc-b', 'warning', 11.58, 106.9, 'tan-phu'),
        incident('inc-c', 'critical', 11.535, 106.883, 'tan-phu'),
        incident('inc-d', 'info', null, null, 'tan-dong'),
      ],
    },
  };

  async function answerMetrics(route: Route): Promise<void> {
    const url = new URL(route.request().url());
    const view = url.pathname.replace('/api/metrics/', '');
    const query = Object.fromEntries(url.searchParams);
    seen.push({ path: url.pathname, query, authorised: /^Bearer .+/.test(route.request().headers()['authorization'] ?? '') });
    if (query['format'] === 'csv')
      return route.fulfill({ status: 200, contentType: 'text/csv', headers: { 'Content-Disposition': `attachment; filename="cityops-${view}-e2e.csv"` }, body: 'id,value\nx,1\n' });
    return route.fulfill({ json: METRICS[view] ?? {} });
  }

  async function openDashboard(viewport: { width: number; height: number }, query = 'period=30d', fixed = true): Promise<void> {
    ({ page, errors: pageErrors } = await openPage(browser, viewport));
    if (fixed) await page.route('**/api/metrics/**', answerMetrics);
    await page.goto(`${stack.baseUrl}/dashboard?${query}`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name=username]', 'leader');
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.locator('[data-test=open-total]').waitFor();
  }

  beforeAll(async () => {
    buildUis({ say: () => undefined });
    stack = await TestStack.start('e2e_op_dashboard');
    browser = await launchBrowser();
  });
  beforeEach(() => {
    seen = [];
  });
  afterEach(async () => {
    expect(pageErrors).toEqual([]);
    await page?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('draws every panel on a desktop, refetches on a filter, drills down from the map, and exports CSV with the token', async () => {
    await openDashboard({ width: 1400, height: 1000 });
    expect(page.url()).toMatch(/\/dashboard\?period=30d$/);
    expect(await page.textContent('[data-test=open-total]')).toBe('4');
    expect(await page.textContent('[data-test=mtta-avg]')).toBe('1 giờ 5 phút');
    expect(await page.textContent('[data-test=sla-ratio]')).toBe('87%');
    await page.locator('[data-test=ward-chart] canvas').waitFor();
    await page.locator('[data-test=trend-chart] canvas').waitFor();
    await page.locator('[data-test=steps-chart] canvas').waitFor();
    // The map draws without any tile server: one critical point and a critical cluster of two.
    await page.locator('.op-incident-point.op-sev-critical').waitFor();
    await page.locator('.op-cluster.op-sev-critical', { hasText: '2' }).waitFor();
    expect(await page.textContent('[data-test=map-unlocated]')).toContain('1 sự cố không có vị trí');
    expect(await page.locator('[data-test=incident-row]').count()).toBe(4);
    const views = new Set(seen.map((s) => s.path));
    expect([...views].sort()).toEqual(['/api/metrics/incidents', '/api/metrics/overview', '/api/metrics/sla', '/api/metrics/steps', '/api/metrics/trends']);
    expect(seen.every((s) => s.authorised)).toBe(true);
    await screenshot(page, 'op-dashboard-desktop');

    // A cluster on the map lists its incidents under the charts.
    await page.click('.op-cluster.op-sev-critical');
    await page.locator('[data-test=drill]').waitFor();
    expect(await page.locator('[data-test=incident-row]').count()).toBe(2);
    await page.click('[data-test=drill-clear]');
    await page.locator('[data-test=drill]').waitFor({ state: 'detached' });

    // A unit filter goes into the URL and every panel asks again with it.
    seen = [];
    await page.selectOption('[data-test=filter-unit]', 'tan-phu');
    await page.waitForURL(/unit=tan-phu/);
    await page.locator('[data-test=open-total]').waitFor();
    for (const view of ['overview', 'trends', 'sla', 'steps', 'incidents']) expect(seen.some((s) => s.path === `/api/metrics/${view}` && s.query['unit'] === 'tan-phu')).toBe(true);

    // CSV: the same view with format=csv, through the app's HTTP client (so with the token), saved under the server's name.
    seen = [];
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=panel-sla] [data-test=csv]')]);
    expect(download.suggestedFilename()).toBe('cityops-sla-e2e.csv');
    expect(seen).toEqual([{ path: '/api/metrics/sla', query: expect.objectContaining({ format: 'csv', unit: 'tan-phu' }), authorised: true }]);
  });

  it('stacks the panels in one column on a phone, with no sideways scrolling', async () => {
    await openDashboard({ width: 390, height: 844 });
    await page.locator('[data-test=ward-chart] canvas').waitFor();
    await page.locator('.op-incident-point').first().waitFor();
    const [scrollWidth, clientWidth] = (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const tiles = await page.locator('[data-test=panel-tiles]').boundingBox();
    const wards = await page.locator('[data-test=panel-wards]').boundingBox();
    const trend = await page.locator('[data-test=panel-trend]').boundingBox();
    // One column: each panel below the one before, at the same left edge, within the screen.
    expect(wards!.y).toBeGreaterThan(tiles!.y);
    expect(trend!.y).toBeGreaterThan(wards!.y);
    expect(trend!.x).toBe(wards!.x);
    expect(wards!.x + wards!.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'op-dashboard-phone');
  });

  it('shows an incident a flood reading just opened in the table and on the map, from the real metrics API', async () => {
    await stack.startWorker();
    const admin = await stack.login('admin');
    expect((await stack.request('POST', '/api/events', { token: admin, body: [floodReading('e2e-dashboard-1', 3.6)] })).status).toBe(202);
    const opened = await eventually('the flood incident', async () => (await Incident.findOne({ correlationKey: 'flood:suoi-rat' }).lean()) ?? undefined, 60_000);

    await openDashboard({ width: 1400, height: 1000 }, 'period=today', false);
    const row = page.locator('[data-test=incident-row]', { hasText: opened.title });
    await row.waitFor();
    expect(decodeURIComponent((await row.locator('[data-test=incident-link]').getAttribute('href')) ?? '')).toBe(`/incidents/${opened._id}`);
    expect(Number(await page.textContent('[data-test=open-total]'))).toBeGreaterThanOrEqual(1);
    await page.locator(`.op-incident-point.op-sev-${opened.severity}`).waitFor();
    await screenshot(page, 'op-dashboard-live-incident');
  });
});
