import type { Browser, Page } from 'playwright-core';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot, signIn } from './support/browser';

/**
 * Accounts in Debian's Chromium against a real stack: an operator mistypes the password five times
 * and is locked out; the admin sees the lockout on the users page and clears it; the operator signs
 * in, changes the password from the account menu (a too-short one is refused under its field), signs
 * out and signs in with the new one.
 */
describe('accounts in the browser: lockout cleared by an admin, own password change', () => {
  const NEW_PASSWORD = 'mưa lớn ở cầu suối rạt';
  let stack: TestStack;
  let browser: Browser;
  let admin: Page;
  let operator: Page;
  const errors: string[][] = [];

  beforeAll(async () => {
    buildUis({ say: () => undefined });
    stack = await TestStack.start('e2e_accounts');
    browser = await launchBrowser();
    let opened = await openPage(browser);
    admin = opened.page;
    errors.push(opened.errors);
    opened = await openPage(browser); // a context of its own: another person's browser
    operator = opened.page;
    errors.push(opened.errors);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(() => {
    for (const e of errors) expect(e).toEqual([]);
  });

  /** Submits the sign-in form as it is filled and waits for the API's answer. */
  async function submitSignIn(page: Page, password: string): Promise<number> {
    await page.fill('input[name=password]', password);
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/login')), page.click('button[type=submit]')]);
    return res.status();
  }

  it('locks the operator out after five wrong passwords; the admin sees it and clears it', async () => {
    await admin.goto(`${stack.baseUrl}/admin/users`);
    await signIn(admin, 'admin', DEMO_PASSWORD);
    await admin.waitForSelector('[data-test=users-table]');
    await admin.waitForSelector('[data-test=no-lockouts]');

    await operator.goto(`${stack.baseUrl}/`);
    await signIn(operator, 'operator.tanphu', 'wrong password 1');
    await operator.locator('[data-test=login-error]', { hasText: 'Sai tên đăng nhập hoặc mật khẩu.' }).waitFor();
    for (let i = 2; i <= 5; i++) expect(await submitSignIn(operator, `wrong password ${i}`)).toBe(401);
    // Now even the right password is refused until the lockout ends or an admin clears it.
    expect(await submitSignIn(operator, DEMO_PASSWORD)).toBe(429);
    await operator.locator('[data-test=login-error]', { hasText: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút' }).waitFor();

    await admin.click('[data-test=reload-lockouts]');
    const row = admin.locator('tr[data-lockout="user:operator.tanphu"]');
    await row.waitFor();
    expect(await row.locator('[data-test=lockout-who]').textContent()).toContain('Cán bộ vận hành — Phường Tân Phú');
    expect(await row.locator('[data-test=lockout-failures]').textContent()).toBe('5');
    expect(await row.locator('[data-test=lockout-until]').textContent()).toMatch(/\d{1,2}:\d{2}/);
    await screenshot(admin, 'admin-users-lockout');
    await row.locator('[data-test=clear-lockout]').click();
    await row.locator('[data-test=confirm-clear-lockout]').click();
    await admin.locator('[data-test=lockouts-message]', { hasText: 'Đã gỡ khóa đăng nhập cho Cán bộ vận hành — Phường Tân Phú.' }).waitFor();
    await admin.waitForSelector('[data-test=no-lockouts]');

    expect(await submitSignIn(operator, DEMO_PASSWORD)).toBe(200);
    await operator.waitForURL(/\/inbox/);
  });

  it('changes the password from the account menu: too short is said under the field, then the new one signs in', async () => {
    await operator.click('[data-test=user-menu] summary');
    await operator.click('[data-test=change-password]');
    await operator.waitForURL(/\/account\/password$/);
    await operator.fill('[data-test=current-password]', DEMO_PASSWORD);
    await operator.fill('[data-test=new-password]', 'ngắn quá');
    await operator.fill('[data-test=repeat-password]', 'ngắn quá');
    await operator.click('[data-test=submit-password]');
    await operator.locator('[data-test=new-password-error]', { hasText: 'Cần ít nhất 12 ký tự' }).waitFor();
    await operator.click('[data-test=switch-language]');
    await operator.locator('[data-test=new-password-error]', { hasText: 'Needs at least 12 characters' }).waitFor();
    await operator.click('[data-test=switch-language]');
    await screenshot(operator, 'operator-password-too-short');

    await operator.fill('[data-test=new-password]', NEW_PASSWORD);
    await operator.fill('[data-test=repeat-password]', NEW_PASSWORD);
    await operator.click('[data-test=submit-password]');
    await operator.waitForSelector('[data-test=password-changed]');
    expect(await operator.locator('[data-test=new-password-error]').count()).toBe(0);

    await operator.click('[data-test=logout]');
    await operator.waitForURL(/\/login/);
    await operator.fill('input[name=username]', 'operator.tanphu');
    expect(await submitSignIn(operator, DEMO_PASSWORD)).toBe(401);
    expect(await submitSignIn(operator, NEW_PASSWORD)).toBe(200);
    await operator.waitForURL(/\/inbox/);
    expect((await stack.request('POST', '/api/auth/login', { body: { username: 'operator.tanphu', password: DEMO_PASSWORD } })).status).toBe(401);
  });

  it('offers the same password page in the admin app', async () => {
    await admin.click('[data-test=user-menu] summary');
    await admin.click('[data-test=change-password]');
    await admin.waitForURL(/\/admin\/account\/password$/);
    await admin.waitForSelector('[data-test=password-form]');
    await screenshot(admin, 'admin-password');
  });
});
