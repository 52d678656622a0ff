import type { Browser, Page } from 'playwright-core';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack, eventually } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot } from './support/browser';

/**
 * The operator app's incident screens in Debian's Chromium against a real stack: a leader finds a
 * reported incident in the list, gives a directive (pinned) and raises its severity; an operator of
 * the ward opens it on a phone, sees the directive, answers with a comment and is offered none of
 * the leaders' operations; the leader then cancels it with a reason.
 */
describe('operator UI: the incident page in the browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let incidentId: string;
  const DIRECTIVE = 'Phân luồng giao thông qua cầu 11, báo cáo mỗi 30 phút';

  async function signInAt(page: Page, path: string, username: string): Promise<void> {
    await page.goto(`${stack.baseUrl}${path}`);
    await page.waitForURL(/\/login/);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button[type=submit]');
  }

  beforeAll(async () => {
    buildUis({ say: () => undefined }); // no-op when the build is current (npm test builds first)
    stack = await TestStack.start('e2e_op_incident');
    await stack.startWorker();
    const leader = await stack.login('leader');
    const res = await stack.request('POST', '/api/incidents', {
      token: leader,
      body: { sopKey: 'flood-response', title: 'Ngập sâu tại cầu 11 Suối Rạt (e2e)', severity: 'warning', unit: 'tan-phu', location: { lat: 11.535, lon: 106.8834 } },
    });
    if (res.status !== 201) throw new Error(`reporting the incident: ${res.status} ${JSON.stringify(res.body)}`);
    incidentId = (res.body as { id: string }).id;
    await eventually('the incident is stored', async () => ((await stack.request('GET', `/api/incidents/${incidentId}`, { token: leader })).status === 200 ? true : undefined));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('a leader finds the incident, gives a pinned directive and raises its severity', async () => {
    const { page, errors } = await openPage(browser);
    await signInAt(page, '/incidents', 'leader');
    const row = page.locator('[data-test=incident-row]', { hasText: 'Ngập sâu tại cầu 11 Suối Rạt (e2e)' });
    await row.waitFor();
    await screenshot(page, 'operator-incidents-desktop');
    await row.locator('a').click();
    await page.locator('[data-test=incident-title]', { hasText: 'Ngập sâu tại cầu 11' }).waitFor();
    expect(await page.textContent('[data-test=incident-severity]')).toContain('Cảnh báo');

    await page.fill('[data-test=comment-box]', DIRECTIVE);
    await page.click('[data-test=post-directive]');
    await page.locator('[data-test=directive]', { hasText: DIRECTIVE }).waitFor();

    await page.click('[data-test=raise-severity]');
    await page.selectOption('[data-test=severity-select]', 'critical');
    await page.click('[data-test=confirm-severity] [data-test=confirm]');
    await page.locator('[data-test=incident-severity]', { hasText: 'Nghiêm trọng' }).waitFor();
    await screenshot(page, 'operator-incident-leader-desktop');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the ward’s operator sees the directive on a phone, comments, and is offered none of the leaders’ operations', async () => {
    const { page, errors } = await openPage(browser, { width: 390, height: 844 });
    await signInAt(page, `/incidents/${incidentId}`, 'operator.tanphu');
    await page.locator('[data-test=directive]', { hasText: DIRECTIVE }).waitFor();
    expect(await page.locator('[data-test=post-directive]').count()).toBe(0);
    expect(await page.locator('[data-test=cancel-incident]').count()).toBe(0);
    expect(await page.locator('[data-test=reassign]').count()).toBe(0);

    await page.fill('[data-test=comment-box]', 'Đã nhận chỉ đạo, đội phường đang phân luồng');
    await page.click('[data-test=post-comment]');
    await page.locator('[data-test=comment]', { hasText: 'Đã nhận chỉ đạo' }).waitFor();
    // The directive stays above the thread.
    const [directiveTop, commentTop] = await Promise.all([page.locator('[data-test=directive]').boundingBox(), page.locator('[data-test=comment]').first().boundingBox()]);
    expect(directiveTop!.y).toBeLessThan(commentTop!.y);
    // The context's parts load as they scroll into view (each a deferred chunk).
    for (let y = 0; y < 3000; y += 400) await page.evaluate(`window.scrollTo(0, ${y})`);
    await page.locator('[data-test=incident-map]').waitFor();
    await page.locator('[data-test=sop-diagram], [data-test=incident-context] [role=alert]').first().waitFor();
    // A phone never scrolls the page sideways.
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await screenshot(page, 'operator-incident-phone');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a leader cancels the incident after confirming with a reason', async () => {
    const { page, errors } = await openPage(browser);
    await signInAt(page, `/incidents/${incidentId}`, 'leader');
    await page.locator('[data-test=incident-title]').waitFor();
    await page.click('[data-test=cancel-incident]');
    await page.fill('[data-test=cancel-reason]', 'Nước đã rút, báo động không còn cần xử lý');
    await page.click('[data-test=confirm-cancel] [data-test=confirm]');
    await page.locator('[data-test=op-done]').waitFor();
    const leader = await stack.login('leader');
    await eventually('the incident is cancelled', async () => {
      const res = await stack.request('GET', `/api/incidents/${incidentId}`, { token: leader });
      return (res.body as { status: string }).status === 'cancelled' ? true : undefined;
    });
    await page.reload();
    await page.locator('[data-test=incident-status]', { hasText: 'Đã hủy' }).waitFor();
    expect(await page.locator('[data-test=cancel-incident]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
