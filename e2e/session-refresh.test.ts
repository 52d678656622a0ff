import type { Browser, Page } from 'playwright-core';
import { buildUis } from '../scripts/build-ui';
import { DEMO_PASSWORD, TestStack, eventually } from '../test/support/test-stack';
import { launchBrowser, openPage, signIn } from './support/browser';

/**
 * Token refresh in Debian's Chromium, on a stack whose access tokens live 8 seconds (the app refreshes
 * at half their life, which leaves seconds to spare on a busy machine): the app trades its refresh
 * token for a new pair by itself before the token runs out, an action after the first token has
 * expired (the API refuses it directly) still works without a sign-in, and after sign-out the last
 * refresh token is refused.
 */
describe('operator UI: the access token is refreshed by the app itself', () => {
  const TTL = 8;
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    buildUis({ say: () => undefined });
    stack = await TestStack.start('e2e_refresh', { tokenTtlSeconds: TTL });
    browser = await launchBrowser();
    ({ page, errors: pageErrors } = await openPage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(() => expect(pageErrors).toEqual([]));

  /** The session the app keeps for this tab. */
  const stored = async () => JSON.parse((await page.evaluate('sessionStorage.getItem("cityops.session")')) as string) as { token: string; refreshToken: string };
  const bearer = (headers: Record<string, string>) => headers['authorization']?.replace(/^Bearer /, '');

  it('refreshes before the token expires, so an action after its expiry needs no sign-in', async () => {
    // Refreshed ahead of time, no request is ever refused (a 401 would mean the app only caught up afterwards).
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 401) refused.push(`${r.request().method()} ${r.url()}`);
    });
    await page.goto(`${stack.baseUrl}/`);
    const login = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await signIn(page, 'operator.ioc', DEMO_PASSWORD);
    const first = (await (await login).json()) as { token: string; refreshToken: string; expiresIn: number };
    expect(first.expiresIn).toBe(TTL);
    await page.waitForURL(/\/inbox/);

    // Nobody touches the page: the app's own timer trades the refresh token.
    const refreshed = await page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh'), { timeout: 20_000 });
    expect(refreshed.status()).toBe(200);
    expect(refreshed.request().postDataJSON()).toEqual({ refreshToken: first.refreshToken });

    // The first access token runs out: the API itself refuses it.
    await eventually(
      'the first token to expire',
      async () => ((await stack.request('GET', '/api/notifications', { token: first.token })).status === 401 ? true : undefined),
      20_000,
    );

    const incidents = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/incidents' && r.request().method() === 'GET');
    await page.click('[data-test=nav-incidents]');
    const answer = await incidents;
    expect(answer.status()).toBe(200);
    expect(bearer(answer.request().headers())).not.toBe(first.token);
    await page.locator('[data-test=incident-list], [data-test=incidents-empty]').first().waitFor();
    expect(page.url()).toMatch(/\/incidents$/);
    expect((await stored()).token).not.toBe(first.token);
    expect(refused).toEqual([]);
  });

  it('after sign-out the last refresh token no longer works', async () => {
    const logout = page.waitForRequest((r) => r.url().endsWith('/api/auth/logout'));
    const done = page.waitForResponse((r) => r.url().endsWith('/api/auth/logout'));
    await page.click('[data-test=logout]');
    const { refreshToken } = (await logout).postDataJSON() as { refreshToken: string };
    expect((await done).status()).toBe(204);
    await page.waitForURL(/\/login/);
    expect(await page.evaluate('sessionStorage.getItem("cityops.session")')).toBeNull();
    const res = await stack.request('POST', '/api/auth/refresh', { body: { refreshToken } });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/session ended \(logout\)/);
  });
});
