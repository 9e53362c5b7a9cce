// Offline first, with the real service worker (www/sw.js) in Chromium at phone size: after one online visit the
// app opens, searches and shows a guide with the network off, and says it is offline; a new version waits for the
// user's “更新”, then the page reloads under it with old caches gone. Screenshots: offline-home, offline-guide,
// update-banner.
//
// Each test serves its own copy of the site (www/, pkg/, data/) from its own server: the update test changes its
// copy to deploy a “new version”, and a copy cannot change under a test because of a rebuild meanwhile. The copy's
// pkg/precache.js is regenerated with the same function tools/build.sh runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, waitForApp, axeViolations, screenshot, repo, shots } from './harness.mjs';
import { fillSection, next, submitBirth } from './forms.mjs';
import { listen } from '../../tools/serve.mjs';
import { writePrecache } from '../../tools/precache.mjs';

const OFFLINE_TEXT = '当前处于离线状态，已保存的内容和办事指南仍可使用';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** A copy of the site with its own server (serve.mjs `options`), which logs the paths it was asked for. */
async function siteCopy(options = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sqsb-site-'));
  for (const dir of ['www', 'pkg', 'data']) fs.cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
  writePrecache(root);
  const { server, url } = await listen(0, '127.0.0.1', { ...options, root });
  const requests = [];
  server.on('request', (req) => requests.push(new URL(req.url, url).pathname));
  return {
    root,
    url,
    server,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Waits until a service worker controls the page; sw.js claims the page only after its precache is complete. */
async function waitForWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
}

/**
 * One online visit of a fresh copy of the site (`siteCopy(serverOptions)`) at `route`, until the service worker
 * controls the page. `watch(site)` runs before the visit (to listen to the server). `close()` ends both.
 */
async function onlineVisit(route = '', { serverOptions = {}, watch = () => {} } = {}) {
  const site = await siteCopy(serverOptions);
  watch(site);
  const page = await env.phonePage();
  const close = async () => {
    await page.context().close();
    await site.close();
  };
  try {
    await page.goto(`${site.url}${route}`);
    await waitForApp(page);
    await waitForWorker(page);
  } catch (error) {
    await close();
    throw error;
  }
  return { site, page, context: page.context(), close };
}

/** What the phone screen shows (the top of a long page), where the notices are. */
async function screenshotViewport(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** The names of the Cache Storage caches, as the page sees them. */
function cacheNames(page) {
  return page.evaluate(() => caches.keys());
}

test('the offline download leaves room for the page: two at a time, the full build first', async () => {
  // A server that takes 150 ms before answering, so that downloads overlap as they do on a phone's network.
  // The worker's downloads are the fetches that revalidate (`cache: 'no-cache'` in sw.js: Chromium sends
  // `Cache-Control: max-age=0`); the page's own requests of a first visit do not, and the browser's update check
  // (sw.js, pkg/precache.js) is not a fetch.
  const precached = [];
  let inFlight = 0;
  let most = 0;
  const watch = (site) => site.server.on('request', (req, res) => {
    if (req.headers['cache-control'] !== 'max-age=0' || req.headers['sec-fetch-dest'] !== 'empty') return;
    // The deployment file is revalidated by the page and kept by the worker at install, outside the precache list.
    if (new URL(req.url, site.url).pathname === '/sqsb.config.json') return;
    precached.push(new URL(req.url, site.url).pathname);
    inFlight += 1;
    most = Math.max(most, inFlight);
    res.once('close', () => { inFlight -= 1; });
  });
  // A server that takes 150 ms before answering, so that downloads overlap as they do on a phone's network.
  const throttle = { bytesPerSecond: 50 * 1024 * 1024, latencyMs: 150 };
  const { site, close } = await onlineVisit('', { serverOptions: { throttle }, watch });
  try {
    const listed = fs.readFileSync(path.join(site.root, 'pkg', 'precache.js'), 'utf8').match(/url: "[^"]+"/g).length;
    assert.equal(precached.length, listed, `every listed file downloaded once: ${precached.join(' ')}`);
    assert.deepEqual(precached.slice(0, 2).sort(), ['/pkg/full/weihai_sqsb.js', '/pkg/full/weihai_sqsb_bg.wasm']);
    const firstGuide = precached.findIndex((p) => p.startsWith('/pkg/data/guides-'));
    const firstForm = precached.findIndex((p) => p.startsWith('/pkg/data/forms-'));
    assert.ok(firstGuide >= 0 && firstGuide < firstForm, `guides before forms: ${precached.join(' ')}`);
    assert.equal(most, 2, 'at most two downloads at a time');
  } finally {
    await close();
  }
});

test('after one online visit: home, search and a guide work offline, and the page says it is offline', async () => {
  assert.ok(fs.existsSync(path.join(repo, 'pkg', 'precache.js')), 'tools/build.sh writes pkg/precache.js');
  const { site, page, context, close } = await onlineVisit();
  try {
    const names = await cacheNames(page);
    assert.ok(names.some((n) => /^sqsb-precache-[0-9a-f]{16}$/.test(n)), names.join(', '));
    assert.equal(await page.getByText(OFFLINE_TEXT).count(), 0, 'no offline notice while online');
    // Chromium reads the manifest without complaint and finds nothing against installing the app, apart from the
    // test's own incognito context.
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, []);
    assert.equal(JSON.parse(manifest.data).short_name, '双全双百');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);
    await cdp.detach();
    // A same-origin file outside the precache, seen once online, is kept for offline use (network first).
    const online = await page.evaluate(() => fetch('./data/ui/home.json').then((r) => r.text()));

    await context.setOffline(true);
    const served = site.requests.length;
    await page.reload();
    await waitForApp(page);
    await page.waitForSelector('.sq-lifecycle h2');
    assert.equal(await page.locator('.sq-stage-card').count(), 17);
    const notice = page.getByRole('status').filter({ hasText: OFFLINE_TEXT });
    await notice.waitFor();
    // In the page flow above the header: nothing of the app is covered at 390 px.
    const noticeBox = await notice.boundingBox();
    const headerBox = await page.locator('.sq-header').boundingBox();
    assert.ok(noticeBox.y + noticeBox.height <= headerBox.y + 0.5,
      `notice ${JSON.stringify(noticeBox)} above the header ${JSON.stringify(headerBox)}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'no sideways scrolling');
    await screenshot(page, 'offline-home');
    assert.deepEqual(await axeViolations(page), [], 'offline home with the notice');
    assert.equal(await page.evaluate(() => fetch('./data/ui/home.json').then((r) => r.text())), online);

    // Search runs in the wasm on the bundled catalog.
    const box = page.getByRole('searchbox', { name: '搜索办事事项' });
    await box.fill('出生登记');
    await box.press('Enter');
    await page.waitForURL(/#\/search\?q=/);
    assert.equal(await page.locator('.sq-results .sq-item-name').first().textContent(), '户口登记（出生登记）');

    // A guide: its stage file comes from pkg/data through the worker's cache.
    await page.goto(`${site.url}#/item/P003`);
    await page.locator('.sq-guide-section').first().waitFor();
    const titles = await page.locator('.sq-guide-section h2').allTextContents();
    for (const t of ['申请材料', '办理流程', '办理地点']) assert.ok(titles.includes(t), `section ${t} in ${titles}`);
    await notice.waitFor();
    await screenshotViewport(page, 'offline-guide');
    assert.deepEqual(await axeViolations(page), [], 'offline guide with the notice');

    // The 出生 form, offline: half filled, the page reloaded, every answer back where it was.
    await page.goto(`${site.url}#/start/scenario/personal/1.1`);
    await page.getByRole('link', { name: '开始填表' }).click();
    await page.waitForURL(/\/form\/\d+$/);
    await fillSection(page, { choices: { 是否委托他人代办: '否' } });
    await next(page);
    await page.waitForURL(/\/form\/\d+$/);
    const section = await page.locator('h1').textContent();
    const input = page.locator('.sq-field input[type=text]').first();
    await input.fill('王小明');
    const halfway = page.url();
    await page.waitForTimeout(900); // the autosave pause
    await page.reload();
    await waitForApp(page);
    await page.locator('h1', { hasText: section }).waitFor();
    assert.equal(page.url(), halfway);
    assert.equal(await page.locator('.sq-field input[type=text]').first().inputValue(), '王小明');
    await page.getByRole('link', { name: '上一步' }).click();
    assert.ok(await page.getByLabel('否', { exact: true }).isChecked(), 'the first section kept its answer');

    // Everything above came from the worker's cache: the server saw nothing while the browser was offline, except
    // perhaps the browser's own update check for the worker (sw.js and its import), which Chromium makes outside the
    // emulated offline network; on a real offline phone it simply fails and the worker stays as it is.
    const updateCheck = new Set(['/sw.js', '/pkg/precache.js']);
    const reached = site.requests.slice(served).filter((p) => !updateCheck.has(p));
    assert.deepEqual(reached, [], 'requests that reached the server while offline');
    assert.deepEqual(page.problems, []);

    await context.setOffline(false);
    await page.getByText(OFFLINE_TEXT).waitFor({ state: 'hidden' });
    assert.equal(await page.getByRole('status').filter({ hasText: OFFLINE_TEXT }).count(), 0);
  } finally {
    await close();
  }
});

test('a new version waits for “更新” (“稍后” defers it); the click saves, reloads under the new worker, drops the '
  + 'old cache', async () => {
  const { site, page, close } = await onlineVisit('#/item/P003');
  try {
    const oldCache = (await cacheNames(page)).find((n) => n.startsWith('sqsb-precache-'));

    // Deploy a new version into the copy, as a build would: a changed stylesheet and a new precache list.
    fs.appendFileSync(path.join(site.root, 'www', 'app.css'), '\n/* 新版本 */\n');
    const { version } = writePrecache(site.root);
    assert.notEqual(`sqsb-precache-${version}`, oldCache);
    const served = site.requests.length;
    // The browser checks on its own when the page opens; a long-open page relies on notices.js's checks.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));

    const update = page.getByRole('button', { name: '更新', exact: true });
    await update.waitFor({ timeout: 60_000 });
    const banner = page.getByRole('region', { name: '版本更新' });
    await page.waitForFunction(() => document.querySelector('.sq-update-text')?.textContent.includes('有新版本可用'));
    assert.match(await banner.textContent(), /有新版本可用.*更新.*稍后/s);
    await screenshotViewport(page, 'update-banner');
    assert.deepEqual(await axeViolations(page), [], 'update banner');
    // Only files whose revision changed were downloaded again (the wasm was copied from the old cache).
    const fetched = site.requests.slice(served);
    assert.ok(fetched.includes('/app.css'), fetched.join(' '));
    assert.ok(!fetched.includes('/pkg/weihai_sqsb_bg.wasm'), fetched.join(' '));

    // “稍后” puts the offer away; the new version keeps waiting and is offered again when the page is opened again.
    await page.getByRole('button', { name: '稍后' }).click();
    assert.equal(await update.count(), 0);
    await page.reload();
    await waitForApp(page);
    await update.waitFor();
    await page.evaluate(() => {
      window.sqsbSameDocument = true;
      // Stands in for the app's own listener, which saves open drafts.
      window.addEventListener('sqsb:before-update', () => sessionStorage.setItem('sqsb-test-before-update', 'seen'));
    });

    // Nothing happens without the user: same document, old cache still in use.
    await page.waitForTimeout(1000);
    assert.equal(await page.evaluate(() => window.sqsbSameDocument), true);
    assert.ok((await cacheNames(page)).includes(oldCache));

    await Promise.all([page.waitForEvent('load'), update.click()]);
    await waitForApp(page);
    assert.equal(await page.evaluate(() => window.sqsbSameDocument), undefined, 'the page reloaded');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('sqsb-test-before-update')), 'seen');
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));
    const names = await cacheNames(page);
    assert.ok(names.includes(`sqsb-precache-${version}`), names.join(', '));
    assert.ok(!names.includes(oldCache), `old cache deleted: ${names.join(', ')}`);
    assert.match(await page.evaluate(() => fetch('./app.css').then((r) => r.text())), /新版本/);
    // Same screen as before the update, and no banner.
    assert.match(page.url(), /#\/item\/P003$/);
    await page.locator('.sq-guide-section').first().waitFor();
    assert.equal(await page.getByRole('button', { name: '更新', exact: true }).count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await close();
  }
});

test('a submission made offline waits in the outbox and reaches the portal once, when the network is back',
  async () => {
    // One online visit installs the worker; the portal page is then served from its cache too.
    const { site, page, context, close } = await onlineVisit();
    try {
      await context.setOffline(true);
      await page.goto(`${site.url}portal-demo.html`);
      await page.waitForSelector('html.portal-ready');
      const sidebar = page.locator('#portal-sidebar-app');
      await sidebar.locator('h1', { hasText: '出生' }).waitFor();
      await submitBirth(page, sidebar);
      assert.equal(await sidebar.locator('h1').first().textContent(), '申请待送达');
      assert.match(await sidebar.locator('.sq-receipt-status').textContent(), /网络恢复后会自动发送/);
      const outbox = () => page.evaluate(() => JSON.parse(localStorage.getItem('sqsb.outbox.v2') ?? '[]'));
      const queued = await outbox();
      assert.equal(queued.length, 1);
      assert.equal(await page.locator('.portal-submission').count(), 0, 'nothing handed over while offline');
      await screenshot(page, 'outbox-queued');

      // Back online: handed over once, and gone from the outbox.
      await context.setOffline(false);
      await page.locator('.portal-submission').waitFor();
      await page.waitForTimeout(1000);
      assert.equal(await page.locator('.portal-submission').count(), 1);
      assert.equal(await page.locator('.portal-submission').getAttribute('data-reference'), queued[0].reference);
      assert.deepEqual(await outbox(), []);
      // The portal's callback returned without throwing: acknowledged, and the receipt says so.
      await sidebar.locator('h1', { hasText: '申请已送达' }).waitFor();
      // Another load (another instance of the same name, online from the start) has nothing to send again.
      await page.reload();
      await page.waitForSelector('html.portal-ready');
      await sidebar.locator('h1').first().waitFor();
      await page.waitForTimeout(1000);
      assert.equal(await page.locator('.portal-submission').count(), 0);
      assert.deepEqual(page.problems, []);
    } finally {
      await close();
    }
  });

test('an app update while a form is open: what was just typed survives the reload', async () => {
  const { site, page, close } = await onlineVisit('#/start/scenario/personal/1.1');
  try {
    await page.getByRole('link', { name: '开始填表' }).click();
    await page.waitForURL(/\/form\/\d+$/);
    await fillSection(page, { choices: { 是否委托他人代办: '否' } });
    const firstStep = page.url();
    await next(page);
    // On to the second step, which has text boxes (the first has only a choice). 下一步 right after the choice
    // used to stay put when the tap came before the screen had re-rendered (src/apply/form.rs now checks the
    // newest answers).
    await page.waitForURL((url) => url.href !== firstStep && /\/form\/\d+$/.test(url.href));
    const formUrl = page.url();

    fs.appendFileSync(path.join(site.root, 'www', 'app.css'), '\n/* 新版本 */\n');
    writePrecache(site.root);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    const update = page.getByRole('button', { name: '更新', exact: true });
    await update.waitFor({ timeout: 60_000 });
    // Typed just before the click: still inside the autosave pause when the update starts.
    await page.locator('.sq-field input[type=text]').first().fill('王小明');
    await Promise.all([page.waitForEvent('load'), update.click()]);
    await waitForApp(page);
    assert.equal(page.url(), formUrl, 'the same step after the update');
    assert.match(await page.evaluate(() => fetch('./app.css').then((r) => r.text())), /新版本/);
    assert.equal(await page.locator('.sq-field input[type=text]').first().inputValue(), '王小明');
    assert.deepEqual(page.problems, []);
  } finally {
    await close();
  }
});

test('offline before ever opening an application: its prerendered notice and first step show before the app', async () => {
  // One online visit at the home only: the worker's precache alone holds 出生's prerendered screens.
  const { site, context, close } = await onlineVisit();
  try {
    const pages = fs.readdirSync(path.join(site.root, 'pkg', 'pages')).filter((n) => /^start-.+\.html$/.test(n));
    const listed = fs.readFileSync(path.join(site.root, 'pkg', 'precache.js'), 'utf8');
    assert.ok(pages.length > 0 && pages.every((n) => listed.includes(`"./pkg/pages/${n}"`)), 'every start page precached');
    await context.setOffline(true);
    // A new tab of the same browser, with the full build's wasm held back in the page (page.route does not see
    // what the worker answers), so that the prerendered screens are seen before the app.
    const page = await context.newPage();
    await page.addInitScript(() => {
      const fetchFromPage = window.fetch;
      const held = new Promise((resolve) => { window.sqsbReleaseWasm = resolve; });
      window.fetch = function (input, init) {
        const url = new URL(typeof input === 'string' ? input : input.url, window.location.href);
        if (url.pathname.endsWith('/pkg/full/weihai_sqsb_bg.wasm')) return held.then(() => fetchFromPage.call(this, input, init));
        return fetchFromPage.call(this, input, init);
      };
    });
    await page.goto(`${site.url}#/start/scenario/personal/1.1`, { waitUntil: 'domcontentloaded' });
    const prerendered = page.locator('#app > .sq-app[data-build="static"]');
    await prerendered.getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
    await prerendered.getByRole('link', { name: '开始填表' }).click();
    await prerendered.getByRole('radio', { name: '否' }).check();
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('sq-ready')), false, 'before the app');
    await screenshot(page, 'offline-prerendered-apply-step');
    assert.deepEqual(await axeViolations(page), [], 'the prerendered first step, offline');
    // The app then runs from the cache and takes over at the same step.
    await page.evaluate(() => window.sqsbReleaseWasm());
    await waitForApp(page);
    await page.waitForURL(/#\/apply\/[^/]+\/form\/\d+$/);
    const answered = page.locator('.sq-app[data-build="full"]').getByRole('radio', { name: '否' });
    assert.ok(await answered.isChecked(), 'the answer went over to the app');
  } finally {
    await close();
  }
});
