import type { Browser, Page } from 'playwright-core';
import { Audit } from '../model';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot, signIn } from './support/browser';

/**
 * The form designer in Debian's Chromium against a real stack: an admin signs in, builds a form by
 * dragging components from the Form.io builder's side bar, saves version 1, previews it with test
 * data and sees the server refuse a missing required field; then sees which SOP steps use a demo form.
 */
describe('admin UI: form designer in the browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let admin: string;

  beforeAll(async () => {
    buildUis({ say: () => undefined }); // no-op when the build is current (npm test builds first)
    stack = await TestStack.start('e2e_forms');
    admin = await stack.login('admin');
    browser = await launchBrowser();
    ({ page, errors: pageErrors } = await openPage(browser, { width: 1400, height: 1000 }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(() => expect(pageErrors).toEqual([]));

  /** Drags a component from the builder's side bar onto the form and fills its settings dialog. */
  async function addComponent(type: string, label: string, key: string, required: boolean): Promise<void> {
    const source = page.locator(`[data-test=form-builder] .formcomponent[data-type=${type}]`).first();
    const target = page.locator('[data-test=form-builder] .drag-container.formio-builder-form');
    await source.dragTo(target);
    const dialog = page.locator('.formio-dialog .component-edit-container');
    await dialog.waitFor();
    await dialog.locator('input[name="data[label]"]').fill(label);
    // Form.io derives a key from the label, but not reliably on every change of it: set the key the API will store.
    await dialog.locator('.nav-link', { hasText: 'API' }).click();
    // The derived key can land after our fill (seen under load as the key written twice): fill until it stays put.
    const keyInput = dialog.locator('input[name="data[key]"]');
    for (let settled = 0; settled < 2;) {
      if ((await keyInput.inputValue()) === key) settled++;
      else {
        settled = 0;
        await keyInput.fill(key);
      }
      await page.waitForTimeout(150);
    }
    if (required) {
      await dialog.locator('.nav-link', { hasText: 'Validation' }).click();
      await dialog.locator('input[name="data[validate.required]"]').check();
    }
    await dialog.locator('[ref=saveButton]').click();
    await dialog.waitFor({ state: 'detached' });
  }

  it('signs in and lists the forms', async () => {
    await page.goto(`${stack.baseUrl}/admin/forms`);
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-test=forms-table]');
    expect(page.url()).toMatch(/\/admin\/forms$/);
    expect(await page.textContent('[data-test=forms-table]')).toContain('flood-verify');
    await screenshot(page, 'admin-forms-list');
  });

  it('builds a form by drag and drop and saves version 1', async () => {
    await page.click('[data-test=new-form]');
    await page.waitForSelector('[data-test=form-builder] .formcomponent[data-type=textfield]');
    await page.fill('[data-test=form-title]', 'Kiểm tra cống thoát nước');
    expect(await page.inputValue('[data-test=form-key]')).toBe('kiem-tra-cong-thoat-nuoc');
    await addComponent('textfield', 'Vị trí cống', 'viTriCong', true);
    await addComponent('number', 'Độ sâu nước (cm)', 'doSauNuocCm', false);
    await page.locator('[data-test=form-builder] .formio-builder-form', { hasText: 'Độ sâu nước (cm)' }).waitFor();
    await screenshot(page, 'admin-form-designer-built');

    await page.click('[data-test=save-version]');
    await page.waitForURL(/\/admin\/forms\/kiem-tra-cong-thoat-nuoc$/);
    await page.locator('[data-test=designer-message]', { hasText: 'Đã lưu phiên bản 1' }).waitFor();
    await page.locator('[data-test=versions]', { hasText: 'Phiên bản 1' }).waitFor();
    await screenshot(page, 'admin-form-designer-saved');
    const stored = await stack.request('GET', '/api/forms/kiem-tra-cong-thoat-nuoc', { token: admin });
    expect(stored.body).toMatchObject({ version: 1, title: 'Kiểm tra cống thoát nước' });
    const inputs = (stored.body.components as { type: string; key: string; label: string; validate?: { required?: boolean } }[]).filter((c) => c.type !== 'button');
    expect(inputs).toHaveLength(2);
    expect(inputs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'textfield', key: 'viTriCong', label: 'Vị trí cống', validate: expect.objectContaining({ required: true }) }),
        expect.objectContaining({ type: 'number', key: 'doSauNuocCm', label: 'Độ sâu nước (cm)' }),
      ]),
    );
    expect(await Audit.countDocuments({ entity: 'form', entityId: 'kiem-tra-cong-thoat-nuoc', action: 'form.version.created' })).toBe(1);
  });

  it('previews with test data and shows the server’s error for a missing required field', async () => {
    await page.click('[data-test=tab-preview]');
    const preview = page.locator('[data-test=form-preview]');
    await preview.locator('input[name="data[doSauNuocCm]"]').fill('35');
    await page.locator('[data-test=preview-data]', { hasText: '35' }).waitFor({ state: 'attached' });
    await page.click('[data-test=validate-on-server]');
    await page.locator('[data-test=server-errors] [data-field=viTriCong]', { hasText: 'Vị trí cống is required' }).waitFor();
    await screenshot(page, 'admin-form-preview-server-error');

    await preview.locator('input[name="data[viTriCong]"]').fill('Cống đường Phú Riềng Đỏ');
    await page.locator('[data-test=preview-data]', { hasText: 'Phú Riềng Đỏ' }).waitFor({ state: 'attached' });
    await page.click('[data-test=validate-on-server]');
    await page.locator('[data-test=server-valid]', { hasText: 'phiên bản 1' }).waitFor();
    await screenshot(page, 'admin-form-preview-server-valid');
  });

  it('shows the server’s complaints next to the title and the component at fault', async () => {
    await page.click('[data-test=tab-json]');
    const twice = [
      { type: 'textfield', key: 'viTriCong', label: 'Vị trí cống', input: true },
      { type: 'textarea', key: 'viTriCong', label: 'Mô tả vị trí', input: true },
    ];
    await page.fill('[data-test=form-json]', JSON.stringify(twice));
    await page.click('[data-test=apply-json]');
    await page.locator('[data-test=form-builder] .formio-builder-form', { hasText: 'Mô tả vị trí' }).waitFor();
    await page.fill('[data-test=form-title]', '');
    await page.click('[data-test=save-version]');
    await page.locator('[data-test=error-title]').waitFor();
    await page.locator('[data-test=component-errors]', { hasText: 'Thành phần “Mô tả vị trí” (components.1.key): duplicate key "viTriCong"' }).waitFor();
    await screenshot(page, 'admin-form-designer-errors');
    expect((await stack.request('GET', '/api/forms/kiem-tra-cong-thoat-nuoc/versions', { token: admin })).body.items).toHaveLength(1);
  });

  it('shows which SOP steps use a demo form', async () => {
    await page.click('[data-test=nav-forms]');
    await page.click('[data-test=forms-table] a:text-is("flood-verify")');
    await page.locator('[data-test=usage] [data-element=verify]', { hasText: 'Xác minh qua camera' }).waitFor();
    await screenshot(page, 'admin-form-usage');
  });
});
