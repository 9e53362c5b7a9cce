// Filling forms as a hurried citizen would: plausible answers by label, only what is required. Shared by the
// apply, accessibility, offline and embedding tests.
import assert from 'node:assert/strict';
import { axeViolations, screenshot } from './harness.mjs';

// GB 11643's own examples: a woman born 1949-12-31, a man born 1880-01-01.
export const MOTHER_ID = '11010519491231002X';
export const FATHER_ID = '440524188001010014';
// GB 32100's published example.
export const USCC = '91110000600037341L';

/** A plausible answer for a field, by its label (labels are the dictionary's, as a citizen reads them). */
export function answerFor(label) {
  if (/公民身份号码/.test(label)) return MOTHER_ID; // a real, valid number unless a role's own is given
  if (/统一社会信用代码/.test(label)) return USCC;
  if (/证件号码/.test(label)) return MOTHER_ID; // with 证件类型 = 居民身份证
  if (/手机/.test(label)) return '13800138000';
  if (/账号/.test(label)) return '6222 0202 0011 2233 445'; // digits only; spaces as on a bank card
  if (/固定电话/.test(label)) return '0631-5200000';
  if (/邮政编码/.test(label)) return '264200';
  if (/邮箱/.test(label)) return 'test@example.com';
  // An appointment or a wished-for date cannot lie in the past (the dictionary's `dates`): a week ahead.
  if (/预约|期望/.test(label)) return new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10);
  if (/日期|期限/.test(label)) return '2026-11-01';
  if (/时刻|时间/.test(label)) return '08:30';
  if (/地址|住所|地点|场所|坐落/.test(label)) return '威海市环翠区新威路1号';
  if (/金额|资本|出资额|面积|人数|比例/.test(label)) return '10';
  if (/姓名|名称/.test(label)) return '张三';
  return '测试内容';
}

/**
 * Fills every visible, empty field of the current section. `ids` maps a field DOM id prefix to an ID number.
 * Choice fields take their first option unless `choices` names one by label.
 */
export async function fillSection(page, { ids = {}, choices = {} } = {}) {
  // Only what is required, as a hurried citizen would.
  const fields = page.locator('.sq-field');
  const n = await fields.count();
  for (let i = 0; i < n; i++) {
    const field = fields.nth(i);
    if (!(await field.isVisible())) continue;
    if (!(await field.locator('.sq-req:not(.sq-opt)').count())) continue;
    const label = ((await field.locator('.sq-label').textContent()) ?? '').replace(/必填|选填/g, '').trim();
    const radios = field.locator('input[type=radio]');
    if (await radios.count()) {
      if (await field.locator('input[type=radio]:checked').count()) continue;
      const wanted = choices[label] ?? '否';
      const option = field.getByLabel(wanted, { exact: true });
      await ((await option.count()) ? option : radios.first()).check();
      continue;
    }
    const boxes = field.locator('input[type=checkbox]');
    if (await boxes.count()) {
      if (!(await field.locator('input[type=checkbox]:checked').count())) await boxes.first().check();
      continue;
    }
    const select = field.locator('select');
    if (await select.count()) {
      if (await select.inputValue()) continue;
      // The option whose words contain the wanted choice (随母 → 随母亲落户), else the first real option.
      const options = await select.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
      const wanted = choices[label] && options.find(([v, text]) => v && text.includes(choices[label]));
      await select.selectOption(wanted ? wanted[0] : { index: 1 });
      continue;
    }
    const input = field.locator('input, textarea').first();
    if (await input.getAttribute('readonly') !== null) continue;
    if (await input.inputValue()) continue;
    const id = await input.getAttribute('id');
    const idNumber = /公民身份号码/.test(label) ? Object.entries(ids).find(([prefix]) => id.startsWith(prefix)) : null;
    const numeric = (await input.getAttribute('inputmode')) === 'decimal';
    const value = idNumber ? idNumber[1] : numeric ? '10' : answerFor(label);
    await input.fill(value);
    await input.blur();
  }
}

/** Clicks 下一步 and waits for what comes next: the next section, the next question (长辈版 asks one at a time under
 *  the same heading), or an error summary — whatever changes the screen's text. `page` may be a page, a frame or
 *  a locator of an embedded instance (its routes are in memory, not in the URL). */
export async function next(page) {
  const main = page.locator('main').first();
  const before = await main.innerText();
  await page.getByRole('button', { name: '下一步' }).click();
  for (let waited = 0; waited < 5000; waited += 50) {
    if ((await main.innerText()) !== before) return;
    await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
}

const atReview = async (scope) => (await scope.locator('h1').first().textContent()) === '核对信息';

/**
 * Walks the form sections until the review screen (核对信息), filling as it goes. `scope` is the page, or a
 * locator of an embedded instance; axe and screenshots need the page (`{ page, shotPrefix, axe }`).
 */
export async function fillAll(scope, options, { page = scope, shotPrefix, axe = true } = {}) {
  for (let step = 0; step < 20; step++) {
    await scope.locator('h1').first().waitFor();
    if (await atReview(scope)) break;
    await fillSection(scope, options);
    // Conditional fields may appear after an answer: fill again.
    await fillSection(scope, options);
    if (shotPrefix) await screenshot(page, `${shotPrefix}-form-${step + 1}`);
    if (axe) assert.deepEqual(await axeViolations(page), [], `form step ${step + 1}`);
    await next(scope);
    const summary = scope.locator('.sq-error-summary');
    if (await summary.count()) throw new Error(`section has errors: ${await summary.textContent()}`);
  }
  assert.ok(await atReview(scope), 'reached 核对信息');
}


/** Answers for the 出生 chain: each parent's own ID number, 随母 registration, no agent. */
export const BIRTH = {
  ids: { 'sq-f-gmsfhm-mother': MOTHER_ID, 'sq-f-gmsfhm-father': FATHER_ID },
  choices: { 证件类型: '居民身份证', 随父或随母落户: '随母', 是否委托他人代办: '否' },
};

/** The receipt's heading says where the submission stands (src/apply/review.rs `ReceiptStatus`). */
export const RECEIPT_TITLE = /^申请(已送达|待送达|未被接收|未发送)$/;

/** Submits the 出生 chain in an embedded instance, from its scenario screen to the receipt. */
export async function submitBirth(page, app) {
  await app.getByRole('link', { name: '办理这一件事' }).click();
  await app.getByRole('link', { name: '开始填表' }).click();
  await fillAll(app, BIRTH, { page, axe: false });
  await app.getByLabel('我已阅读并同意上述个人信息处理说明').check();
  await app.getByRole('button', { name: '提交申请' }).click();
  await app.locator('h1', { hasText: RECEIPT_TITLE }).waitFor();
}
