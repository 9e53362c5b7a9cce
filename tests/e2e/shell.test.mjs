// The app shell at phone size under the strict CSP: it loads without console errors, renders the home screen,
// shows a loading state first, reports a module failure readably, and downloads only the budgeted first-load set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';
import { FIRST_LOAD, CSP } from './budget.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('home renders under the strict CSP with no console errors', async () => {
  const page = await env.phonePage();
  const response = await page.goto(env.url);
  // The page's CSP, and who may frame it: the site alone, as www/sqsb.config.json lists no host.
  assert.equal(response.headers()['content-security-policy'], `${CSP}; frame-ancestors 'self'`);
  await waitForApp(page);
  await page.waitForSelector('.sq-lifecycle h2');
  const headings = await page.locator('.sq-lifecycle h2').allTextContents();
  assert.deepEqual(headings, ['我是企业企业全生命周期（107 项）', '我是个人个人全生命周期（113 项）']);
  assert.equal(await page.locator('.sq-stage-card').count(), 17);
  assert.equal(await page.title(), '威海“双全双百”政务服务');
  await screenshot(page, 'shell-home');
  assert.deepEqual(page.problems, []);
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

test('the wasm is served as application/wasm and nothing is cached by surprise', async () => {
  const page = await env.phonePage();
  const seen = new Map();
  page.on('response', (r) => seen.set(new URL(r.url()).pathname, r.headers()));
  await page.goto(env.url);
  await waitForApp(page);
  const wasm = seen.get('/pkg/weihai_sqsb_bg.wasm');
  assert.ok(wasm, 'the wasm module was requested');
  assert.equal(wasm['content-type'], 'application/wasm');
  assert.equal(wasm['cache-control'], 'no-cache');
  await page.context().close();
});

test('a first visit downloads only the files the size budget counts', async () => {
  const page = await env.phonePage();
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(env.url);
  await waitForApp(page);
  await page.waitForLoadState('networkidle');
  // The deployment file (README "Embedding") is the deployer's, a few hundred bytes, not part of the bundle.
  const budgeted = new Set([...FIRST_LOAD.map(([url]) => url), '/sqsb.config.json']);
  const extra = requested.filter((p) => !budgeted.has(p));
  assert.deepEqual(extra, [], 'tools/size.mjs must count every first-load file');
  await page.context().close();
});

test('a first visit loads the first-screen search, then the app, one after the other', async () => {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  await page.goto(env.url);
  await waitForApp(page);
  // The browser's own timings (resource timing), not the test's: when each download started and ended.
  const timing = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('resource')
    .map((e) => [new URL(e.name).pathname, { start: e.startTime, end: e.responseEnd }])));
  const search = timing['/pkg/first/sqsb_first_bg.wasm'];
  const app = timing['/pkg/weihai_sqsb_bg.wasm'];
  assert.ok(search && app, Object.keys(timing).join(', '));
  assert.ok(search.end <= app.start, `search ${JSON.stringify(search)} before the app ${JSON.stringify(app)}`);
  assert.ok(await page.evaluate(() => performance.getEntriesByName('sqsb:search-ready').length === 1));
  await page.context().close();
});

test('without the first-screen search (it fails to load) the app still starts and searches', async () => {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  await page.route('**/pkg/first/sqsb_first_bg.wasm', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  await page.goto(`${env.url}#/search?q=${encodeURIComponent('出生')}`);
  await waitForApp(page);
  await page.locator('.sq-app[data-build="lean"] .sq-results').getByRole('link', { name: '户口登记（出生登记）' }).waitFor();
  // Only the browser's own report of the refused download.
  assert.deepEqual(page.problems.filter((p) => !/status of 503/.test(p)), []);
  await page.context().close();
});

test('a page opened away from the home shows a loading state before the app mounts', async () => {
  const page = await env.phonePage();
  // Hold the wasm back so the loading state stays visible long enough to look at. (At the home, a stage or a
  // scenario the page shows the prerendered screen instead: prerender.test.mjs.)
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/weihai_sqsb_bg.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`${env.url}#/basket`);
  const status = page.getByRole('status');
  await status.waitFor();
  assert.match(await status.textContent(), /正在加载/);
  await screenshot(page, 'shell-loading');
  release();
  await waitForApp(page);
  assert.equal(await page.locator('.sq-boot').count(), 0);
  await page.context().close();
});

test('a module that fails to load gives a readable message, not a blank page', async () => {
  const page = await env.phonePage();
  await page.route('**/weihai_sqsb_bg.wasm', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  await page.goto(env.url);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /页面加载失败.*刷新页面重试/s);
  await screenshot(page, 'shell-load-failed');
  // The message stays: a later change of route (the back button, say) does not turn it into a loading state.
  await page.evaluate(() => { window.location.hash = '#/stage/personal/1'; });
  await page.waitForTimeout(200);
  assert.equal(await page.getByRole('alert').count(), 1);
  assert.equal(await page.locator('.sq-boot').count(), 0);
  await page.context().close();
});

test('without JavaScript the page shows the home with a notice above it', async () => {
  const page = await env.phonePage({ javaScriptEnabled: false });
  await page.goto(env.url);
  // (Playwright's text locators skip <noscript>, so by class.)
  const notice = page.locator('noscript .sq-boot-error');
  await notice.waitFor();
  assert.match(await notice.textContent(), /本服务需要启用 JavaScript/);
  const card = page.locator('.sq-stage-card').first();
  assert.ok(await card.isVisible(), 'the prerendered home');
  assert.ok((await notice.boundingBox()).y < (await card.boundingBox()).y, 'the notice comes first');
  await screenshot(page, 'shell-no-javascript');
  await page.context().close();
});

test('without WebAssembly the page says so', async () => {
  const page = await env.phonePage();
  await page.addInitScript(() => { delete globalThis.WebAssembly; });
  await page.goto(env.url);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /不支持 WebAssembly/);
  await page.context().close();
});
