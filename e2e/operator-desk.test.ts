import type { Browser, Locator, Page } from 'playwright-core';
import { Task } from '../model';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack, eventually } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot, signIn } from './support/browser';

/** Picks an option of a Form.io select (drawn by Choices.js) by the text of its label, and waits until it shows as chosen. */
async function chooseOption(component: Locator, label: string): Promise<void> {
  const open = component.locator('.choices__list--dropdown.is-active');
  for (let attempt = 0; attempt < 5 && !(await open.isVisible()); attempt++) {
    await component.locator('.choices').first().click();
    await open.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
  await open.locator('.choices__item--choice', { hasText: label }).first().click();
  await component.locator('.choices__list--single .choices__item', { hasText: label }).waitFor();
}

const DESKTOP = { width: 1400, height: 1000 };
const PHONE = { width: 390, height: 844 };

/**
 * Issue 6's path in Debian's Chromium: a citizen report is posted and the IOC operator's open inbox
 * shows the new task without a reload; the operator submits its form once with an error and once
 * correctly and the next step appears; the leader, on a phone, sees the incident on the dashboard
 * and its map and posts a directive that the operator's open incident page shows live.
 */
describe('operator and leader UI: report → inbox → form → next step → directive', () => {
  const reporter = `e2e-nguyen-thi-b-${Date.now().toString(36)}`;
  let stack: TestStack;
  let browser: Browser;
  let operator: Page;
  let leader: Page;
  const errors: string[][] = [];
  let admin: string;
  let taskId: string;
  let incidentId: string;

  beforeAll(async () => {
    buildUis({ say: () => undefined });
    stack = await TestStack.start('e2e_operator_desk');
    await stack.startWorker();
    admin = await stack.login('admin');
    browser = await launchBrowser();
    let opened = await openPage(browser, DESKTOP);
    operator = opened.page;
    errors.push(opened.errors);
    opened = await openPage(browser, PHONE);
    leader = opened.page;
    errors.push(opened.errors);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(() => {
    for (const e of errors) expect(e).toEqual([]);
  });

  it('shows a new task in the open inbox without a reload', async () => {
    await operator.goto(`${stack.baseUrl}/`);
    await signIn(operator, 'operator.ioc', DEMO_PASSWORD);
    await operator.waitForURL(/\/inbox/);
    await operator.click('[data-test=tab-unit]');
    // A mark on the page's window: a reload would drop it.
    await operator.evaluate('window.__stillTheSamePage = true');

    const posted = await stack.request('POST', '/api/events', {
      token: admin,
      body: [
        {
          id: 'r1',
          source: `citizen-report/${reporter}`,
          metric: 'report',
          value: 'rac-thai',
          observedAt: new Date().toISOString(),
          location: { lat: 11.5412, lon: 106.8905 },
        },
      ],
    });
    if (posted.status !== 202) throw new Error(`the report was refused: ${posted.status} ${JSON.stringify(posted.body)}`);

    const row = operator.locator('[data-test=inbox-row]', { hasText: reporter });
    await row.waitFor({ timeout: 30_000 });
    expect(await operator.evaluate('window.__stillTheSamePage === true')).toBe(true);
    taskId = (await row.getAttribute('data-task-id'))!;
    const task = await Task.findById(taskId).lean();
    expect(task).toMatchObject({ stepId: 'triage', unit: 'ioc', status: 'open' });
    incidentId = task!.incidentId;
    await row.locator('[data-test=countdown]').waitFor();
    await screenshot(operator, 'operator-1-inbox-desktop');
  });

  it('submits the form once with an error, then correctly, and the next step appears', async () => {
    await operator.locator('[data-test=inbox-row]', { hasText: reporter }).locator('[data-test=open-task]').click();
    await operator.waitForURL(/\/tasks\//);
    const form = operator.locator('[data-test=task-form]');
    await form.locator('[name="data[summary]"]').waitFor();

    // The summary is required: the step stays open and the error sits on the field.
    await operator.click('[data-test=submit-task]');
    await operator.locator('[data-test=field-error], .formio-errors .error, .has-error .invalid-feedback', { hasText: /./ }).first().waitFor();
    expect((await Task.findById(taskId).lean())?.status).not.toBe('completed');
    await screenshot(operator, 'operator-2-task-error-desktop');

    await form.locator('[name="data[valid]"]').check();
    await chooseOption(form.locator('.formio-component-category'), 'Rác thải');
    await chooseOption(form.locator('.formio-component-ward'), 'Tân Phú');
    await form.locator('[name="data[summary]"]').fill('Rác thải đổ trộm tại hẻm 12, khu phố Tân Trà; đã xác minh qua ảnh.');
    await operator.click('[data-test=submit-task]');
    await operator.locator('[data-test=task-done]').waitFor();
    expect(await Task.findById(taskId).lean()).toMatchObject({ status: 'completed', completedBy: 'operator.ioc' });

    // The SOP moves on: the ward's handling step is open, shown on the incident page.
    const next = await eventually('the next step', async () => (await Task.findOne({ incidentId, stepId: 'handle' }).lean()) ?? undefined);
    expect(next.status).toBe('open');
    await operator.goto(`${stack.baseUrl}/incidents/${encodeURIComponent(incidentId)}`);
    await operator.locator('[data-test=incident-title]', { hasText: reporter }).waitFor();
    // The ward's step is listed for the IOC operator, who may not work it (no link).
    const nextRow = operator.locator(`[data-test=incident-task][data-id="${next._id}"]`, { hasText: 'Xử lý phản ánh tại địa bàn' });
    await nextRow.waitFor();
    expect(await nextRow.locator('a').count()).toBe(0);
    await screenshot(operator, 'operator-3-incident-desktop');
  });

  it('lets the leader find the incident on the dashboard and map on a phone, and the directive reaches the operator live', async () => {
    await leader.goto(`${stack.baseUrl}/`);
    await signIn(leader, 'leader', DEMO_PASSWORD);
    await leader.waitForURL(/\/dashboard/);
    await leader.locator('[data-test=incident-map]').waitFor();
    // The report is an info incident at its reported place: an info point (or a cluster holding it) on the map.
    await leader.locator('[data-test=incident-map] .op-incident-point.op-sev-info, [data-test=incident-map] .op-cluster').first().waitFor();
    const drill = leader.locator(`a[href*="/incidents/${encodeURIComponent(incidentId)}"]`).first();
    await drill.waitFor();
    await screenshot(leader, 'leader-1-dashboard-phone');

    await drill.click();
    await leader.locator('[data-test=incident-title]', { hasText: reporter }).waitFor();
    await leader.evaluate('window.__stillTheSamePage = true');
    await operator.evaluate('window.__stillTheSamePage = true');
    const directive = 'Đề nghị phường xử lý trước 17 giờ hôm nay và báo cáo kết quả.';
    await leader.fill('[data-test=comment-box]', directive);
    await leader.click('[data-test=post-directive]');
    await leader.locator('[data-test=directive]', { hasText: directive }).waitFor();
    await screenshot(leader, 'leader-2-incident-phone');

    await operator.locator('[data-test=directive]', { hasText: directive }).waitFor({ timeout: 15_000 });
    expect(await operator.evaluate('window.__stillTheSamePage === true')).toBe(true);
    await screenshot(operator, 'operator-4-directive-desktop');
  });

  it('keeps the open inbox live across an API restart and catches up with what changed meanwhile', async () => {
    const post = async (who: string) => {
      const posted = await stack.request('POST', '/api/events', {
        token: admin,
        body: [{ id: 'r1', source: `citizen-report/${who}`, metric: 'report', value: 'den-chieu-sang', observedAt: new Date().toISOString() }],
      });
      if (posted.status !== 202) throw new Error(`the report was refused: ${posted.status} ${JSON.stringify(posted.body)}`);
    };
    await operator.goto(`${stack.baseUrl}/inbox`);
    await operator.click('[data-test=tab-unit]');
    await operator.locator('[data-test=live-state][data-connected=true]').waitFor();
    await operator.evaluate('window.__stillTheSamePage = true');
    const before = `${reporter}-truoc`;
    await post(before);
    const beforeRow = operator.locator('[data-test=inbox-row]', { hasText: before });
    await beforeRow.waitFor({ timeout: 30_000 });
    const beforeTask = (await beforeRow.getAttribute('data-task-id'))!;

    // The API goes away; meanwhile a leader, through another API instance, hands that step to Tân Phú.
    const leaderToken = await stack.login('leader');
    await stack.restartApi(async () => {
      await operator.locator('[data-test=live-state][data-connected=false]').waitFor();
      const other = await stack.secondApi();
      try {
        const res = await fetch(`${other.baseUrl}/api/tasks/${encodeURIComponent(beforeTask)}/reassign`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${leaderToken}` },
          body: JSON.stringify({ unit: 'tan-phu', reason: 'Phường Tân Phú xử lý đèn hỏng' }),
        });
        expect(res.status).toBe(200);
      } finally {
        await other.close();
      }
    });

    // Back on line by itself: the step given away leaves the IOC inbox, and new work still arrives live.
    await operator.locator('[data-test=live-state][data-connected=true]').waitFor({ timeout: 30_000 });
    await beforeRow.waitFor({ state: 'detached', timeout: 15_000 });
    const after = `${reporter}-sau`;
    await post(after);
    await operator.locator('[data-test=inbox-row]', { hasText: after }).waitFor({ timeout: 30_000 });
    expect(await operator.evaluate('window.__stillTheSamePage === true')).toBe(true);
  });

  it('draws every operator screen on a phone and the dashboard on a desktop', async () => {
    await operator.setViewportSize(PHONE);
    await operator.goto(`${stack.baseUrl}/inbox`);
    await operator.locator('[data-test=tab-unit]').waitFor();
    await screenshot(operator, 'operator-5-inbox-phone');
    await operator.goto(`${stack.baseUrl}/incidents/${encodeURIComponent(incidentId)}`);
    await operator.locator('[data-test=incident-title]').waitFor();
    await screenshot(operator, 'operator-6-incident-phone');
    // No sideways scrolling of the page on a phone.
    expect(await operator.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);

    await leader.setViewportSize(DESKTOP);
    await leader.goto(`${stack.baseUrl}/dashboard`);
    await leader.locator('[data-test=incident-map]').waitFor();
    await screenshot(leader, 'leader-3-dashboard-desktop');
  });
});
