import type { Browser, Page } from 'playwright-core';
import { Incident, Task } from '../model';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack, eventually } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot, signIn } from './support/browser';

/**
 * Issue 5's whole path in Debian's Chromium, nothing uploaded as XML: an admin builds a form,
 * draws a three-step SOP with the palette and links the form to its first step, deploys it,
 * creates a threshold that starts it — and a reading posted afterwards opens an incident running
 * that SOP, whose first task carries the form.
 */
describe('admin UI: form → SOP → threshold → incident', () => {
  const STATION = 'flood-sensor/suoi-rat-bridge-11';
  const FORM = 'bao-cao-ngap-cuc-bo';
  const SOP = 'e2e-local-flood';
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let admin: string;
  const taskIds: string[] = [];

  beforeAll(async () => {
    buildUis({ say: () => undefined });
    stack = await TestStack.start('e2e_full_flow');
    await stack.startWorker();
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

  it('builds a form in the Form.io builder', async () => {
    await page.goto(`${stack.baseUrl}/admin/forms`);
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-test=forms-table]');
    await page.click('[data-test=new-form]');
    await page.waitForSelector('[data-test=form-builder] .formcomponent[data-type=textfield]');
    await page.fill('[data-test=form-title]', 'Báo cáo ngập cục bộ');
    expect(await page.inputValue('[data-test=form-key]')).toBe(FORM);
    await page.locator('[data-test=form-builder] .formcomponent[data-type=textfield]').first().dragTo(page.locator('[data-test=form-builder] .drag-container.formio-builder-form'));
    const dialog = page.locator('.formio-dialog .component-edit-container');
    await dialog.waitFor();
    await dialog.locator('input[name="data[label]"]').fill('Vị trí ngập');
    await dialog.locator('.nav-link', { hasText: 'API' }).click();
    await dialog.locator('input[name="data[key]"]').fill('viTriNgap');
    await dialog.locator('.nav-link', { hasText: 'Validation' }).click();
    await dialog.locator('input[name="data[validate.required]"]').check();
    await dialog.locator('[ref=saveButton]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.click('[data-test=save-version]');
    await page.locator('[data-test=designer-message]', { hasText: 'Đã lưu phiên bản 1' }).waitFor();
    await screenshot(page, 'full-flow-1-form');
  });

  it('draws a three-step SOP with the palette, links the form to its first step and deploys it', async () => {
    await page.click('[data-test=nav-sops]');
    await page.click('[data-test=new-sop]');
    await palette('create.user-task').waitFor();
    await page.fill('[data-test=sop-key]', SOP);
    await page.fill('[data-test=sop-name]', 'Ngập cục bộ — thử nghiệm');
    const canvas = (await page.locator('[data-test=bpmn-canvas]').boundingBox())!;
    await palette('create.start-event').click();
    await page.mouse.move(canvas.x + 260, canvas.y + 200, { steps: 5 });
    await page.mouse.click(canvas.x + 260, canvas.y + 200);
    for (let i = 0; i < 3; i++) {
      await contextPad('append.user-task').click();
      // The panel follows the new task once bpmn-js selects it; under load it may still show the
      // previous one for a moment, so wait for an id not seen yet (a stale id named the wrong step).
      const seen = taskIds.map((id) => `:not([data-element-id="${id}"])`).join('');
      const panel = page.locator(`[data-test=properties][data-element-id]${seen}`);
      await panel.locator('[data-test=group-assignment]').waitFor();
      taskIds.push((await panel.getAttribute('data-element-id'))!);
    }
    await contextPad('append.end-event').click();

    const names = ['Xác minh tại chỗ', 'Xử lý', 'Báo cáo'];
    for (const [i, id] of taskIds.entries()) {
      const box = (await page.locator('[data-test=bpmn-canvas]').boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height - 40);
      await page.locator('[data-test=properties-empty]').waitFor();
      await page.locator(`.djs-shape[data-element-id="${id}"]`).click({ position: { x: 50, y: 50 } });
      await page.locator(`[data-test=properties][data-element-id="${id}"]`).waitFor();
      await page.fill('[data-test=prop-name]', names[i]!);
      await page.selectOption('[data-test=prop-assignee-unit]', 'tan-phu');
      await page.selectOption('[data-test=prop-assignee-role]', 'operator');
      if (i === 0) await page.selectOption('[data-test=prop-form]', FORM);
      await page.locator(`[data-test=problem-marker][data-element-id="${id}"]`).waitFor({ state: 'detached' });
    }
    await page.locator('[data-test=problem-count]', { hasText: '0 lỗi' }).waitFor();
    await screenshot(page, 'full-flow-2-sop');
    await page.click('[data-test=deploy]');
    await page.waitForURL(new RegExp(`/admin/sops/${SOP}$`));
    await page.locator('[data-test=version-row]', { hasText: 'v1' }).waitFor();
  });

  it('creates a threshold that starts the new SOP', async () => {
    await page.click('[data-test=nav-rules]');
    await page.click('[data-test=new-rule]');
    await page.waitForSelector('[data-test=rule-form]');
    await page.fill('[data-test=rule-key]', 'e2e-local-flood');
    await page.fill('[data-test=rule-name]', 'Ngập cục bộ tại cầu 11');
    await page.selectOption('[data-test=rule-source]', STATION);
    await page.selectOption('[data-test=rule-metric]', 'water_level_m');
    await page.fill('[data-test=level-value] >> nth=0', '4');
    await page.fill('[data-test=rule-correlation]', 'local:{{source}}');
    await page.selectOption('[data-test=rule-sop]', SOP);
    await page.click('[data-test=save-rule]');
    await page.waitForURL(/\/admin\/rules\/e2e-local-flood$/);
    await page.locator('[data-test=editor-message]', { hasText: 'Đã lưu phiên bản 1' }).waitFor();
    await screenshot(page, 'full-flow-3-threshold');
  });

  it('a reading over the threshold opens an incident running that SOP, its first task carrying the form', async () => {
    const res = await stack.request('POST', '/api/events', {
      token: admin,
      body: [{ id: 'full-flow-1', source: STATION, metric: 'water_level_m', value: 4.2, observedAt: new Date().toISOString() }],
    });
    expect(res.status).toBe(202);
    const incident = await eventually('incident', async () => (await Incident.findOne({ correlationKey: `local:${STATION}` }).lean()) ?? undefined, 60_000);
    expect(incident.sopKey).toBe(SOP);
    const task = await eventually('first task', async () => (await Task.findOne({ incidentId: incident._id, status: 'open' }).lean()) ?? undefined, 60_000);
    expect(task).toMatchObject({ stepId: taskIds[0], name: 'Xác minh tại chỗ', unit: 'tan-phu', formKey: FORM, formVersion: 1 });
  });
});
