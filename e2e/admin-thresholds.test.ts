import type { Browser, Page } from 'playwright-core';
import { Incident } from '../model';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack, eventually } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot } from './support/browser';

/**
 * The admin app in Debian's Chromium against a real stack: an admin signs in, creates a threshold
 * in the guided editor while the live backtest draws what it would have done over the stored
 * readings, saves it, and a reading posted afterwards opens an incident through that threshold.
 */
describe('admin UI: thresholds in the browser', () => {
  const STATION = 'flood-sensor/suoi-rat-bridge-11';
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let admin: string;

  beforeAll(async () => {
    buildUis({ say: () => undefined }); // no-op when the build is current (npm test builds first)
    stack = await TestStack.start('e2e_admin');
    await stack.startWorker();
    admin = await stack.login('admin');
    // Three hours of the Suối Rạt gauge: rising from 2.0 m to 3.4 m and falling back, one reading every 10 minutes.
    const now = Date.now();
    const levels = [2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 3.2, 3.4, 3.3, 3.1, 2.9, 2.7, 2.5, 2.3, 2.1, 2.0, 2.0, 2.0];
    const readings = levels.map((value, i) => ({
      id: `e2e-${i}`,
      source: STATION,
      metric: 'water_level_m',
      value,
      observedAt: new Date(now - (levels.length - i) * 600_000).toISOString(),
    }));
    const res = await stack.request('POST', '/api/events', { token: admin, body: readings });
    if (res.status !== 202) throw new Error(`seeding readings: ${res.status}`);
    browser = await launchBrowser();
    ({ page, errors: pageErrors } = await openPage(browser, { width: 1280, height: 900 }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(() => expect(pageErrors).toEqual([]));

  it('asks for a sign-in, then lists the thresholds', async () => {
    await page.goto(`${stack.baseUrl}/admin/rules`);
    await page.waitForURL(/\/admin\/login/);
    await screenshot(page, 'admin-login');
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'wrong password');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=login-error]');
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=rules-table]');
    expect(page.url()).toMatch(/\/admin\/rules$/);
    expect(await page.textContent('[data-test=rules-table]')).toContain('flood-suoi-rat-level');
    await screenshot(page, 'admin-rules-list');
  });

  it('creates a threshold with a live backtest of the stored readings', async () => {
    await page.click('[data-test=new-rule]');
    await page.waitForSelector('[data-test=rule-form]');
    await page.fill('[data-test=rule-key]', 'e2e-suoi-rat');
    await page.fill('[data-test=rule-name]', 'Mực nước Suối Rạt (thử nghiệm)');
    await page.selectOption('[data-test=rule-source]', STATION);
    await page.selectOption('[data-test=rule-metric]', 'water_level_m');
    await page.fill('[data-test=level-value] >> nth=0', '2.8');
    await page.click('[data-test=add-level]');
    await page.selectOption('[data-test=level-row] >> nth=1 >> select >> nth=0', 'critical');
    await page.fill('[data-test=level-value] >> nth=1', '3.2');
    await page.fill('[data-test=rule-correlation]', 'e2e:{{source}}');
    await page.selectOption('[data-test=rule-sop]', 'flood-response');
    // Fired once (2.8 m), raised once (3.2 m), cleared once (back under 2.8 m): drawn over 18 readings.
    await page.locator('[data-test=backtest-summary]', { hasText: '18 bản ghi · cảnh báo 1 lần · hết cảnh báo 1 lần · tăng mức 1 lần' }).waitFor();
    await page.waitForSelector('[data-test=backtest-chart] canvas');
    await screenshot(page, 'admin-rule-editor-backtest');

    await page.click('[data-test=save-rule]');
    await page.waitForURL(/\/admin\/rules\/e2e-suoi-rat$/);
    await page.locator('[data-test=editor-message]', { hasText: 'Đã lưu phiên bản 1' }).waitFor();
    await screenshot(page, 'admin-rule-saved');
    const stored = await stack.request('GET', '/api/rules/e2e-suoi-rat', { token: admin });
    expect(stored.body).toMatchObject({
      version: 1,
      source: STATION,
      metric: 'water_level_m',
      levels: [
        { severity: 'warning', threshold: { op: '>=', value: 2.8 } },
        { severity: 'critical', threshold: { op: '>=', value: 3.2 } },
      ],
      correlationKey: 'e2e:{{source}}',
      action: { type: 'open-incident', sopKey: 'flood-response' },
    });
  });

  it('the saved threshold opens an incident for the next high reading', async () => {
    const res = await stack.request('POST', '/api/events', {
      token: admin,
      body: [{ id: 'e2e-high', source: STATION, metric: 'water_level_m', value: 3.5, observedAt: new Date().toISOString() }],
    });
    expect(res.status).toBe(202);
    const incident = await eventually('incident from the new threshold', async () => (await Incident.findOne({ correlationKey: `e2e:${STATION}` }).lean()) ?? undefined, 60_000);
    expect(incident.severity).toBe('critical');
  });

  it('shows the server’s complaint next to the field, and speaks English on request', async () => {
    await page.fill('[data-test=level-value] >> nth=1', '');
    await page.waitForSelector('[data-test=level-row] >> nth=1 >> .field-error');
    await page.click('[data-test=switch-language]');
    await page.locator('[data-test=backtest] h2', { hasText: 'Try the threshold on stored readings' }).waitFor();
    await screenshot(page, 'admin-rule-editor-error-en');
  });
});
