// A crash is never silent: a WebAssembly trap after the app mounted shows a message with 重新加载 instead of a page
// that has silently stopped answering (boot.src.js; src/crash.rs does the same from inside the wasm, tested in
// tests/crash.rs), what was typed is saved, and the reload resumes it. Errors that are not ours show nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';
import { fillSection, next } from './forms.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const MESSAGE = '很抱歉，页面出现问题，已停止运行。您填写的内容已自动保存在本机，重新加载后可以继续办理。';
// What a trap looks like to the page: a WebAssembly.RuntimeError nobody catches.
const trap = (page) => page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }));
// The page errors this test causes on purpose; anything else is a problem.
const unexpected = (page) => page.problems.filter((p) => p !== 'pageerror: unreachable');

test('a trap during an application says so, saves the typing, and 重新加载 resumes the draft', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/start/scenario/personal/1.1`);
  await waitForApp(page);
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  await page.locator('.sq-field').first().waitFor();
  await fillSection(page, { choices: { 是否委托他人代办: '否' } });
  await next(page); // 新生儿: its 姓名 is the first question
  const field = page.getByLabel(/^姓名/);
  await field.waitFor();
  const fieldId = await field.getAttribute('id');

  // Typed, then the crash, well within the autosave's 600 ms pause: saved all the same, because the crash asks open
  // forms to save (the sqsb:before-update event). All in the page, so that the test's own pace does not count.
  const saved = await page.evaluate(async (id) => {
    const started = performance.now();
    const input = document.getElementById(id);
    input.value = '王小明';
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const drafts = Object.keys(localStorage).filter((k) => k.startsWith('sqsb.draft.'));
    return { drafts: drafts.map((k) => localStorage.getItem(k)), elapsed: performance.now() - started };
  }, fieldId);
  assert.ok(saved.elapsed < 600, `checked before the autosave would have run (${saved.elapsed} ms)`);
  assert.equal(saved.drafts.length, 1);
  assert.ok(saved.drafts[0].includes('王小明'), 'the typing is in the stored draft');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.locator('p').textContent(), MESSAGE);
  assert.equal(await alert.locator('h1').textContent(), '页面出现问题');
  const reload = page.getByRole('button', { name: '重新加载' });
  assert.equal(await reload.count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '重新加载', 'focus on the button');
  assert.equal(await page.locator('.sq-field').count(), 0, 'the stopped form is gone');
  // Once: a crashed module throws again on every call into it.
  await trap(page);
  await page.waitForTimeout(200);
  assert.equal(await page.locator('.sq-crash').count(), 1, 'not stacked');
  await screenshot(page, 'crash-message');
  assert.deepEqual(await axeViolations(page), []);

  await Promise.all([page.waitForEvent('load'), reload.click()]);
  await waitForApp(page);
  const resumed = page.locator(`#${fieldId}`);
  await resumed.waitFor();
  assert.equal(await resumed.inputValue(), '王小明', 'the answer typed just before the crash is back');
  assert.equal(await page.locator('.sq-crash').count(), 0);
  await page.goto(env.url);
  await page.getByRole('heading', { name: '未完成的申请' }).waitFor();
  assert.ok(await page.getByRole('link', { name: /继续办理：/ }).count() >= 1, 'the draft is listed');
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('in 长辈版 the message keeps the large type and a 60 px button', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?elder=1`);
  await waitForApp(page);
  await page.locator('.sq-app.sq-elder').waitFor();
  await trap(page);
  const button = page.getByRole('button', { name: '重新加载' });
  await button.waitFor();
  assert.equal(await page.locator('.sq-crash.sq-elder').count(), 1);
  const box = await button.boundingBox();
  assert.ok(box.height >= 60 && box.width >= 60, `button ${box.width}×${box.height}`);
  const size = await page.locator('.sq-crash p').evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
  assert.ok(size >= 18, `text ${size}px`);
  await screenshot(page, 'crash-message-elder');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('errors that are not ours show nothing', async () => {
  const page = await env.phonePage();
  await page.goto(env.url);
  await waitForApp(page);
  await page.evaluate(() => {
    // Another origin's script, a data: URL, a same-origin script of the page that is not ours, a browser
    // extension's rejected promise, and a cross-origin script's opaque "Script error.".
    window.dispatchEvent(new ErrorEvent('error', { filename: 'https://elsewhere.example/x.js', error: new Error('x') }));
    window.dispatchEvent(new ErrorEvent('error', { filename: 'data:text/javascript,throw 1', error: new Error('x') }));
    window.dispatchEvent(new ErrorEvent('error', { filename: `${location.origin}/portal-demo.js`, error: new Error('x') }));
    window.dispatchEvent(new ErrorEvent('error', { message: 'Script error.' }));
    const rejected = Promise.reject(new Error('an extension failed'));
    window.dispatchEvent(new PromiseRejectionEvent('unhandledrejection', { promise: rejected, reason: new Error('x') }));
    rejected.catch(() => {});
  });
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.sq-crash').count(), 0);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(await page.locator('.sq-stage-card').count(), 17, 'the app still shows');
  // Ours: an error thrown by a script under pkg/ (the JS glue, a snippet) does show it.
  await page.evaluate(() => window.dispatchEvent(new ErrorEvent('error', {
    filename: new URL('./pkg/weihai_sqsb.js', location.href).href, error: new TypeError('x'),
  })));
  await page.getByRole('button', { name: '重新加载' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
