// The lean first-visit build and the full build (src/upgrade.rs): a first visit loads only the lean one; opening a
// guide or an application switches to the full one in place, keeping the screen, 长辈版, the language and the basket;
// a page opened at a guide or in English loads the full build only; choosing English switches; a switch that fails
// says so and can be retried.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const LEAN_WASM = '/pkg/weihai_sqsb_bg.wasm';
const FULL_WASM = '/pkg/full/weihai_sqsb_bg.wasm';

function recordRequests(page) {
  const paths = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  return paths;
}

const build = (page) => page.locator('.sq-app').getAttribute('data-build');

test('a first visit runs the lean build; a guide switches to the full one and keeps what the user set', async () => {
  const page = await env.phonePage();
  const requested = recordRequests(page);
  await page.goto(env.url);
  await waitForApp(page);
  await page.waitForLoadState('networkidle');
  assert.equal(await build(page), 'lean');
  assert.ok(requested.includes(LEAN_WASM));
  assert.ok(!requested.some((p) => p.startsWith('/pkg/full/')), requested.join(' '));

  // 长辈版 on, one item in the basket, then through a scenario to a guide.
  await page.locator('.sq-elder-button').click();
  await page.locator('.sq-app.sq-elder').waitFor();
  await page.goto(`${env.url}#/scenario/personal/1.1`);
  await page.getByRole('link', { name: /^户口登记（出生登记）/ }).click();
  await page.waitForURL(/#\/item\/P003$/);
  await page.locator('.sq-app[data-build="full"]').waitFor();
  await page.locator('.sq-guide-section').first().waitFor();
  assert.equal(await page.locator('h1').textContent(), '户口登记（出生登记）');
  // The link pressed went away with the lean app: the focus is on the new screen, as after any screen change.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sq-main');
  assert.ok(requested.includes(FULL_WASM));
  assert.equal(await page.locator('.sq-app.sq-elder').count(), 1, '长辈版 survives the switch');
  // Exactly one app in the page: the lean one is gone, not hidden.
  assert.equal(await page.locator('.sq-app').count(), 1);

  await page.getByRole('button', { name: '加入办事篮' }).click();
  await page.getByRole('link', { name: '已在办事篮' }).waitFor();
  // Back to the scenario: the full build now serves every screen, with the browser's history intact.
  await page.goBack();
  await page.waitForURL(/#\/scenario\/personal\/1\.1$/);
  await page.locator('h1', { hasText: '出生' }).waitFor();
  assert.equal(await build(page), 'full');
  assert.equal(await page.locator('.sq-badge').textContent(), '1');
  await screenshot(page, 'split-after-switch');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an application started from the lean build continues in the full one', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/scenario/personal/1.1`);
  await waitForApp(page);
  assert.equal(await build(page), 'lean');
  await page.getByRole('link', { name: '办理这一件事' }).click();
  await page.locator('.sq-app[data-build="full"]').waitFor();
  await page.waitForURL(/#\/apply\/[^/]+\/notice$/);
  await page.locator('#sq-notice-title').waitFor();
  assert.equal(await page.locator('.sq-app').getAttribute('lang'), 'zh-CN');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a page opened at a guide loads the full build only', async () => {
  const page = await env.phonePage();
  const requested = recordRequests(page);
  await page.goto(`${env.url}#/item/E002`);
  await waitForApp(page);
  await page.locator('.sq-guide-section').first().waitFor();
  assert.equal(await build(page), 'full');
  assert.ok(!requested.includes(LEAN_WASM), requested.join(' '));
  await page.context().close();

  const page2 = await env.phonePage();
  const requested2 = recordRequests(page2);
  await page2.goto(`${env.url}?item=E002`);
  await waitForApp(page2);
  await page2.locator('.sq-guide-section').first().waitFor();
  assert.ok(!requested2.includes(LEAN_WASM), requested2.join(' '));
  await page2.context().close();
});

test('a switch that cannot load says so in Chinese and can be retried', async () => {
  // No service worker: it would answer from its cache and page.route would not see the request.
  const page = await env.phonePage({ serviceWorkers: 'block' });
  let refuse = true;
  await page.route(`**${FULL_WASM}`, (route) => (refuse
    ? route.fulfill({ status: 503, body: 'unavailable' })
    : route.continue()));
  await page.goto(env.url);
  await waitForApp(page);
  await page.goto(`${env.url}#/item/P003`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /办事指南暂时无法加载，请检查网络后重试/);
  assert.equal(await build(page), 'lean', 'the lean app keeps running');
  await screenshot(page, 'split-failed');
  assert.deepEqual(await axeViolations(page), []);

  refuse = false;
  await page.getByRole('button', { name: '重试' }).click();
  await page.locator('.sq-app[data-build="full"]').waitFor();
  await page.locator('.sq-guide-section').first().waitFor();
  // The refused download is the only problem the page reported.
  assert.ok(page.problems.length > 0 && page.problems.every((p) => /503|full|did not load/.test(p)), page.problems.join('\n'));
  await page.context().close();
});

test('going back while the full build loads stays on the lean screen', async () => {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(`**${FULL_WASM}`, async (route) => { await held; await route.continue(); });
  await page.goto(`${env.url}#/scenario/personal/1.1`);
  await waitForApp(page);
  await page.getByRole('link', { name: /^户口登记（出生登记）/ }).click();
  await page.getByRole('status').filter({ hasText: '正在加载办事指南' }).waitFor();
  await page.goBack();
  await page.locator('h1', { hasText: '出生' }).waitFor();
  release();
  // The full build arrives, but the user is no longer waiting for the guide: nothing switches.
  await page.waitForResponse((r) => r.url().endsWith(FULL_WASM));
  await page.waitForTimeout(500);
  assert.equal(await build(page), 'lean');
  assert.match(page.url(), /#\/scenario\/personal\/1\.1$/);
  // The next guide switches at once (the module is loaded).
  await page.getByRole('link', { name: /^户口登记（出生登记）/ }).click();
  await page.locator('.sq-app[data-build="full"]').waitFor();
  await page.locator('h1', { hasText: '户口登记（出生登记）' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('English is in the full build: choosing it switches, and an English visit loads the full build only', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/settings`);
  await waitForApp(page);
  assert.equal(await build(page), 'lean');
  await page.getByRole('radio', { name: 'English' }).check();
  await page.locator('.sq-app[data-build="full"][lang="en"]').waitFor();
  await page.locator('h1', { hasText: 'Settings' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();

  for (const address of ['?lang=en', '?lang=en-GB#/search']) {
    const visit = await env.phonePage();
    const requested = recordRequests(visit);
    await visit.goto(`${env.url}${address}`);
    await waitForApp(visit);
    assert.equal(await build(visit), 'full', address);
    assert.ok(!requested.includes(LEAN_WASM), `${address}: ${requested.join(' ')}`);
    await visit.context().close();
  }
});
