// Shared set-up for the end-to-end suite: the local server, Debian's Chromium through playwright-core at a
// phone viewport, console-error capture, axe-core checks and screenshots under target/e2e/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { listen } from '../../tools/serve.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const shots = path.join(repo, 'target', 'e2e');
export const PHONE = { width: 390, height: 844 };

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/** Starts the server and the browser; returns helpers and a close() to call in `after`. `options` go to the
 *  server (tools/serve.mjs), e.g. `{ deployment }`: the deployment file to serve instead of www/'s. */
export async function start(options = {}) {
  fs.mkdirSync(shots, { recursive: true });
  const { server, url } = await listen(0, '127.0.0.1', options);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  return {
    url,
    browser,
    /** A fresh phone-sized page that records console errors and failed requests. Once the app has mounted, the
     *  service worker (www/sw.js) answers the page's requests, and page.route() no longer sees them: a test that
     *  routes requests after the first screen should pass { serviceWorkers: 'block' }. */
    async phonePage(options = {}) {
      const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
        locale: 'zh-CN', ...options });
      const page = await context.newPage();
      page.problems = [];
      page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`); });
      page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
      page.on('requestfailed', (req) => {
        // The browser's own favicon fetch is cancelled when a test moves on to the next page before it lands:
        // not a problem of the app.
        if (new URL(req.url()).pathname === '/icon.svg' && req.failure()?.errorText === 'net::ERR_ABORTED') return;
        page.problems.push(`request failed: ${req.url()}`);
      });
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Waits until the wasm app has mounted (boot.js sets `sq-ready` on <html>). */
export async function waitForApp(page) {
  await page.waitForSelector('html.sq-ready', { timeout: 30_000 });
}

/** Runs axe-core with the WCAG 2.1 A/AA rules and returns the violations (empty is good). */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export async function screenshot(page, name) {
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
