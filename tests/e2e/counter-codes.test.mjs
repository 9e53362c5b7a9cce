// No host: the citizen takes the application to the 一窗受理 counter. The receipt shows the whole submission as
// SQSB2 QR codes (出示给窗口), read back here from the screen with a QR decoder (jsQR) as a scanner would; they stay
// after a reload until the citizen deletes them, and the home lists the receipt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';
import { fillAll, BIRTH, MOTHER_ID } from './forms.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** The text of the QR code drawn in `figure` (a screenshot of it, decoded). */
export async function readCode(figure) {
  const png = PNG.sync.read(await figure.locator('svg').screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(found, 'a readable QR code');
  return found.data;
}

/** Opens 出示给窗口 on the receipt and reads every code, one screen at a time. */
export async function readAllCodes(scope) {
  await scope.getByRole('button', { name: '出示给窗口' }).click();
  const codes = scope.locator('.sq-codes-view');
  const count = Number((await codes.locator('figcaption').textContent()).match(/共 (\d+) 张/)[1]);
  const parts = [];
  for (let i = 1; i <= count; i++) {
    await codes.locator('figcaption', { hasText: `第 ${i} 张，共 ${count} 张` }).waitFor();
    parts.push(await readCode(codes.locator('.sq-code')));
    if (i < count) await codes.getByRole('button', { name: '下一张' }).click();
  }
  return parts;
}

/** Submits a chain (出生一件事 unless told) on the plain page (no host); returns the review screen's answers
 *  ([label, value] pairs). */
export async function submitBirthWithoutHost(page, query = '', start = 'scenario/personal/1.1', answers = BIRTH) {
  await page.goto(`${env.url}${query}#/start/${start}`);
  await waitForApp(page);
  await page.getByRole('link', { name: '开始填表' }).click();
  await fillAll(page, answers, { axe: false });
  const review = await page.locator('.sq-review').evaluateAll((lists) => lists.flatMap((dl) => [...dl.querySelectorAll('dt')]
    .filter((dt) => !dt.classList.contains('sq-member-title'))
    .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? ''])));
  await page.getByLabel('我已阅读并同意上述个人信息处理说明').check();
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.locator('h1', { hasText: '申请未发送' }).waitFor();
  return review;
}

test('no host: the receipt shows the whole application as QR codes for the counter, kept after a reload until '
  + 'deleted; the home lists it', async () => {
  const page = await env.phonePage();
  const review = await submitBirthWithoutHost(page);
  assert.ok(review.some(([, v]) => v === MOTHER_ID), 'the review showed the mother\'s ID');
  const parts = await readAllCodes(page);
  assert.ok(parts.length >= 1 && parts.length <= 3, `${parts.length} codes`);
  parts.forEach((p, i) => assert.match(p, new RegExp(`^SQSB2:${i + 1}/${parts.length}:`)));
  assert.ok(parts.every((p) => p.length <= 1000), 'each part fits a QR version 20 at ECC M');
  assert.match(await page.locator('.sq-codes-view').textContent(), /只出示给窗口工作人员/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'counter-codes');

  // At the counter: the clerk's scanner types the parts, here in reverse order; the page shows what the citizen
  // reviewed, value for value.
  const counter = await page.context().newPage();
  await counter.goto(`${env.url}counter.html`);
  const box = counter.getByLabel('扫描二维码或输入二维码内容');
  for (const part of [...parts].reverse()) {
    await box.fill(part);
    await box.press('Enter');
  }
  const result = counter.locator('.sq-counter-result');
  await result.waitFor();
  const shown = await result.textContent();
  for (const [label, value] of review.filter(([, v]) => v && v !== '未填写')) {
    assert.ok(shown.includes(value), `the counter shows ${label}：${value}`);
  }
  const printed = (await page.locator('.sq-receipt-status .sq-reference').textContent()).replace(/^受理参考号：/, '').trim();
  assert.ok(shown.includes(printed), `the counter shows the receipt's reference ${printed}`);
  assert.deepEqual(await axeViolations(counter), []);
  await counter.close();

  // After a reload (and from the home's list) the same codes are there: the application is kept for the counter.
  await page.reload();
  await waitForApp(page);
  await page.locator('h1', { hasText: '申请未发送' }).waitFor();
  assert.deepEqual(await readAllCodes(page), parts);
  await page.getByRole('link', { name: '返回首页' }).click();
  const listed = page.locator('.sq-receipts li').first();
  await listed.waitFor();
  assert.match(await listed.textContent(), /未发送，可到窗口办理/);
  await listed.getByRole('link', { name: /查看回执/ }).click();
  await page.locator('h1', { hasText: '申请未发送' }).waitFor();

  // Deleted: the codes and the data go, the receipt (no personal data) stays.
  await page.getByRole('button', { name: '删除本机保存的申请内容' }).click();
  await page.locator('.sq-codes').waitFor({ state: 'detached' });
  const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join('\n'));
  assert.ok(!stored.includes(MOTHER_ID), 'the ID number is nowhere in storage');
  assert.match(await page.locator('.sq-reference').first().textContent(), /受理参考号：SQ/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('长辈版: the counter codes are large, with the page turned by buttons of 60 px', async () => {
  const page = await env.phonePage();
  // 长辈版 asks one question at a time: a one-item chain keeps the walk short.
  await submitBirthWithoutHost(page, '?elder=1', 'item/P082', { choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } });
  await page.getByRole('button', { name: '出示给窗口' }).click();
  const code = page.locator('.sq-codes-view .sq-code svg');
  const box = await code.boundingBox();
  assert.ok(box.width >= 300, `the code is ${box.width} px wide`);
  const button = await page.getByRole('button', { name: '打印全部二维码' }).boundingBox();
  assert.ok(button.height >= 60, `buttons ${button.height} px high`);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'counter-codes-elder');
  await page.context().close();
});
