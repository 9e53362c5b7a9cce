// Embedding: the portal demo (www/portal-demo.html) mounts the module with `mount(element, options)` into a
// shadow root; the app-zone page talks to a native host or parent page through postMessage, with exact origins.
// Screenshots: portal-demo, portal-demo-two.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { start, screenshot, repo } from './harness.mjs';
import { fillAll, submitBirth } from './forms.mjs';

let env;
// The deployment file the server answers with: the app-zone case lists its host page's origin.
let deployment = { version: 1 };
before(async () => { env = await start({ deployment: () => deployment }); });
after(async () => { await env?.close(); });

const DESKTOP = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 };

/** Counts the window listeners of some event types that are currently added (to see unmount remove them). */
function countListeners() {
  const live = new Map();
  const add = window.addEventListener;
  const remove = window.removeEventListener;
  window.addEventListener = function (type, fn, opts) {
    if (!live.has(type)) live.set(type, new Set());
    live.get(type).add(fn);
    return add.call(this, type, fn, opts);
  };
  window.removeEventListener = function (type, fn, opts) {
    live.get(type)?.delete(fn);
    return remove.call(this, type, fn, opts);
  };
  window.liveListeners = (type) => live.get(type)?.size ?? 0;
}

/** Computed style values of the first element matching `selector` (Playwright's css engine pierces shadow roots). */
async function style(page, selector, props) {
  return page.locator(selector).first().evaluate((el, props) => {
    const s = getComputedStyle(el);
    return Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p)]));
  }, props);
}

test('the generated TypeScript declares the portal API with typed options and callbacks', () => {
  const dts = fs.readFileSync(path.join(repo, 'pkg', 'weihai_sqsb.d.ts'), 'utf8');
  assert.match(dts, /export function mount\(element: Element, options\?: MountOptions\): MountHandle;/);
  // The second argument is what a lean instance carries over when it switches to the full build (src/upgrade.rs).
  assert.match(dts, /export function mountPage\(element: Element, carried\?: \{ elder\?: boolean; lang\?: "zh" \| "en" \}\): MountHandle;/);
  const options = dts.slice(dts.indexOf('export interface MountOptions'), dts.indexOf('export interface Application'));
  for (const field of ['route?: string', 'scenario?: string', 'lifecycle?: "enterprise" | "personal"', 'elder?: boolean',
    'lang?: "zh" | "en"', 'catalogUrl?: string', 'allowedOrigins?: string[]',
    'onSubmit?: (submission: Submission) => void | SubmitAnswer | Promise<void | SubmitAnswer>',
    'onRate?: (rating: Rating) => void',
    'onNavigate?: (route: string) => void']) {
    assert.ok(options.includes(field), `MountOptions has ${field}`);
  }
  assert.match(dts, /unmount\(\): void;/);
});

test('portal demo: mounted in a shadow root, styles isolated both ways, two instances, unmount cleans up, '
  + 'onSubmit gets one application per item', async () => {
  const page = await env.phonePage(DESKTOP);
  await page.addInitScript(countListeners);
  await page.goto(`${env.url}portal-demo.html`);
  await page.waitForSelector('html.portal-ready');
  const sidebar = page.locator('#portal-sidebar-app');
  // Started where the options said (the 出生 scenario), in a shadow root, without touching the portal's URL.
  await sidebar.locator('h1', { hasText: '出生' }).waitFor();
  assert.ok(await sidebar.evaluate((el) => el.shadowRoot !== null && el.shadowRoot.querySelector('.sq-app') !== null));
  assert.equal(new URL(page.url()).hash, '');

  // The portal's CSS does not reach the module: our fonts, sizes, colours, despite `*` and !important rules.
  const title = await style(page, '#portal-sidebar-app .sq-page-title', ['font-family', 'color']);
  assert.doesNotMatch(title['font-family'], /Georgia/);
  assert.notEqual(title.color, 'rgb(139, 0, 0)');
  const body = await style(page, '#portal-sidebar-app .sq-main', ['font-size', 'letter-spacing', 'text-align']);
  assert.deepEqual(body, { 'font-size': '16px', 'letter-spacing': 'normal', 'text-align': 'start' });
  const ourButton = await style(page, '#portal-sidebar-app .sq-button', ['background-color', 'color']);
  assert.deepEqual(ourButton, { 'background-color': 'rgb(11, 92, 173)', color: 'rgb(255, 255, 255)' });
  const app = await style(page, '#portal-sidebar-app .sq-app', ['background-color']);
  assert.equal(app['background-color'], 'rgb(244, 246, 249)');
  // …and ours does not reach the portal: its own .sq-button and links keep the portal's look.
  const theirs = await style(page, '.portal-own-button', ['background-color', 'font-family', 'min-height']);
  assert.equal(theirs['background-color'], 'rgb(0, 255, 0)');
  assert.match(theirs['font-family'], /Georgia/);
  assert.notEqual(theirs['min-height'], '44px', 'our .sq-button sizes stay in the shadow root');
  const theirLink = await style(page, '.portal-main a', ['color']);
  assert.equal(theirLink.color, 'rgb(211, 54, 130)');
  // The module itself passes axe inside the portal (the portal's own colours are its business).
  const seen = page.problems.length;
  const axe = await new AxeBuilder({ page }).include('#portal-sidebar-app')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  // Scoped to a shadow host, axe applies inline styles of its own, which the page's CSP rightly refuses.
  page.problems.splice(seen);
  assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  await screenshot(page, 'portal-demo');

  // A second instance: its own route; moving in one leaves the other (and the page URL) where it is.
  await page.getByRole('button', { name: '在正文区再嵌入一个实例' }).click();
  const second = page.locator('#portal-second-slot');
  // A scenario page carries its home card's title (data/ui/home.json).
  await second.locator('h1', { hasText: '我要开办企业' }).waitFor();
  // The first-visit (lean) build delivers nothing itself (src/handoff: it switches to the full build when a
  // submission waits), so it listens for no network change.
  assert.equal(await page.evaluate(() => window.liveListeners('online')), 0, 'lean instances: no online listener');
  await sidebar.getByRole('link', { name: /户口登记（出生登记）/ }).first().click();
  await sidebar.locator('h1', { hasText: '户口登记（出生登记）' }).waitFor();
  assert.equal(await second.locator('h1').first().textContent(), '我要开办企业');
  // The guide switched the sidebar to the full build (src/upgrade.rs) in its own shadow root; the other instance
  // still runs the lean one, and the switch left no listener behind.
  assert.equal(await sidebar.locator('.sq-app').getAttribute('data-build'), 'full');
  assert.equal(await second.locator('.sq-app').getAttribute('data-build'), 'lean');
  assert.equal(await page.evaluate(() => window.liveListeners('online')), 1, 'the full build delivers: one listener');
  assert.equal(new URL(page.url()).hash, '');
  const log = await page.locator('#portal-log').textContent();
  assert.match(log, /边栏：#\/item\/P\d+/, 'onNavigate reports the sidebar\'s screens');
  // Once, although the screen was shown by the lean build and then by the full build it switched to.
  assert.equal(log.match(/边栏：#\/item\/P\d+/g).length, 1, log);
  await screenshot(page, 'portal-demo-two');
  await sidebar.locator('.sq-breadcrumb').getByRole('link', { name: '出生', exact: true }).last().click();
  await sidebar.locator('h1', { hasText: /^出生/ }).waitFor();

  // The sidebar's 出生 chain, submitted: the portal's callback gets one application per item.
  await submitBirth(page, sidebar);
  const submission = page.locator('.portal-submission');
  await submission.waitFor();
  const json = JSON.parse(await submission.locator('pre').textContent());
  assert.equal(json.type, 'sqsb.submit');
  assert.equal(json.v, 1);
  assert.match(json.reference, /^SQ[0-9A-Z]+$/);
  const ids = json.applications.map((a) => a.item_id);
  assert.ok(ids.length >= 3, ids.join(','));
  assert.equal(new Set(ids).size, ids.length, 'one application per item');
  assert.ok(json.applications.every((a) => a.catalog_version && Object.keys(a.fields).length > 0));
  assert.equal(await sidebar.locator('h1').first().textContent(), '申请已送达');

  // Unmount: the sidebar's shadow root is emptied and its window listeners are gone; the other keeps working.
  await page.getByRole('button', { name: '卸载边栏实例' }).click();
  assert.equal(await sidebar.evaluate((el) => el.shadowRoot.childNodes.length), 0);
  assert.equal(await page.evaluate(() => window.liveListeners('online')), 0, 'the unmounted instance left none');
  await second.getByRole('link', { name: /公章刻制备案/ }).first().click();
  await second.locator('h1', { hasText: '公章刻制备案' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** A host page at its own origin (another port on 127.0.0.1: still the local network, so Chromium lets it frame
 *  the app), holding the app in a frame. */
async function hostServer(appUrlFor) {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(hostPage(appUrlFor()));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

// The app-zone page in a host's frame. The host acknowledges each submission (README "Embedding").
function hostPage(appUrl) {
  return `<!doctype html><html><body>
    <iframe id="app" title="政务服务" src="${appUrl}" width="390" height="800"></iframe>
    <script>
      window.received = [];
      window.addEventListener('message', (e) => {
        window.received.push({ origin: e.origin, data: e.data });
        if (e.data?.type === 'sqsb.submit') {
          e.source.postMessage({ type: 'sqsb.ack', v: 1, reference: e.data.reference, accepted: true }, e.origin);
        }
      });
      window.send = (message) => document.getElementById('app').contentWindow.postMessage(message, '*');
    </script></body></html>`;
}

test('app zone: messages are accepted only from the listed host and in the schema; a submission goes there, '
  + 'is acknowledged, and the receipt says 已送达', async () => {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  let appUrl = '';
  const host = await hostServer(() => appUrl);
  deployment = { version: 1, hosts: [host.origin] };
  appUrl = `${env.url}index.html?host=${encodeURIComponent(host.origin)}#/item/P082`;
  try {
    // The listed host can steer it; a message off the schema is ignored and logged.
    await page.goto(`${host.origin}/`);
    const frame = page.frameLocator('#app');
    await frame.locator('h1').first().waitFor();
    const first = await frame.locator('h1').first().textContent();
    // The hand-off is resolved a moment after the app mounts (it reads the deployment file): wait for it.
    await frame.locator('.sq-app[data-host="window"]').waitFor();
    await page.evaluate(() => window.send({ type: 'sqsb.navigate', v: 2, route: '#/item/E002' }));
    await page.evaluate(() => window.send({ type: 'sqsb.navigate', v: 1, route: '#/item/E002', extra: 1 }));
    await page.waitForTimeout(500);
    assert.equal(await frame.locator('h1').first().textContent(), first);
    assert.ok(warnings.some((w) => /does not follow the message schema/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /unsupported version/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /unknown field "extra"/.test(w)), warnings.join('\n'));
    await page.evaluate(() => window.send({ type: 'sqsb.navigate', v: 1, route: '#/item/E002' }));
    await frame.locator('h1', { hasText: '公章刻制备案' }).waitFor();
    await page.evaluate(() => window.send({ type: 'sqsb.config', v: 1, elder: true }));
    await frame.locator('.sq-app.sq-elder').waitFor();

    // A submission reaches the host, from the app's origin, once; the host's acknowledgement makes it 已送达.
    await page.evaluate(() => window.send({ type: 'sqsb.navigate', v: 1, route: '#/start/item/P082' }));
    await frame.getByRole('link', { name: '开始填表' }).click();
    await fillAll(frame, { choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } }, { page, axe: false });
    await frame.getByLabel('我已阅读并同意上述个人信息处理说明').check();
    await frame.getByRole('button', { name: '提交申请' }).click();
    await frame.locator('h1', { hasText: '申请已送达' }).waitFor();
    const submits = await page.evaluate(() => window.received.filter((m) => m.data?.type === 'sqsb.submit'));
    assert.equal(submits.length, 1);
    assert.equal(submits[0].origin, new URL(env.url).origin);
    assert.equal(submits[0].data.v, 1);
    assert.deepEqual(submits[0].data.applications.map((a) => a.item_id), ['P082']);
    const outbox = await frame.locator('body').evaluate(() => localStorage.getItem('sqsb.outbox.v2'));
    assert.equal(outbox, null, 'acknowledged: nothing personal left in the outbox');
  } finally {
    deployment = { version: 1 };
    await page.context().close();
    await host.close();
  }
});

test('app zone: the page URL configures the start screen, 长辈版 and language; a deep link wins', async () => {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  const cases = [
    ['index.html?scenario=personal/1.1&elder=1', /^出生一件事$/, true, 'zh-CN'],
    ['index.html?lifecycle=enterprise', /^企业开办$/, false, 'zh-CN'],
    ['index.html?item=E002&lang=en', /^[^\u4e00-\u9fff]+$/, false, 'en'],
    ['index.html?scenario=personal/1.1#/item/P003', /^户口登记（出生登记）$/, false, 'zh-CN'],
    ['index.html?scenario=personal/9.9', /没有找到/, false, 'zh-CN'],
  ];
  for (const [path, heading, elder, lang] of cases) {
    await page.goto(`${env.url}${path}`);
    const h1 = page.locator('main h1').first();
    await h1.waitFor();
    assert.match((await h1.textContent()).trim(), heading, path);
    // An item's guide is fetched after the heading shows: let it arrive before the next address cancels it.
    if (/item/.test(path)) await page.locator('.sq-guide-section').first().waitFor();
    assert.equal(await page.locator('.sq-app.sq-elder').count(), elder ? 1 : 0, `${path}: 长辈版`);
    assert.equal(await page.locator('.sq-app').getAttribute('lang'), lang, path);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
