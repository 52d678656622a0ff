import type { Browser, Page } from 'playwright-core';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot } from './support/browser';

/**
 * The duty desk in Debian's Chromium against a real stack: an operator of Tân Phú ward keeps the
 * inbox open, a reading over a threshold arrives, and the new step shows up without a reload; the
 * operator opens it, submits the form once with a required field empty (the server's message shows
 * under that field) and once correctly, and is offered the incident's next step.
 */
describe('operator UI: inbox and task page in the browser', () => {
  const STATION = 'flood-sensor/suoi-rat-bridge-11';
  const TITLE = 'E2E — ngập cầu 11 (hộp việc)';
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let admin: string;

  beforeAll(async () => {
    buildUis({ say: () => undefined });
    stack = await TestStack.start('e2e_operator');
    await stack.startWorker();
    admin = await stack.login('admin');
    // A threshold of our own, so the reading opens a fresh incident whatever the demo data holds open.
    const rule = await stack.request('PUT', '/api/rules/e2e-inbox', {
      token: admin,
      body: {
        name: 'E2E hộp việc',
        enabled: true,
        priority: 1,
        source: STATION,
        metric: 'water_level_m',
        levels: [{ severity: 'critical', threshold: { op: '>=', value: 2.5 } }],
        correlationKey: 'e2e-inbox:{{source}}',
        action: { type: 'open-incident', sopKey: 'flood-response', title: TITLE },
      },
    });
    if (rule.status >= 300) throw new Error(`creating the threshold: ${rule.status} ${JSON.stringify(rule.body)}`);
    browser = await launchBrowser();
    ({ page, errors: pageErrors } = await openPage(browser, { width: 1280, height: 900 }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(() => expect(pageErrors).toEqual([]));

  const row = () => page.locator('[data-test=inbox-row]', { hasText: TITLE });

  it('signs the operator in to the inbox, connected live', async () => {
    await page.goto(`${stack.baseUrl}/inbox`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name=username]', 'operator.tanphu');
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/inbox$/);
    await page.click('[data-test=tab-unit]');
    await page.locator('[data-test=live-state][data-connected=true]').waitFor();
    expect(await row().count()).toBe(0);
  });

  it('shows the new step the moment the reading opens the incident, without a reload', async () => {
    const posted = await stack.request('POST', '/api/events', {
      token: admin,
      body: [{ id: 'e2e-inbox-1', source: STATION, metric: 'water_level_m', value: 3.1, observedAt: new Date().toISOString() }],
    });
    expect(posted.status).toBe(202);
    await row().waitFor({ timeout: 60_000 });
    expect(await row().textContent()).toContain('Xác minh qua camera');
    expect(await row().locator('[data-test=countdown]').textContent()).toMatch(/còn 1[45] phút/);
    await screenshot(page, 'operator-inbox-new-task');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await screenshot(page, 'operator-inbox-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('submits the form with a required field empty, sees the server’s message on it, then completes and is offered the next step', async () => {
    await row().locator('[data-test=open-task]').click();
    await page.waitForURL(/\/tasks\//);
    await page.locator('[data-test=task-form] .formio-component-notes textarea').waitFor();
    await page.check('[data-test=task-form] .formio-component-confirmed input[type=checkbox]');
    await page.click('[data-test=submit-task]');
    const error = page.locator('.formio-component-notes [data-test=field-error]');
    await error.waitFor();
    expect(await error.textContent()).toContain('Bắt buộc nhập'); // the server's "required", said in Vietnamese
    expect(await page.textContent('[data-test=task-assignee]')).toContain('operator.tanphu'); // claimed on the way
    await screenshot(page, 'operator-task-field-error');

    await page.fill('[data-test=task-form] .formio-component-notes textarea', 'Camera cầu 11: nước tràn mặt đường.');
    await page.click('[data-test=submit-task]');
    await page.locator('[data-test=task-done]').waitFor();
    const next = page.locator('[data-test=next-task]', { hasText: 'Thông báo người dân và phong tỏa đường' });
    await next.waitFor({ timeout: 60_000 });
    await screenshot(page, 'operator-task-done-next');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await screenshot(page, 'operator-task-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await next.click();
    await page.locator('[data-test=task-name]', { hasText: 'Thông báo người dân và phong tỏa đường' }).waitFor();
  });
});
