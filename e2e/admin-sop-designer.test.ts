import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot, signIn } from './support/browser';

/**
 * The SOP designer in Debian's Chromium against a real stack: an admin draws a three-step SOP by
 * clicking the palette and the context pad's append actions (no XML upload), sees the compiler's
 * problems marked on the diagram, fixes them in the properties panel, deploys version 1, and opens
 * it read-only from the version history.
 */
describe('admin UI: SOP designer in the browser', () => {
  const KEY = 'e2e-road-check';
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let admin: string;
  /** The element ids bpmn-js gave the three user tasks, in drawing order. */
  const taskIds: string[] = [];

  beforeAll(async () => {
    buildUis({ say: () => undefined }); // no-op when the build is current (npm test builds first)
    stack = await TestStack.start('e2e_sop_designer');
    admin = await stack.login('admin');
    browser = await launchBrowser();
    ({ page, errors: pageErrors } = await openPage(browser, { width: 1400, height: 1000 }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(() => expect(pageErrors).toEqual([]));

  const palette = (action: string) => page.locator(`.djs-palette .entry[data-action="${action}"]`);
  const contextPad = (action: string) => page.locator(`.djs-context-pad.open .entry[data-action="${action}"]`);

  it('lists the SOPs after sign-in', async () => {
    await page.goto(`${stack.baseUrl}/admin/sops`);
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-test=sops-table]');
    expect(page.url()).toMatch(/\/admin\/sops$/);
    expect(await page.textContent('[data-sop=flood-response]')).toContain('v1');
    await screenshot(page, 'admin-sop-list');
  });

  it('offers only the elements the engine runs', async () => {
    await page.click('[data-test=new-sop]');
    await palette('create.user-task').waitFor();
    for (const offered of ['create.start-event', 'create.end-event', 'create.exclusive-gateway', 'create.service-task', 'create.timer-catch']) {
      expect(await palette(offered).count()).toBe(1);
    }
    for (const refused of ['create.task', 'create.intermediate-event', 'create.data-object', 'create.participant-expanded']) {
      expect(await palette(refused).count()).toBe(0);
    }
    await page.fill('[data-test=sop-key]', KEY);
    await page.fill('[data-test=sop-name]', 'Kiểm tra mặt đường sau mưa');
    await screenshot(page, 'admin-sop-designer-empty');
  });

  it('draws start → three user tasks → end by clicking the palette and the context pad', async () => {
    const canvas = (await page.locator('[data-test=bpmn-canvas]').boundingBox())!;
    await palette('create.start-event').click();
    // The new shape follows the pointer until the click that places it.
    await page.mouse.move(canvas.x + 260, canvas.y + 200, { steps: 5 });
    await page.mouse.click(canvas.x + 260, canvas.y + 200);
    for (let i = 0; i < 3; i++) {
      await contextPad('append.user-task').click();
      // The appended task is selected: the panel shows it (wait past the previous task, which it may show for a moment under load).
      const seen = taskIds.map((known) => `:not([data-element-id="${known}"])`).join('');
      const panel = page.locator(`[data-test=properties][data-element-id]${seen}`);
      await panel.locator('[data-test=group-assignment]').waitFor();
      const id = (await panel.getAttribute('data-element-id'))!;
      expect(taskIds).not.toContain(id);
      taskIds.push(id);
    }
    // The generic task bpmn-js appends by default is not offered.
    expect(await contextPad('append.append-task').count()).toBe(0);
    await contextPad('append.end-event').click();
    expect(await page.locator('.djs-shape[data-element-id^="Activity_"]').count()).toBe(3);
  });

  it('marks the unassigned steps on the diagram, and the deploy refuses them by element id', async () => {
    // The dry-run check flags each task without an assignee.
    for (const id of taskIds) await page.locator(`[data-test=problem-marker][data-element-id="${id}"]`).waitFor();
    await screenshot(page, 'admin-sop-designer-problems');
    await page.click('[data-test=deploy]');
    await page.locator('[data-test=designer-message]', { hasText: 'Chưa triển khai được: 3 lỗi' }).waitFor();
    expect(page.url()).toMatch(/\/admin\/sops\/new$/);
  });

  it('assigns each step in the properties panel, checking durations as the admin types', async () => {
    const names = ['Tiếp nhận phản ánh', 'Kiểm tra hiện trường', 'Báo cáo kết quả'];
    for (const [i, id] of taskIds.entries()) {
      // Read where the canvas is now: messages above it come and go as the check runs.
      const canvas = (await page.locator('[data-test=bpmn-canvas]').boundingBox())!;
      // A click on empty canvas (not on the bpmn.io logo) closes the previous context pad, which may cover this task.
      await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height - 40);
      await page.locator('[data-test=properties-empty]').waitFor();
      await page.locator(`.djs-shape[data-element-id="${id}"]`).click({ position: { x: 50, y: 50 } });
      await page.locator(`[data-test=properties][data-element-id="${id}"]`).waitFor();
      await page.fill('[data-test=prop-name]', names[i]!);
      await page.selectOption('[data-test=prop-assignee-unit]', 'tan-phu');
      await page.selectOption('[data-test=prop-assignee-role]', 'operator');
      if (i === 1) {
        await page.fill('[data-test=prop-sla]', '30 phút');
        await page.locator('[data-test=feel-error]', { hasText: 'Không phải khoảng thời gian ISO 8601' }).waitFor();
        await screenshot(page, 'admin-sop-designer-sla-error');
        await page.fill('[data-test=prop-sla]', 'PT30M');
        await page.selectOption('[data-test=prop-escalation-role]', 'leader');
        await page.locator('[data-test=feel-error]', { hasText: 'Nhập thời gian chờ trước khi leo thang' }).waitFor();
        await page.fill('[data-test=prop-escalation-after]', 'PT10M');
        await page.selectOption('[data-test=prop-form]', 'flood-verify');
      }
      await page.locator(`[data-test=problem-marker][data-element-id="${id}"]`).waitFor({ state: 'detached' });
    }
    await page.locator('[data-test=problem-count]', { hasText: '0 lỗi' }).waitFor();
    expect(await page.locator('[data-test=feel-error]').count()).toBe(0);
    await screenshot(page, 'admin-sop-designer-fixed');
  });

  it('deploys version 1, shown in the history with who deployed it', async () => {
    await page.click('[data-test=deploy]');
    await page.waitForURL(new RegExp(`/admin/sops/${KEY}$`));
    await page.locator('[data-test=version-row]', { hasText: 'v1' }).waitFor();
    expect(await page.textContent('[data-test=version-row]')).toContain('admin');
    expect(await page.textContent('[data-test=running-count]')).toBe('0');
    await screenshot(page, 'admin-sop-designer-deployed');

    const version = await stack.request('GET', `/api/sops/${KEY}/versions/1`, { token: admin });
    expect(version.status).toBe(200);
    const graph = (version.body as { name: string; graph: { nodes: Record<string, { kind: string; name?: string }> } }).graph;
    expect((version.body as { name: string }).name).toBe('Kiểm tra mặt đường sau mưa');
    for (const id of taskIds) expect(graph.nodes[id]).toMatchObject({ kind: 'userTask' });
    expect(version.body).toMatchObject({ bpmnXml: expect.stringContaining('cityops:assigneeUnit="tan-phu"') });
    expect((version.body as { bpmnXml: string }).bpmnXml).toContain('cityops:sla="PT30M"');
    expect((version.body as { bpmnXml: string }).bpmnXml).toMatch(/<cityops:level role="leader"/);
  });

  it('saves a draft of further changes without deploying them', async () => {
    await page.locator(`.djs-shape[data-element-id="${taskIds[2]}"]`).click({ position: { x: 50, y: 50 } });
    await page.locator(`[data-test=properties][data-element-id="${taskIds[2]}"]`).waitFor();
    await page.fill('[data-test=prop-name]', 'Báo cáo kết quả cho lãnh đạo');
    await page.locator('[data-test=unsaved]').waitFor();
    await page.click('[data-test=save-draft]');
    await page.locator('[data-test=designer-message]', { hasText: 'Đã lưu bản nháp.' }).waitFor();
    await page.locator('[data-test=unsaved]').waitFor({ state: 'detached' });
    const sop = await stack.request('GET', `/api/sops/${KEY}`, { token: admin });
    expect(sop.body).toMatchObject({ latestVersion: 1, draft: { updatedBy: 'admin', bpmnXml: expect.stringContaining('Báo cáo kết quả cho lãnh đạo') } });
  });

  it('lists the new SOP with version 1 and opens that version read-only', async () => {
    await page.click('[data-test=nav-sops]');
    await page.locator(`[data-sop=${KEY}] [data-test=latest-version]`, { hasText: 'v1' }).waitFor();
    await screenshot(page, 'admin-sop-list-deployed');
    await page.click(`[data-sop=${KEY}] a`);
    await page.click('[data-test=open-version]');
    await page.waitForURL(new RegExp(`/admin/sops/${KEY}/versions/1$`));
    await page.locator('[data-test=read-only]').waitFor();
    await page.locator(`.djs-shape[data-element-id="${taskIds[0]}"]`).waitFor();
    expect(await page.locator('.djs-palette').count()).toBe(0);
    expect(await page.locator('[data-test=deploy]').count()).toBe(0);
    await screenshot(page, 'admin-sop-version-read-only');
  });

  it('imports a .bpmn file with our extension and exports it again', async () => {
    await page.click('[data-test=nav-sops]');
    await page.click('[data-test=new-sop]');
    await palette('create.user-task').waitFor();
    await page.setInputFiles('[data-test=import-file]', path.join(__dirname, '..', 'demo', 'flood-response.bpmn'));
    await page.locator('[data-test=designer-message]', { hasText: 'Đã nhập flood-response.bpmn' }).waitFor();
    expect(await page.inputValue('[data-test=sop-name]')).toBe('Ứng phó ngập lụt — Suối Rạt');
    await page.locator('.djs-shape[data-element-id="verify"]').click({ position: { x: 50, y: 50 } });
    await page.locator('[data-test=properties][data-element-id="verify"]').waitFor();
    expect(await page.inputValue('[data-test=prop-assignee-unit]')).toBe('tan-phu');
    expect(await page.inputValue('[data-test=prop-form]')).toBe('flood-verify');
    expect(await page.inputValue('[data-test=prop-sla]')).toBe('PT15M');
    await page.locator('[data-test=problem-count]', { hasText: '0 lỗi' }).waitFor();
    await screenshot(page, 'admin-sop-designer-imported');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export]')]);
    const exported = fs.readFileSync((await download.path())!, 'utf8');
    expect(exported).toContain('xmlns:cityops="https://cityops.dev/schema/bpmn/1.0"');
    expect(exported).toContain('cityops:assigneeUnit="tan-phu"');
    expect(exported).toContain('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= verify.confirmed = true</bpmn:conditionExpression>');

    // The imported diagram is not saved: leaving asks first, and staying keeps it.
    const asked = page.waitForEvent('dialog');
    await page.click('[data-test=nav-rules]');
    const dialog = await asked;
    expect(dialog.message()).toContain('thay đổi chưa lưu');
    await dialog.dismiss();
    await page.locator('[data-test=unsaved]').waitFor();
    expect(page.url()).toMatch(/\/admin\/sops\/new$/);
  });
});
