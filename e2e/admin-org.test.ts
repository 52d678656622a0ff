import type { Browser, Page } from 'playwright-core';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack } from '../test/support/test-stack';
import { launchBrowser, openPage, screenshot, signIn } from './support/browser';

/**
 * The org screens in Chromium against a real stack: an admin adds a team under a ward, creates an
 * operator in it, disables them (their login and their token stop working), places a new source on
 * the map by clicking, and finds each of those changes in the audit log.
 */
describe('admin UI: org units, users, sources and the audit log', () => {
  const TEAM = 'to-ung-cuu-ngap-tan-phu';
  const USER = 'operator.e2e';
  const USER_PASSWORD = 'e2e-password-1';
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let placed: { lat: number; lon: number };
  let sourceId: string;

  beforeAll(async () => {
    buildUis({ say: () => undefined });
    stack = await TestStack.start('e2e_admin_org');
    browser = await launchBrowser();
    ({ page, errors: pageErrors } = await openPage(browser, { width: 1280, height: 900 }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(() => expect(pageErrors).toEqual([]));

  it('adds a team under a ward, and shows why a ward in use cannot be deleted', async () => {
    await page.goto(`${stack.baseUrl}/admin/org`);
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-test=unit-tree] tr[data-unit=tan-phu]');

    await page.click('tr[data-unit=tan-phu] [data-test=add-child]');
    await page.fill('[data-test=unit-name]', 'Tổ ứng cứu ngập Tân Phú');
    expect(await page.inputValue('[data-test=unit-id]')).toBe(TEAM);
    await screenshot(page, 'admin-org-add-team');
    await page.click('[data-test=save-unit]');
    await page.waitForSelector(`tr[data-unit=${TEAM}]`);
    const units = await stack.request('GET', '/api/units', { token: await stack.login('admin') });
    expect(units.body.items).toContainEqual({ id: TEAM, name: 'Tổ ứng cứu ngập Tân Phú', kind: 'team', parent: 'tan-phu' });

    await page.click('tr[data-unit=tan-phu] [data-test=delete-unit]');
    await page.click('tr[data-unit=tan-phu] [data-test=confirm-delete]');
    const error = page.locator('[data-test=org-error]');
    await error.waitFor();
    expect(await error.textContent()).toContain('operator.tanphu');
    await screenshot(page, 'admin-org-tree');
  });

  it('creates an operator in the team (the password rule shows next to the field), then disables them', async () => {
    await page.click('[data-test=nav-users]');
    await page.waitForSelector('[data-test=users-table]');
    await page.click('[data-test=new-user]');
    await page.fill('[data-test=user-username]', USER);
    await page.fill('[data-test=user-display-name]', 'Cán bộ tổ ứng cứu');
    await page.selectOption('[data-test=user-unit]', TEAM);
    await page.fill('[data-test=user-email]', 'e2e@dongxoai.example');
    await page.fill('[data-test=user-password]', 'short');
    await page.click('[data-test=save-user]');
    await page.locator('[data-test=user-password-error]', { hasText: 'Cần ít nhất 12 ký tự' }).waitFor();
    await screenshot(page, 'admin-users-field-error');
    await page.fill('[data-test=user-password]', USER_PASSWORD);
    await page.click('[data-test=save-user]');
    await page.waitForSelector(`tr[data-user="${USER}"]`);
    const token = await stack.login(USER, USER_PASSWORD);
    expect((await stack.request('GET', '/api/sources', { token })).status).toBe(200);

    await page.click(`tr[data-user="${USER}"] [data-test=disable-user]`);
    await page.locator(`tr[data-user="${USER}"] [data-test=user-status]`, { hasText: 'Đã khóa' }).waitFor();
    expect((await stack.request('POST', '/api/auth/login', { body: { username: USER, password: USER_PASSWORD } })).status).toBe(401);
    expect((await stack.request('GET', '/api/sources', { token })).status).toBe(401);

    await page.click('tr[data-user="operator.tienthanh"] [data-test=reset-password]');
    const generated = await page.locator('[data-test=generated-password]').textContent();
    expect(generated).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await stack.login('operator.tienthanh', generated!)).toEqual(expect.any(String));
    await screenshot(page, 'admin-users');
  });

  it('places a new source on the map of Đồng Xoài by clicking', async () => {
    await page.click('[data-test=nav-sources]');
    await page.waitForSelector('[data-test=sources-table]');
    await screenshot(page, 'admin-sources-list');
    await page.click('[data-test=new-source]');
    await page.selectOption('[data-test=source-type]', 'flood-sensor');
    await page.fill('[data-test=source-name]', 'Trạm đo ngập thử nghiệm');
    sourceId = await page.inputValue('[data-test=source-id]');
    expect(sourceId).toBe('flood-sensor/tram-do-ngap-thu-nghiem');
    await page.selectOption('[data-test=source-unit]', TEAM);
    const map = page.locator('[data-test=location-map].leaflet-container');
    await map.waitFor();
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2 + 120, y: box.height / 2 - 80 } });
    const picked = await page.locator('[data-test=map-picked]', { hasText: /\d/ }).textContent();
    const [lat, lon] = picked!.split(',').map(Number) as [number, number];
    expect(await page.inputValue('[data-test=source-lat]')).toBe(String(lat));
    expect(await page.inputValue('[data-test=source-lon]')).toBe(String(lon));
    // Up and to the right of the centre (11.535 N, 106.883 E) at zoom 14, rounded to five decimals.
    expect(lat).toBeGreaterThan(11.535);
    expect(lat).toBeLessThan(11.56);
    expect(lon).toBeGreaterThan(106.883);
    expect(lon).toBeLessThan(106.92);
    expect(String(lat).split('.')[1]!.length).toBeLessThanOrEqual(5);
    placed = { lat, lon };
    await screenshot(page, 'admin-source-map');
    await page.click('[data-test=save-source]');
    await page.waitForURL(/\/admin\/sources\/edit\/flood-sensor%2Ftram-do-ngap-thu-nghiem\?saved=1$/);
    await page.waitForSelector('[data-test=source-message]');
    const stored = await stack.request('GET', `/api/sources/${encodeURIComponent(sourceId)}`, { token: await stack.login('admin') });
    expect(stored.body).toMatchObject({ unit: TEAM, location: placed, metrics: [{ key: 'water_level_m' }, { key: 'rainfall_mm' }] });
  });

  it('finds those changes in the audit log, filtered', async () => {
    await page.click('[data-test=nav-audit]');
    await page.waitForSelector('[data-test=audit-table]');
    await page.fill('[data-test=audit-entity-id]', USER);
    await page.click('[data-test=audit-search]');
    await page.locator('[data-test=audit-row]', { hasText: 'user.disabled' }).waitFor();
    // Newest first; the user's own sign-ins are there too, under their own name.
    const byAdmin = page.locator('[data-test=audit-row]', { has: page.locator('[data-test=audit-row-actor]', { hasText: /^admin$/ }) });
    expect(await byAdmin.locator('[data-test=audit-row-action]').allTextContents()).toEqual(['user.disabled', 'user.created']);
    await screenshot(page, 'admin-audit-user');

    await page.fill('[data-test=audit-entity-id]', '');
    await page.fill('[data-test=audit-actor]', 'admin');
    await page.selectOption('[data-test=audit-entity]', 'unit');
    await page.click('[data-test=audit-search]');
    await page.locator('[data-test=audit-row]', { hasText: TEAM }).waitFor();

    await page.fill('[data-test=audit-entity-id]', sourceId);
    await page.selectOption('[data-test=audit-entity]', 'source');
    await page.click('[data-test=audit-search]');
    const created = page.locator('[data-test=audit-row]', { hasText: 'source.created' });
    await created.waitFor();
    await created.locator('summary').click();
    expect(await created.textContent()).toContain(String(placed.lat));
    await screenshot(page, 'admin-audit-source');
  });

  it('edits the KPI catalogue thresholds with colours', async () => {
    await page.click('[data-test=nav-kpis]');
    await page.waitForSelector('[data-test=kpis-table]');
    await screenshot(page, 'admin-kpis-list');
    await page.click('[data-test=kpis-table] tbody tr >> nth=0 >> a');
    await page.waitForSelector('[data-test=threshold-row]');
    await page.fill('[data-test=threshold-to] >> nth=0', '-5');
    await page.fill('[data-test=threshold-from] >> nth=0', '10');
    await page.click('[data-test=save-kpi]');
    await page.locator('[data-test=threshold-to-error]', { hasText: 'from must be below to' }).waitFor();
    await screenshot(page, 'admin-kpi-edit');
  });

  it('lets an auditor sign in to the audit log, and nothing else', async () => {
    const created = await stack.request('POST', '/api/users', {
      token: await stack.login('admin'),
      body: { username: 'auditor.e2e', displayName: 'Thanh tra viên', roles: ['auditor'], unit: 'dong-xoai', password: 'auditor-password-1' },
    });
    expect(created.status).toBe(201);
    await page.click('[data-test=logout]');
    await signIn(page, 'auditor.e2e', 'auditor-password-1');
    await page.waitForURL(/\/admin\/audit$/);
    await page.waitForSelector('[data-test=audit-table]');
    expect(await page.locator('header nav a').allTextContents()).toEqual(['Nhật ký thay đổi', 'Chờ duyệt']); // auditors read the change requests too
    await page.goto(`${stack.baseUrl}/admin/users`);
    await page.waitForURL(/\/admin\/audit$/);
    await page.click('[data-test=switch-language]');
    await page.locator('h1', { hasText: 'Audit log' }).waitFor();
    await screenshot(page, 'admin-audit-auditor-en');
  });
});
