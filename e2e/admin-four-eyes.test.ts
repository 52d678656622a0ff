import type { Browser, Page } from 'playwright-core';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot, signIn } from './support/browser';

/**
 * Four eyes in Debian's Chromium against a real stack with four eyes on: an admin changes a rule's
 * threshold and an SOP's step in the editors, which only submits them; the same admin sees the
 * request but cannot approve it; a second admin (created through the API) opens "Chờ duyệt", reviews
 * what changes — fields before → after, the diagram with the changed step marked — approves the
 * rule (a new version goes live) and rejects the SOP with a reason the author then reads.
 */
describe('admin UI: four eyes in the browser', () => {
  const RULE = 'flood-suoi-rat-level';
  const SOP = 'flood-response';
  const SECOND = 'admin.pheduyet';
  let stack: TestStack;
  let browser: Browser;
  /** The author's tab and the second admin's: separate sessions. */
  let author: Page;
  let reviewer: Page;
  const errors: string[][] = [];
  let adminToken: string;
  let ruleVersion: number;
  let sopVersion: number;
  let ruleChange: string;
  let sopChange: string;

  beforeAll(async () => {
    buildUis({ say: () => undefined }); // no-op when the build is current (npm test builds first)
    stack = await TestStack.start('four_eyes', { fourEyes: true });
    adminToken = await stack.login('admin');
    const created = await stack.request('POST', '/api/users', {
      token: adminToken,
      body: { username: SECOND, displayName: 'Quản trị viên phê duyệt (thử nghiệm)', roles: ['admin'], unit: 'dong-xoai', password: DEMO_PASSWORD },
    });
    if (created.status !== 201) throw new Error(`creating the second admin: ${created.status} ${JSON.stringify(created.body)}`);
    ruleVersion = (await stack.request('GET', `/api/rules/${RULE}`, { token: adminToken })).body.version;
    sopVersion = (await stack.request('GET', `/api/sops/${SOP}`, { token: adminToken })).body.latestVersion;
    browser = await launchBrowser();
    for (const which of ['author', 'reviewer'] as const) {
      const { page, errors: pageErrors } = await openPage(browser, { width: 1400, height: 1000 });
      errors.push(pageErrors);
      if (which === 'author') author = page;
      else reviewer = page;
    }
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(() => expect(errors.flat()).toEqual([]));

  const changeIdFrom = async (page: Page) => (await page.getAttribute('[data-test=change-link]', 'href'))!.split('/').pop()!;

  it('the author changes a threshold in the rule editor: “Gửi duyệt” submits it, nothing goes live', async () => {
    await author.goto(`${stack.baseUrl}/admin/rules/${RULE}`);
    await signIn(author, 'admin', DEMO_PASSWORD);
    await author.waitForSelector('[data-test=rule-form]');
    await author.locator('[data-test=save-rule]', { hasText: 'Gửi duyệt' }).waitFor();
    await author.fill('[data-test=level-value] >> nth=0', '2.7');
    await author.click('[data-test=save-rule]');
    await author.locator('[data-test=editor-message]', { hasText: 'Đã gửi thay đổi để duyệt — chờ một quản trị viên khác phê duyệt.' }).waitFor();
    await screenshot(author, 'admin-four-eyes-rule-submitted');
    ruleChange = await changeIdFrom(author);

    const live = (await stack.request('GET', `/api/rules/${RULE}`, { token: adminToken })).body;
    expect(live.version).toBe(ruleVersion);
    expect(live.levels[0].threshold.value).toBe(2.5);
    const listed = (await stack.request('GET', '/api/rules', { token: adminToken })).body.items.find((r: { key: string }) => r.key === RULE);
    expect(listed.pendingChange).toEqual({ id: ruleChange, kind: 'rule.save', requestedBy: 'admin' });
  });

  it('the author sees their request but cannot approve it', async () => {
    await author.click('[data-test=change-link]');
    await author.waitForURL(new RegExp(`/admin/changes/${ruleChange}$`));
    await author.locator('[data-test=own-change]', { hasText: 'Cần một quản trị viên khác phê duyệt' }).waitFor();
    expect(await author.locator('[data-test=approve]').count()).toBe(0);
    expect(await author.locator('[data-test=reject]').count()).toBe(0);
    expect(await author.locator('[data-test=withdraw]').count()).toBe(1);
    await screenshot(author, 'admin-four-eyes-own-request');

    // The rule list marks it, and the bar counts it.
    await author.goto(`${stack.baseUrl}/admin/rules`);
    await author.locator('tr', { hasText: RULE }).locator('[data-test=pending-chip]').waitFor();
    await author.locator('[data-test=pending-badge][data-count="1"]').waitFor();
  });

  it('the second admin opens “Chờ duyệt”, sees the threshold before → after, and approves: a new version goes live', async () => {
    await reviewer.goto(`${stack.baseUrl}/admin/changes`);
    await signIn(reviewer, SECOND, DEMO_PASSWORD);
    const row = reviewer.locator(`[data-test=change-row][data-change="${ruleChange}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Lưu ngưỡng');
    expect(await row.textContent()).toContain('admin');
    await screenshot(reviewer, 'admin-four-eyes-pending-list');
    await row.locator('[data-test=open-change]').click();
    const levels = reviewer.locator('[data-test=field-change][data-field=levels]');
    await levels.waitFor();
    expect(await levels.locator('[data-test=before]').textContent()).toBe('Cảnh báo >= 2.5 · Khẩn cấp >= 3');
    expect(await levels.locator('[data-test=after]').textContent()).toBe('Cảnh báo >= 2.7 · Khẩn cấp >= 3');
    await screenshot(reviewer, 'admin-four-eyes-rule-review');

    await reviewer.click('[data-test=approve]');
    await reviewer.locator('[data-test=change-message]', { hasText: `Đã phê duyệt. Phiên bản ${ruleVersion + 1} đang có hiệu lực.` }).waitFor();
    await reviewer.locator('[data-test=change-status]', { hasText: 'Đã phê duyệt' }).waitFor();
    await screenshot(reviewer, 'admin-four-eyes-rule-approved');

    const live = (await stack.request('GET', `/api/rules/${RULE}`, { token: adminToken })).body;
    expect(live.version).toBe(ruleVersion + 1);
    expect(live.levels[0].threshold.value).toBe(2.7);
    const listed = (await stack.request('GET', '/api/rules', { token: adminToken })).body.items.find((r: { key: string }) => r.key === RULE);
    expect(listed.pendingChange).toBeNull();
    const versions = (await stack.request('GET', `/api/rules/${RULE}/versions`, { token: adminToken })).body.items as { version: number; approvedBy: string | null }[];
    expect(versions.find((v) => v.version === ruleVersion + 1)).toMatchObject({ approvedBy: SECOND });
  });

  it('the author changes a step of an SOP in the designer and submits the version', async () => {
    await author.goto(`${stack.baseUrl}/admin/sops/${SOP}`);
    const deploy = author.locator('[data-test=deploy]', { hasText: 'Gửi duyệt' });
    await deploy.waitFor();
    await author.locator('[data-test=problem-count]').waitFor();
    await author.locator('.djs-shape[data-element-id="verify"]').click({ position: { x: 50, y: 50 } });
    await author.locator('[data-test=properties][data-element-id="verify"]').waitFor();
    await author.fill('[data-test=prop-sla]', 'PT10M');
    await author.locator('[data-test=unsaved]').waitFor();
    await deploy.click();
    await author.locator('[data-test=designer-message]', { hasText: 'Đã gửi phiên bản để duyệt — chờ một quản trị viên khác phê duyệt' }).waitFor();
    await screenshot(author, 'admin-four-eyes-sop-submitted');
    sopChange = await changeIdFrom(author);
    expect((await stack.request('GET', `/api/sops/${SOP}`, { token: adminToken })).body.latestVersion).toBe(sopVersion);
  });

  it('the second admin sees the proposed diagram with the changed step marked, and rejects it with a reason: no new version', async () => {
    await reviewer.goto(`${stack.baseUrl}/admin/changes`);
    await reviewer.locator('[data-test=pending-badge][data-count="1"]').waitFor();
    await reviewer.locator(`[data-test=change-row][data-change="${sopChange}"] [data-test=open-change]`).click();
    await reviewer.locator('[data-test=change-diagram][data-ready=true]').waitFor();
    await reviewer.locator('.djs-shape.change-changed[data-element-id="verify"]').waitFor();
    const listed = reviewer.locator('[data-test=changed-elements] li[data-element="verify"]');
    expect(await listed.getAttribute('data-change')).toBe('changed');
    expect(await listed.textContent()).toContain('Xác minh qua camera');
    await screenshot(reviewer, 'admin-four-eyes-sop-review');

    await reviewer.click('[data-test=reject]');
    await reviewer.click('[data-test=confirm-reject]');
    await reviewer.locator('[data-test=reason-missing]').waitFor();
    await reviewer.fill('[data-test=reject-reason]', 'Hạn xác minh 10 phút quá ngắn cho ca đêm');
    await reviewer.click('[data-test=confirm-reject]');
    await reviewer.locator('[data-test=change-message]', { hasText: 'Đã từ chối thay đổi.' }).waitFor();
    await screenshot(reviewer, 'admin-four-eyes-sop-rejected');

    expect((await stack.request('GET', `/api/sops/${SOP}`, { token: adminToken })).body.latestVersion).toBe(sopVersion);
    expect((await stack.request('GET', `/api/sops/${SOP}/versions`, { token: adminToken })).body.items).toHaveLength(sopVersion);
    expect((await stack.request('GET', `/api/changes/${sopChange}`, { token: adminToken })).body).toMatchObject({ status: 'rejected', decidedBy: SECOND });
  });

  it('the author reads why it was rejected', async () => {
    await author.goto(`${stack.baseUrl}/admin/changes`);
    await author.click('[data-test=tab-decided]');
    const row = author.locator(`[data-test=change-row][data-change="${sopChange}"]`);
    await row.waitFor();
    expect(await row.locator('[data-test=change-reason]').textContent()).toContain('Hạn xác minh 10 phút quá ngắn cho ca đêm');
    expect(await row.textContent()).toContain('Bị từ chối');
    expect(await row.textContent()).toContain(SECOND);
    await row.locator('[data-test=open-change]').click();
    await author.locator('[data-test=change-reason]', { hasText: 'Hạn xác minh 10 phút quá ngắn cho ca đêm' }).waitFor();
    await screenshot(author, 'admin-four-eyes-rejection-read');
  });
});
