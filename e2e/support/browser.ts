import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.CITYOPS_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots of each screen, kept as test artifacts. */
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`browser tests need Chromium at ${CHROMIUM} (Debian package "chromium"; .ci/run installs it)`);
  // Headless, no sandbox (CI runs as root), and no traffic beyond loopback: no component updates, no safe-browsing, no metrics.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--metrics-recording-only'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Uncaught errors, console errors and server errors (5xx) in the page, for the test to assert empty,
 * instead of letting a broken screen pass silently. 4xx answers are the app's business (a wrong
 * password is a 401 the login page shows); Chromium's own "Failed to load resource" lines repeat them.
 */
/**
 * Form.io's builder fetches its code editor (ace) from cdn.form.io; the content-security policy
 * blocks third-party scripts on purpose and the builder falls back to a plain text area, as it does
 * offline. That one refusal is expected; any other policy violation is an error.
 */
const blockedFormioCdn = (text: string) => /^Loading the script 'https:\/\/cdn\.form\.io\/[^']*' violates the following Content Security Policy/.test(text);

export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && !blockedFormioCdn(msg.text())) errors.push(msg.text());
  });
  page.on('response', (res) => {
    if (res.status() >= 500) errors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return errors;
}

/** A page in Vietnamese with its errors collected (assert `errors` empty after each test). */
export async function openPage(browser: Browser, viewport = { width: 1400, height: 1000 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport, locale: 'vi-VN' });
  return { page, errors: collectPageErrors(page) };
}

/** Fills either app's sign-in form the page was sent to, and submits it. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.waitForURL(/\/login(\?|$)/);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}
