// The screens prerendered at build time (src/bin/prerender.rs, www/boot.src.js): a first visit sees the home before
// the app arrives; a stage or scenario tapped or opened meanwhile shows at once, and a search answers from the
// first-screen search (first/); other links and the 长辈版 switch used meanwhile are honoured when the app mounts;
// what was typed and where the focus was go over to the app; a page opened at a screen only the app has shows the
// loading state instead of a wrong screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** A phone page whose lean wasm is held back until `release()`: the state of a slow network. The service worker is
 *  blocked so that page.route sees every request. */
async function slowPage() {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/pkg/weihai_sqsb_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return { page, release };
}

const isReady = (page) => page.evaluate(() => document.documentElement.classList.contains('sq-ready'));

test('the home shows before the app arrives, and search answers from the first-screen search', async () => {
  const { page, release } = await slowPage();
  await page.goto(env.url, { waitUntil: 'domcontentloaded' });
  await page.locator('.sq-app[data-build="static"]').waitFor();
  assert.equal(await isReady(page), false, 'the app is still on its way');
  assert.equal(await page.locator('.sq-stage-card').count() > 10, true, 'both lifecycles by stage');
  assert.ok(await page.getByRole('link', { name: /我要开办企业/ }).isVisible());
  await screenshot(page, 'prerender-home-before-wasm');
  assert.deepEqual(await axeViolations(page), []);

  await page.getByRole('searchbox').fill('出生');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.waitForURL(/#\/search\?q=%E5%87%BA%E7%94%9F$/);
  const staticResults = page.locator('.sq-app[data-build="static"] .sq-results');
  await staticResults.getByRole('link', { name: '户口登记（出生登记）' }).waitFor();
  assert.equal(await isReady(page), false, 'answered without the app');
  assert.equal(await staticResults.locator('mark').first().textContent(), '出生');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sq-q', 'the focus stays in the box');
  // Results follow typing, and the address keeps the query (without a new history entry).
  await page.getByRole('searchbox').fill('hkdj');
  await page.waitForURL(/#\/search\?q=hkdj$/);
  await staticResults.getByRole('link', { name: /户口登记/ }).first().waitFor();
  assert.match(await staticResults.getByRole('status').textContent(), /^共找到 \d+ 个事项$/);
  await screenshot(page, 'prerender-search-before-wasm');
  assert.deepEqual(await axeViolations(page), [], 'search before the app');
  const before = await staticResults.innerHTML();

  release();
  await waitForApp(page);
  assert.equal(await page.locator('.sq-app').getAttribute('data-build'), 'lean');
  assert.equal(await page.getByRole('searchbox').inputValue(), 'hkdj');
  // The app shows the very same results: nothing jumps when it takes over.
  assert.equal(await page.locator('.sq-results').innerHTML(), before);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sq-q');
  await page.goBack();
  await page.locator('.sq-app[data-build="lean"] .sq-stage-card').first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a search opened by its address before the app: the query, then the results once ready', async () => {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  let releaseSearch;
  const searchHeld = new Promise((resolve) => { releaseSearch = resolve; });
  await page.route('**/pkg/first/sqsb_first_bg.wasm', async (route) => { await searchHeld; await route.continue(); });
  await page.route('**/pkg/weihai_sqsb_bg.wasm', () => { /* never answered: only the first-screen search */ });
  await page.goto(`${env.url}#/search?q=${encodeURIComponent('开公司')}`, { waitUntil: 'domcontentloaded' });
  const results = page.locator('.sq-app[data-build="static"] .sq-results');
  await results.getByText('正在准备搜索，请稍候…').waitFor();
  assert.equal(await page.getByRole('searchbox').inputValue(), '开公司');
  releaseSearch();
  await results.getByRole('link', { name: /公司设立登记/ }).first().waitFor();
  // Nothing found: the same help as the app gives, the popular items.
  await page.getByRole('searchbox').fill('没有这个事项');
  await results.getByText('没有找到与“没有这个事项”相关的事项。').waitFor();
  assert.ok(await results.getByRole('link', { name: '户口登记（出生登记）' }).isVisible());
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a stage or scenario tapped before the wasm arrives shows at once, and the app takes over on it', async () => {
  const { page, release } = await slowPage();
  await page.goto(env.url, { waitUntil: 'domcontentloaded' });
  await page.locator('.sq-stage-card', { hasText: '出生' }).click();
  await page.waitForURL(/#\/stage\/personal\/1$/);
  const staticScreen = page.locator('.sq-app[data-build="static"]');
  await staticScreen.locator('h1', { hasText: '出生' }).waitFor();
  assert.equal(await isReady(page), false, 'the wasm is still on its way');
  // Reading starts at the new screen, as in the app.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sq-main');
  assert.deepEqual(await axeViolations(page), [], 'prerendered stage');

  await staticScreen.getByRole('link', { name: '出生', exact: true }).last().click();
  await page.waitForURL(/#\/scenario\/personal\/1\.1$/);
  const row = staticScreen.locator('.sq-item', { hasText: '居民身份证签发' });
  await row.waitFor();
  assert.deepEqual(await row.locator('.sq-dept').allTextContents(), ['市卫生健康委', '协同部门：市公安局']);
  await screenshot(page, 'prerender-scenario-before-wasm');
  assert.deepEqual(await axeViolations(page), [], 'prerendered scenario');

  // Back goes through the same screens, to the home the page brought.
  await page.goBack();
  await staticScreen.locator('h1', { hasText: '出生' }).waitFor();
  await page.goBack();
  await staticScreen.locator('.sq-stage-card').first().waitFor();
  assert.equal(new URL(page.url()).hash, '');

  // A screen only the app has: the loading state until it mounts, then that screen.
  await page.locator('.sq-stage-card', { hasText: '企业开办' }).click();
  await staticScreen.locator('h1', { hasText: '企业开办' }).waitFor();
  await page.getByRole('link', { name: '办事篮' }).click();
  await page.waitForURL(/#\/basket$/);
  await page.locator('.sq-boot[role="status"]').waitFor();
  assert.equal(await page.locator('.sq-app').count(), 0, 'the loading state, not the screen that was left');
  await page.goBack();
  await staticScreen.locator('h1', { hasText: '企业开办' }).waitFor();

  release();
  await waitForApp(page);
  await page.locator('.sq-app[data-build="lean"] h1', { hasText: '企业开办' }).waitFor();
  assert.equal(await page.locator('.sq-app').count(), 1, 'the app replaced the prerendered screen');
  // Back returns to the home, now the app's.
  await page.goBack();
  await page.locator('.sq-app[data-build="lean"] .sq-stage-card').first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('长辈版 switches before the app arrives, stays when it mounts, and shows at once on the next visit', async () => {
  const { page, release } = await slowPage();
  await page.goto(env.url, { waitUntil: 'domcontentloaded' });
  const button = page.locator('.sq-elder-button');
  await button.click();
  await page.locator('.sq-app.sq-elder[data-build="static"]').waitFor();
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  release();
  await waitForApp(page);
  await page.locator('.sq-app.sq-elder[data-build="lean"]').waitFor();
  assert.equal(await page.locator('.sq-elder-button').getAttribute('aria-pressed'), 'true');

  // Next visit, wasm held back again: the stored choice applies to the prerendered home.
  const next = await page.context().newPage();
  await next.route('**/pkg/weihai_sqsb_bg.wasm', () => { /* never answered: only the prerendered home */ });
  await next.goto(env.url, { waitUntil: 'domcontentloaded' });
  await next.locator('.sq-app.sq-elder[data-build="static"]').waitFor();
  await screenshot(next, 'prerender-home-elder');
  // And to a prerendered stage tapped from it.
  await next.locator('.sq-stage-card', { hasText: '出生' }).click();
  await next.locator('.sq-app.sq-elder[data-build="static"] h1', { hasText: '出生' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('what was typed into the search box before the app arrived is still there, with the focus', async () => {
  const { page, release } = await slowPage();
  await page.goto(env.url, { waitUntil: 'domcontentloaded' });
  const box = page.getByRole('searchbox');
  await box.click();
  await box.pressSequentially('gsdj');
  release();
  await waitForApp(page);
  assert.equal(await page.locator('.sq-app').getAttribute('data-build'), 'lean');
  assert.equal(await page.getByRole('searchbox').inputValue(), 'gsdj');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sq-q');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/search\?q=gsdj$/);
  await page.getByRole('link', { name: /设立登记/ }).first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a keyboard user who reached a card before the app arrived keeps the focus there', async () => {
  const { page, release } = await slowPage();
  await page.goto(env.url, { waitUntil: 'domcontentloaded' });
  const card = page.locator('.sq-app[data-build="static"] .sq-stage-card').nth(7);
  const href = await card.getAttribute('href');
  // The skip link works before the app too: focus to <main>, no change of route.
  await page.locator('.sq-skip').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sq-main');
  assert.equal(new URL(page.url()).hash, '');
  await card.focus();
  release();
  await waitForApp(page);
  await page.locator('.sq-app[data-build="lean"]').waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('sq-stage-card'));
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), href);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.hash === href);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a page opened at a stage or scenario shows it before the wasm; elsewhere the loading state', async () => {
  for (const [path, heading] of [['#/stage/personal/1', '出生'], ['#/scenario/enterprise/1.1', '我要开办企业']]) {
    const { page, release } = await slowPage();
    await page.goto(`${env.url}${path}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.sq-app[data-build="static"] h1', { hasText: heading }).waitFor();
    assert.equal(await page.locator('.sq-stage-card').count(), 0, `${path}: not the home`);
    release();
    await waitForApp(page);
    await page.locator('.sq-app[data-build="lean"] h1', { hasText: heading }).waitFor();
    assert.deepEqual(page.problems, [], path);
    await page.context().close();
  }
  for (const path of ['#/basket', '?scenario=personal/1.1', '?lang=zh&route=stage/personal/1', '#/stage/personal/99']) {
    const { page, release } = await slowPage();
    await page.goto(`${env.url}${path}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.sq-boot[role="status"]').waitFor();
    assert.equal(await page.locator('.sq-app').count(), 0, path);
    release();
    await waitForApp(page);
    await page.locator('.sq-app[data-build="lean"] h1').waitFor();
    assert.notEqual(await page.locator('h1').textContent(), '', path);
    // An unknown stage has no prerendered file: the browser logs the 404 of that fetch, and the app says 未找到.
    const expected = path.endsWith('/99') ? (p) => !/status of 404/.test(p) : () => true;
    assert.deepEqual(page.problems.filter(expected), [], path);
    await page.context().close();
  }
});
