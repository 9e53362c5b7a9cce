// The home screen prerendered into the page (src/bin/prerender.rs, www/boot.src.js): a first visit sees the home
// before the wasm arrives; a link, a search or the 长辈版 switch used meanwhile is honoured when the app mounts; what
// was typed and where the focus was go over to the app; a page opened elsewhere shows the loading state instead of
// a wrong screen.
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

test('the home shows before the wasm arrives, and a search made meanwhile opens when the app mounts', async () => {
  const { page, release } = await slowPage();
  await page.goto(env.url, { waitUntil: 'domcontentloaded' });
  await page.locator('.sq-app[data-build="static"]').waitFor();
  assert.equal(await isReady(page), false, 'the wasm is still on its way');
  assert.equal(await page.locator('.sq-stage-card').count() > 10, true, 'both lifecycles by stage');
  assert.ok(await page.getByRole('link', { name: /我要开办企业/ }).isVisible());
  await screenshot(page, 'prerender-home-before-wasm');
  assert.deepEqual(await axeViolations(page), []);

  await page.getByRole('searchbox').fill('出生');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.waitForURL(/#\/search\?q=%E5%87%BA%E7%94%9F$/);
  await page.locator('.sq-boot[role="status"]').waitFor();
  release();
  await waitForApp(page);
  assert.equal(await page.locator('.sq-app').getAttribute('data-build'), 'lean');
  await page.getByRole('link', { name: /户口登记（出生登记）/ }).first().waitFor();
  assert.equal(await page.getByRole('searchbox').inputValue(), '出生');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a stage tapped before the wasm arrives opens when the app mounts', async () => {
  const { page, release } = await slowPage();
  await page.goto(env.url, { waitUntil: 'domcontentloaded' });
  await page.locator('.sq-stage-card').first().click();
  await page.waitForURL(/#\/stage\/enterprise\/1$/);
  await page.locator('.sq-boot[role="status"]').waitFor();
  assert.equal(await page.locator('.sq-app').count(), 0, 'the loading state, not the home that was left');
  release();
  await waitForApp(page);
  await page.locator('h1', { hasText: '企业开办' }).waitFor();
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

test('a page opened at another screen shows the loading state, not the prerendered home', async () => {
  for (const path of ['#/stage/personal/1', '?scenario=personal/1.1']) {
    const { page, release } = await slowPage();
    await page.goto(`${env.url}${path}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.sq-boot[role="status"]').waitFor();
    assert.equal(await page.locator('.sq-app').count(), 0, path);
    release();
    await waitForApp(page);
    await page.locator('.sq-app[data-build="lean"] h1').waitFor();
    assert.notEqual(await page.locator('h1').textContent(), '', path);
    assert.deepEqual(page.problems, [], path);
    await page.context().close();
  }
});
