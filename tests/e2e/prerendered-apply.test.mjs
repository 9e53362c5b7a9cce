// The application's first screens prerendered at build time (src/apply/prerendered.rs, www/boot.src.js): opened at
// its start route before the app has arrived, 出生一件事 shows its 一次告知 and, at 开始填表, the form's first step, on
// which the citizen can already answer; when the app runs, it takes over at the same step with the answer in its
// form and in the draft, without going back to the notice. A stored draft of the chain means the prerendered
// screens are not used (the app continues the draft). The full build's wasm is held until the test releases it, so
// that nothing depends on when the app mounts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const BIRTH = '#/start/scenario/personal/1.1';

/** A phone page whose full-build wasm is held back until `release()`, on a device holding `storageState` (none by
 *  default). The service worker is blocked so that page.route sees every request. */
async function heldPage(storageState) {
  const page = await env.phonePage({ serviceWorkers: 'block', ...(storageState ? { storageState } : {}) });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/pkg/full/weihai_sqsb_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return { page, release };
}

/** Waits until apply-screens.js has decided not to show the prerendered screens (a stored draft or profile, a notice
 *  that asks): without it, "no prerendered screen" could be seen before the notice had even arrived. */
const declined = (page) => page.waitForFunction(() => performance.getEntriesByName('sqsb:prerendered-apply-declined').length > 0);

const isReady = (page) => page.evaluate(() => document.documentElement.classList.contains('sq-ready'));
const staticScreen = (page) => page.locator('#app > .sq-app[data-build="static"]');

/** 出生 opened with the app held back on a device holding `storageState` (`what` it holds, for the message), once
 *  the prerendered notice has arrived and been declined: the loading state shows, and no prerendered screen. */
async function openDeclined(storageState, what) {
  const { page, release } = await heldPage(storageState);
  await page.goto(`${env.url}${BIRTH}`, { waitUntil: 'domcontentloaded' });
  await declined(page);
  await page.locator('.sq-boot').waitFor();
  assert.equal(await staticScreen(page).count(), 0, `no prerendered screen over ${what}`);
  return { page, release };
}

test('出生: the notice and the first step before the app, then the app takes over with what was typed', async () => {
  const { page, release } = await heldPage();
  await page.goto(`${env.url}${BIRTH}`, { waitUntil: 'domcontentloaded' });
  const notice = staticScreen(page);
  await notice.getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
  assert.equal(await isReady(page), false, 'the app is held back');
  assert.ok(await notice.getByRole('link', { name: '开始填表' }).isVisible(), '开始填表 offered');
  await screenshot(page, 'prerendered-apply-notice');
  assert.deepEqual(await axeViolations(page), [], 'the prerendered notice');

  await notice.getByRole('link', { name: '开始填表' }).click();
  const step = staticScreen(page).locator('form');
  await step.waitFor();
  assert.equal(await isReady(page), false, 'still before the app');
  assert.match(page.url(), /#\/start\/scenario\/personal\/1\.1$/, 'no draft named before the app makes one');
  // 出生's first step asks one question, a choice: answered here, before the app (role and name as the app's).
  const choice = step.getByRole('radio', { name: '否' });
  const group = await choice.getAttribute('name');
  await choice.check();
  // Dates the app limits to today carry the citizen's today, not the build's stand-in.
  assert.equal(await step.locator('input[type=date][max="1000-01-01"], input[type=date][min="1000-01-01"]').count(), 0);
  // Nothing is saved before the app runs, so the step does not say 已自动保存 (the app says it after the hand-over).
  assert.equal(await step.getByText('已自动保存').count(), 0, 'no claim of saving before the app');
  await screenshot(page, 'prerendered-apply-step');
  assert.deepEqual(await axeViolations(page), [], 'the prerendered first step');

  release();
  await waitForApp(page);
  // The app's own step, at its own address, the answer in its field and the focus there.
  assert.equal(await staticScreen(page).count(), 0, 'the prerendered screen is gone');
  await page.waitForURL(/#\/apply\/[^/]+\/form\/\d+$/);
  const app = page.locator('.sq-app[data-build="full"]');
  assert.ok(await app.isVisible());
  const answered = app.getByRole('radio', { name: '否' });
  assert.equal(await answered.getAttribute('name'), group);
  assert.ok(await answered.isChecked(), "the answer is in the app's form");
  assert.equal(await page.evaluate(() => document.activeElement?.closest('[role=radiogroup]')?.id), group, 'the focus stays on the question');
  assert.equal(await app.getByRole('heading', { name: '一次告知' }).count(), 0, 'not back at the notice');
  // And in the draft, as any answer: saved at once (the first answer starts the draft).
  const draftId = decodeURIComponent(/#\/apply\/([^/]+)\//.exec(page.url())[1]);
  await page.waitForFunction((key) => /"sfdb@applicant":"0"/.test(window.localStorage.getItem(key) ?? ''), `sqsb.draft.${draftId}`);
  await app.getByText('已自动保存').waitFor();
  await screenshot(page, 'prerendered-apply-taken-over');
  assert.deepEqual(await axeViolations(page), [], 'the app after the hand-over');
  // The app's way back is its notice of the same draft.
  await page.goBack();
  await page.waitForURL(/#\/apply\/[^/]+\/notice$/);
  await app.getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('出生: the app taking over at the notice, before 开始填表', async () => {
  const { page, release } = await heldPage();
  await page.goto(`${env.url}${BIRTH}`, { waitUntil: 'domcontentloaded' });
  await staticScreen(page).getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
  release();
  await waitForApp(page);
  await page.waitForURL(/#\/apply\/[^/]+\/notice$/);
  assert.equal(await staticScreen(page).count(), 0);
  const app = page.locator('.sq-app[data-build="full"]');
  await app.getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
  // The app's notice has the 办事日程, which the prerendered one leaves to it.
  await app.locator('.sq-schedule, .sq-schedule-none').first().waitFor();
  await app.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/#\/apply\/[^/]+\/form\/\d+$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a stored draft of the chain: the prerendered screens are not used, the app continues the draft', async () => {
  // A draft made the ordinary way: the app opened at 出生, an answer given.
  const first = await env.phonePage();
  await first.goto(`${env.url}${BIRTH}`);
  await waitForApp(first);
  await first.getByRole('link', { name: '开始填表' }).click();
  await first.waitForURL(/#\/apply\/[^/]+\/form\/\d+$/);
  const draftUrl = first.url();
  await first.getByRole('radio', { name: '否' }).check();
  const draftId = decodeURIComponent(/#\/apply\/([^/]+)\//.exec(draftUrl)[1]);
  await first.waitForFunction((key) => /"sfdb@applicant":"0"/.test(window.localStorage.getItem(key) ?? ''), `sqsb.draft.${draftId}`);
  const storage = await first.context().storageState();

  // The same device opens 出生 again, with the app held back: the loading state, no prerendered notice.
  const { page, release } = await openDeclined(storage, 'a stored draft');
  assert.equal(await page.locator('a[href*="prerendered"]').count(), 0);
  release();
  await waitForApp(page);
  // The app continues the stored draft where it was.
  await page.waitForURL((url) => url.hash.startsWith(`#/apply/${encodeURIComponent(draftId)}/`));
  assert.ok(await page.getByRole('radio', { name: '否' }).isChecked(), 'the stored answer');
  assert.deepEqual(page.problems, []);
  await first.context().close();
  await page.context().close();
});

test('a stored profile (我的档案): the prerendered screens are not used, the app prefills the form', async () => {
  // The stored profile format (sqsb_core::draft::Profile, as retention.test.mjs writes it), under the app's key
  // name (src/apply/store.rs PROFILE_KEY): the parents' mobile numbers, kept just now.
  const now = Date.now();
  const kept = { 'sjhm@father': '13800138000', 'sjhm@mother': '13900139000' };
  const values = Object.fromEntries(Object.entries(kept).map(([key, value]) => [key, { value, kept: now }]));
  const profile = { v: 2, values, updated: now };
  const storageState = { cookies: [], origins: [{ origin: new URL(env.url).origin,
    localStorage: [{ name: 'sqsb.profile.v1', value: JSON.stringify(profile) }] }] };
  // The notice arrived and was declined: the loading state, no prerendered notice that would ignore the profile.
  const { page, release } = await openDeclined(storageState, 'a stored profile');
  assert.equal(await isReady(page), false);
  release();
  await waitForApp(page);
  // The app's own notice and first step; the form starts with the kept answers (src/apply/form.rs prefills once).
  const app = page.locator('.sq-app[data-build="full"]');
  await app.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/#\/apply\/[^/]+\/form\/\d+$/);
  const draftId = decodeURIComponent(/#\/apply\/([^/]+)\//.exec(page.url())[1]);
  const prefilled = await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? 'null'),
    `sqsb.prefilled.${draftId}`).then((handle) => handle.jsonValue());
  assert.deepEqual(prefilled.sort(), Object.keys(kept).sort(), 'the kept numbers prefilled');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the back button on the prerendered first step returns to the prerendered notice, as in the app', async () => {
  const { page, release } = await heldPage();
  await page.goto(`${env.url}${BIRTH}`, { waitUntil: 'domcontentloaded' });
  const screen = staticScreen(page);
  const noticeTitle = screen.getByRole('heading', { level: 1, name: '一次告知' });
  await noticeTitle.waitFor();
  await screen.getByRole('link', { name: '开始填表' }).click();
  await screen.getByRole('radio', { name: '否' }).waitFor();
  // Back: the notice again, at the same address, still before the app.
  await page.goBack({ waitUntil: 'commit' });
  await noticeTitle.waitFor();
  assert.equal(await screen.getByRole('radio', { name: '否' }).count(), 0, 'the first step is gone');
  assert.match(page.url(), /#\/start\/scenario\/personal\/1\.1$/);
  assert.equal(await isReady(page), false);
  await screenshot(page, 'prerendered-apply-back');
  assert.deepEqual(await axeViolations(page), [], 'the prerendered notice after back');
  // Forward: the first step again; its 上一步 goes back the same way.
  await page.goForward({ waitUntil: 'commit' });
  await screen.getByRole('radio', { name: '否' }).waitFor();
  await screen.getByRole('link', { name: '上一步' }).click();
  await noticeTitle.waitFor();
  await screen.getByRole('link', { name: '开始填表' }).click();
  await screen.getByRole('radio', { name: '否' }).check();

  // The app takes over at the step. Its history is what it would be had it run from the start: back is its
  // notice, and back again leaves the application (here: the blank page the test opened first).
  release();
  await waitForApp(page);
  await page.waitForURL(/#\/apply\/[^/]+\/form\/\d+$/);
  const app = page.locator('.sq-app[data-build="full"]');
  assert.ok(await app.getByRole('radio', { name: '否' }).isChecked(), 'the answer went over');
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForURL(/#\/apply\/[^/]+\/notice$/);
  await app.getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForURL((url) => !url.href.startsWith(env.url));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('where the prerendered screens cannot be right, the loading state shows until the app runs', async () => {
  // A notice that asks (工作 4.3: situation questions), 长辈版 (one question per screen), English.
  for (const address of ['#/start/scenario/personal/4.3', `?elder=1${BIRTH}`, `?lang=en${BIRTH}`]) {
    const { page, release } = await heldPage();
    await page.goto(`${env.url}${address}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.sq-boot').waitFor();
    // The notice's file has arrived by the time boot.js has decided (the loading state stays).
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => /apply-screens\.js$/.test(r.name))
      || !/scenario\/personal\/4\.3/.test(location.hash));
    assert.equal(await staticScreen(page).count(), 0, `${address}: no prerendered screen`);
    assert.equal(await isReady(page), false);
    release();
    await waitForApp(page);
    await page.locator('.sq-app[data-build="full"] #sq-notice-title').waitFor();
    assert.deepEqual(page.problems, [], address);
    await page.context().close();
  }
});

test('开始填表 tapped while the app is mounting beside the notice: the first step shows, and the app takes over there', async () => {
  // The first step's file is held until the app has mounted (hidden, beside the prerendered notice): the step then
  // arrives after the mount, and must neither cover the app nor be lost.
  const { page, release } = await heldPage();
  let releaseStep;
  const stepHeld = new Promise((resolve) => { releaseStep = resolve; });
  await page.route('**/pkg/pages/start-personal-1.1-form.html', async (route) => { await stepHeld; await route.continue(); });
  await page.goto(`${env.url}${BIRTH}`, { waitUntil: 'domcontentloaded' });
  const notice = staticScreen(page);
  await notice.getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
  await notice.getByRole('link', { name: '开始填表' }).click();
  release();
  await page.waitForFunction(() => performance.getEntriesByName('sqsb:app-mounted').length > 0);
  releaseStep();
  await waitForApp(page);
  await page.waitForURL(/#\/apply\/[^/]+\/form\/\d+$/);
  assert.equal(await staticScreen(page).count(), 0);
  await page.locator('.sq-app[data-build="full"]').getByRole('radio', { name: '否' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the app mounts only once the prerendered notice has been painted and the page was idle, so a first tap is answered at once', async () => {
  // The page's idle callbacks are held by the test (apply-screens.js `settled` waits for one after the notice's
  // paint), and the wasm is released only once the prerendered notice is on screen, so the app is compiled while
  // the notice shows: without the wait it would mount at once.
  const { page, release } = await heldPage();
  await page.addInitScript(() => {
    window.sqHeldIdle = [];
    window.requestIdleCallback = (callback) => window.sqHeldIdle.push(callback);
  });
  await page.goto(`${env.url}${BIRTH}`, { waitUntil: 'domcontentloaded' });
  const notice = staticScreen(page);
  await notice.getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
  release();
  await page.waitForFunction(() => performance.getEntriesByName('sqsb:app-compiled').length > 0);
  // Two frames after the app was compiled: still not mounted, the notice still the prerendered one.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.equal(await page.evaluate(() => performance.getEntriesByName('sqsb:app-mounted').length), 0, 'the app waits for an idle moment');
  assert.ok(await page.evaluate(() => window.sqHeldIdle.length > 0), 'it asked for one');
  // The citizen's tap is answered by the prerendered screens meanwhile.
  await notice.getByRole('link', { name: '开始填表' }).click();
  await staticScreen(page).locator('form').getByRole('radio', { name: '否' }).waitFor();
  // The page goes idle: the app mounts and takes over at the first step.
  await page.evaluate(() => { for (const callback of window.sqHeldIdle.splice(0)) callback({ didTimeout: false, timeRemaining: () => 50 }); });
  await waitForApp(page);
  await page.waitForURL(/#\/apply\/[^/]+\/form\/\d+$/);
  assert.equal(await staticScreen(page).count(), 0);
  const marks = await page.evaluate(() => Object.fromEntries(['sqsb:prerendered-notice', 'sqsb:app-mounted']
    .map((name) => [name, performance.getEntriesByName(name)[0]?.startTime])));
  assert.ok(marks['sqsb:prerendered-notice'] < marks['sqsb:app-mounted'], JSON.stringify(marks));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the app never waits for a prerendered notice that has not arrived: it mounts and shows its own', async () => {
  // The notice's file is held past the app's mount (a slow or lost request): the app shows its own notice, and the
  // late file, once it arrives, is not put over it.
  const page = await env.phonePage({ serviceWorkers: 'block' });
  let releaseNotice;
  const noticeHeld = new Promise((resolve) => { releaseNotice = resolve; });
  await page.route('**/pkg/pages/start-personal-1.1.html', async (route) => { await noticeHeld; await route.continue(); });
  await page.goto(`${env.url}${BIRTH}`, { waitUntil: 'domcontentloaded' });
  await waitForApp(page);
  const app = page.locator('.sq-app[data-build="full"]');
  await app.getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
  assert.equal(await staticScreen(page).count(), 0, 'nothing prerendered while the file is held');
  releaseNotice();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => /start-personal-1\.1\.html$/.test(r.name)));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.equal(await staticScreen(page).count(), 0, 'the late file is not shown over the app');
  assert.ok(await app.isVisible());
  await app.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/#\/apply\/[^/]+\/form\/\d+$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('at a link to an application, the prerendered home is not shown before boot.js replaces it; never hidden for good', async () => {
  // boot.js never arrives (a lost request): early.js hid the home at the application's link, and shows the page
  // again after 10 s rather than leave it blank. At the home's own address nothing is hidden.
  const page = await env.phonePage({ serviceWorkers: 'block' });
  await page.clock.install();
  await page.route('**/boot.js', (route) => route.abort());
  await page.goto(`${env.url}${BIRTH}`, { waitUntil: 'domcontentloaded' });
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('sq-away')));
  assert.equal(await page.locator('#app').isVisible(), false, 'the home is not laid out at an application link');
  await page.clock.runFor(10_000);
  await page.locator('#app').getByRole('link', { name: /出生/ }).first().waitFor();
  await page.goto(`${env.url}#/`, { waitUntil: 'domcontentloaded' });
  assert.ok(await page.locator('#app').isVisible(), 'the home at its own address');
  await page.context().close();
  // With boot.js, the page shows as soon as it has replaced the home.
  const { page: held, release } = await heldPage();
  await held.goto(`${env.url}${BIRTH}`, { waitUntil: 'domcontentloaded' });
  await staticScreen(held).getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
  assert.equal(await held.evaluate(() => document.documentElement.classList.contains('sq-away')), false);
  release();
  await waitForApp(held);
  assert.deepEqual(held.problems, []);
  await held.context().close();
});

test('at an application link, early.js asks for its prerendered screens before boot.js runs, and each is downloaded once', async () => {
  const { page, release } = await heldPage();
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  await page.goto(`${env.url}${BIRTH}`, { waitUntil: 'domcontentloaded' });
  await staticScreen(page).getByRole('heading', { level: 1, name: '一次告知' }).waitFor();
  const files = ['/pkg/pages/start-personal-1.1.html', '/pkg/pages/start-personal-1.1-form.html', '/apply-screens.js'];
  const timing = await page.evaluate((names) => {
    const boot = performance.getEntriesByName('sqsb:boot')[0].startTime;
    return names.map((name) => {
      const entries = performance.getEntriesByType('resource').filter((r) => new URL(r.name).pathname === name);
      return { name, before: entries.length > 0 && entries[0].startTime < boot };
    });
  }, files);
  for (const { name, before } of timing) assert.ok(before, `${name} asked for before boot.js ran`);
  // boot.js's own requests for the same URLs took early.js's answers: one download each (the names agree).
  for (const file of files) assert.equal(asked.filter((p) => p === file).length, 1, `${file} downloaded once: ${asked.join(' ')}`);
  release();
  await waitForApp(page);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
