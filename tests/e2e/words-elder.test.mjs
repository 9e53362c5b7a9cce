// Words citizens use, and a simpler 长辈版 (issue 25): no item codes, file formats or field keys on any screen a
// citizen walks (the counter's page may show them); which items a question is for only on request; one progress
// counter on a form step; 长辈版's home led by a person's 一件事 with the business lifecycle one tap away; and 长辈版
// never offering to keep a deceased person's details in 我的档案. axe-core on the screens that changed; screenshots
// in target/e2e/.
import fs from 'node:fs';
import path from 'node:path';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, repo, waitForApp, axeViolations, screenshot, PHONE } from './harness.mjs';
import { MOTHER_ID, FATHER_ID, fillSection, next } from './forms.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** An item's catalog code (P001, E012) as text of its own. */
const ITEM_CODE = /\b[EP]\d{3}\b/;
/** The catalog's item types (公共服务 …), which the lists no longer show. */
const ITEM_TYPES = ['行政许可', '行政确认', '行政给付', '公共服务', '其他行政权力', '其他'];
/** A field key (`gmsfhm@mother`); an e-mail address typed into the form is not one. */
const FIELD_KEY = /\b[a-z]{2,}@[a-z_]+\b(?!\.)/;

/** Fails when the screen shows a citizen a code, a file format or a field key (visible text only). */
async function assertPlainWords(page, where) {
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, ITEM_CODE, `${where}: an item code is shown`);
  assert.doesNotMatch(text, /JSON/i, `${where}: a file format is shown`);
  assert.doesNotMatch(text, FIELD_KEY, `${where}: a field key is shown`);
}

/** The progress counters a citizen sees on the screen: the phases' row and any “第 n 步/题，共 m 步/题”. */
async function progressIndicators(page) {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const rows = [...main.querySelectorAll('.sq-progress')].filter(shown).length;
    // The row carries its own count for screen readers: counted as the row, not twice.
    const rowTexts = [...main.querySelectorAll('.sq-progress')].map((el) => el.innerText).join('\n');
    const counters = (main.innerText.match(/第 \d+ [步题]，共 \d+ [步题]/g) ?? []).length
      - (rowTexts.match(/第 \d+ [步题]，共 \d+ [步题]/g) ?? []).length;
    return rows + counters;
  });
}

/** Answers what the screen asks (twice: answers can reveal more questions) and goes on; fails on a refusal. */
async function answerAndGoOn(page, answers, where) {
  await fillSection(page, answers);
  await fillSection(page, answers);
  await next(page);
  const summary = page.locator('.sq-error-summary');
  if (await summary.count()) throw new Error(`${where}: ${await summary.textContent()}`);
}

/** From 核对信息: consents, submits and waits for the receipt. */
async function submit(page) {
  await page.getByLabel('我已阅读并同意上述个人信息处理说明').check();
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/done$/);
  await page.locator('.sq-receipt-status').waitFor();
}

const BIRTH_ANSWERS = {
  ids: { 'sq-f-gmsfhm-mother': MOTHER_ID, 'sq-f-gmsfhm-father': FATHER_ID, 'sq-f-gmsfhm-guardian': '37100219600301004X' },
  choices: { 证件类型: '居民身份证', 随父或随母落户: '随母', 是否委托他人代办: '否', 与申请人关系: '孙子女、外孙子女' },
};

test('出生一件事 from the scenario to the receipt and back home: plain words, items on request, one counter', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/scenario/personal/1.1`);
  await waitForApp(page);
  await page.locator('h1', { hasText: '出生一件事' }).waitFor();
  await assertPlainWords(page, 'scenario');
  // The items are listed by name and department: their type (公共服务, 行政确认 …) is shown on each guide only.
  const tags = (await page.locator('.sq-item-list .sq-tag').allTextContents()).map((tag) => tag.trim());
  assert.deepEqual(tags.filter((tag) => ITEM_TYPES.includes(tag)), [], 'scenario: a type tag is shown');
  assert.ok(await page.locator('.sq-item-list .sq-dept').count() > 0, 'scenario: the items are listed');
  await screenshot(page, 'words-scenario-list');
  await page.getByRole('link', { name: '办理这一件事' }).click();
  await page.locator('#sq-notice-title').waitFor();
  await assertPlainWords(page, 'notice');
  assert.equal(await progressIndicators(page), 1, 'notice: the phases only');

  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  let disclosed = false;
  const counters = [];
  for (let step = 0; step < 20 && !/\/review$/.test(page.url()); step++) {
    await page.locator('.sq-form h1').waitFor();
    const where = `form step ${step + 1} (${await page.locator('h1').first().textContent()})`;
    await assertPlainWords(page, where);
    assert.equal(await progressIndicators(page), 1, `${where}: one progress counter`);
    counters.push(await page.locator('.sq-form-progress').innerText());
    // Nothing about items under the fields unless asked: no count, no type tags, no item list.
    const fieldsText = (await page.locator('.sq-field, .sq-group-field').allInnerTexts()).join('\n');
    assert.doesNotMatch(fieldsText, /用于：|\d+ 个事项|公共服务|行政许可|行政确认|其他行政权力/, where);
    const disclosure = page.locator('.sq-used-by').first();
    if (!disclosed && await disclosure.count()) {
      assert.equal(await disclosure.locator('li').first().isVisible(), false, `${where}: the items are not shown before the tap`);
      await disclosure.getByText('这一项用于哪些事项').click();
      const items = await disclosure.locator('li').allInnerTexts();
      assert.ok(items.length >= 2, `${where}: the items it is asked for, by name: ${items.join('、')}`);
      assert.ok(await disclosure.locator('li').first().isVisible());
      for (const name of items) assert.doesNotMatch(name, ITEM_CODE);
      assert.ok(items.includes('出生医学证明办理') || items.some((n) => /户口|身份证|医保|社保/.test(n)), items.join('、'));
      await screenshot(page, 'words-used-by-open');
      assert.deepEqual(await axeViolations(page), [], `${where}: with the items shown`);
      disclosed = true;
    }
    await answerAndGoOn(page, BIRTH_ANSWERS, where);
  }
  assert.ok(disclosed, 'a question several items ask offers 这一项用于哪些事项');
  assert.match(counters[0], /^第 1 步，共 (\d+) 步$/);
  const total = Number(counters[0].match(/共 (\d+) 步/)[1]);
  assert.equal(counters.at(-1), `第 ${total} 步，共 ${total} 步`, counters.join(' → '));

  await page.locator('h1', { hasText: '核对信息' }).waitFor();
  await assertPlainWords(page, 'review');
  await submit(page);
  await page.getByRole('button', { name: '出示给窗口' }).waitFor();
  await assertPlainWords(page, 'receipt');
  // Each application by name with its own reference, which the counter asks for.
  const rows = await page.locator('#sq-d-receipt ~ ol li').allInnerTexts();
  assert.ok(rows.length >= 3, rows.join('\n'));
  for (const row of rows) assert.match(row, /^\S+（SQ[0-9A-Z]+-\d+）$/, row);
  await screenshot(page, 'words-receipt');
  assert.deepEqual(await axeViolations(page), [], 'receipt');

  await page.getByRole('link', { name: '返回首页' }).click();
  await page.getByRole('heading', { name: '已提交的申请' }).waitFor();
  await assertPlainWords(page, 'home with a receipt');
  await page.goto(`${env.url}#/item/P003`);
  await page.locator('.sq-guide-section').first().waitFor();
  await assertPlainWords(page, 'guide');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** The personal 一件事 cards of data/ui/home.json, in order. */
const personalCards = () => JSON.parse(fs.readFileSync(path.join(repo, 'data/ui/home.json'), 'utf8')).featured
  .filter((f) => f.scenario.startsWith('personal/')).map((f) => f.title);

test('长辈版 home: a person\'s 一件事 on the first screen, the business lifecycle one tap away behind 企业办事', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?elder=1#/`);
  await waitForApp(page);
  await page.locator('.sq-app.sq-elder .sq-feature-card').first().waitFor();
  await screenshot(page, 'elder-home-first-screen');
  const shown = await page.locator('.sq-feature-title').evaluateAll((els) => els
    .filter((el) => el.checkVisibility())
    .map((el) => ({ title: el.textContent, bottom: el.closest('a').getBoundingClientRect().bottom })));
  assert.deepEqual(shown.map((c) => c.title), personalCards(), 'the personal 一件事 cards, and only those');
  // The first screen (390×844, nothing scrolled) shows them all.
  for (const card of shown) assert.ok(card.bottom <= PHONE.height, `${card.title} ends at ${card.bottom} px`);
  // No business on the home: its cards and stages wait behind one tap.
  assert.equal(await page.getByRole('link', { name: /我要开办企业/ }).isVisible(), false);
  assert.equal(await page.getByRole('link', { name: /^企业开办/ }).isVisible(), false);
  const lifecycles = await page.locator('.sq-lifecycle h2').evaluateAll((els) => els
    .filter((el) => el.checkVisibility()).map((el) => el.textContent));
  assert.equal(lifecycles.length, 1, lifecycles.join(' | '));
  assert.match(lifecycles[0], /^我是个人/);
  assert.deepEqual(await axeViolations(page), [], 'elder home');

  const business = page.locator('summary', { hasText: '企业办事' });
  const box = await business.boundingBox();
  assert.ok(box.height >= 60 && box.width >= 60, `企业办事 is a 60×60 target: ${box.width}×${box.height}`);
  await business.click();
  await page.getByRole('link', { name: /我要开办企业/ }).waitFor();
  assert.ok(await page.getByRole('link', { name: /^企业开办/ }).isVisible());
  await screenshot(page, 'elder-home-business-open');
  assert.deepEqual(await axeViolations(page), [], 'elder home, 企业办事 open');
  await page.getByRole('link', { name: /^企业开办/ }).click();
  await page.waitForURL(/#\/stage\/enterprise\/1$/);

  // The standard home is unchanged: both lifecycles and every card on it.
  await page.goto(`${env.url}?elder=0#/`);
  await page.locator('.sq-app:not(.sq-elder) .sq-feature-card').first().waitFor();
  assert.equal(await page.locator('.sq-lifecycle').count(), 2);
  assert.ok(await page.getByRole('link', { name: /我要开办企业/ }).isVisible());
  assert.equal(await page.locator('summary', { hasText: '企业办事' }).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('长辈版 home before the app arrives: the prerendered home already hides the business lifecycle', async () => {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  await page.route('**/pkg/weihai_sqsb_bg.wasm', () => { /* never answered: only the prerendered home */ });
  await page.goto(env.url, { waitUntil: 'domcontentloaded' });
  await page.locator('.sq-app[data-build="static"] .sq-elder-button').click();
  await page.locator('.sq-app.sq-elder[data-build="static"]').waitFor();
  assert.equal(await page.getByRole('link', { name: /我要开办企业/ }).isVisible(), false);
  assert.equal(await page.getByRole('link', { name: /^企业开办/ }).isVisible(), false);
  assert.ok(await page.getByRole('link', { name: /出生一件事/ }).isVisible());
  await screenshot(page, 'elder-home-prerendered');
  await page.context().close();
});

test('长辈版: one progress counter on every form step, and it moves on with each question', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?elder=1#/start/scenario/personal/1.1`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  assert.equal(await progressIndicators(page), 1, 'notice: the phases only');
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  const seen = [];
  for (let step = 0; step < 8; step++) {
    await page.locator('.sq-form h1').waitFor();
    assert.equal(await progressIndicators(page), 1, `screen ${step + 1}: exactly one progress counter`);
    const counter = await page.locator('.sq-form-progress').innerText();
    const [, n, total] = counter.match(/^第 (\d+) 题，共 (\d+) 题$/) ?? [];
    assert.ok(n && Number(n) <= Number(total), counter);
    seen.push(Number(n));
    if (step === 1) await screenshot(page, 'elder-one-counter');
    await answerAndGoOn(page, BIRTH_ANSWERS, counter);
  }
  // Each 下一步 is the next question: 第 1 题, 第 2 题 …
  assert.deepEqual(seen, seen.map((_, i) => i + 1), seen.join(' → '));
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('长辈版 身后一件事 by a child: the receipt never offers to keep the deceased\'s details in 我的档案', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?elder=1#/start/scenario/personal/11.1`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  const DECEASED = '林秀英';
  const answers = { ids: { 'sq-f-gmsfhm-deceased': MOTHER_ID }, choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } };
  for (let step = 0; step < 80 && !/\/review$/.test(page.url()); step++) {
    await page.locator('h1').first().waitFor();
    if ((await page.locator('h1').first().textContent()) === '逝者') {
      const name = page.getByLabel(/^姓名/);
      if (await name.count() && !(await name.inputValue())) await name.fill(DECEASED);
      const death = page.getByLabel(/^死亡日期/);
      if (await death.count()) await death.fill('2026-11-20');
      const cremation = page.getByLabel(/^火化日期/);
      if (await cremation.count()) await cremation.fill('2026-11-22');
    }
    await answerAndGoOn(page, answers, await page.locator('h1').first().textContent());
  }
  await page.locator('h1', { hasText: '核对信息' }).waitFor();
  assert.ok((await page.locator('main').innerText()).includes(DECEASED), 'the deceased was named in the form');
  await submit(page);
  await assertPlainWords(page, 'elder receipt');
  const profile = page.locator('section[aria-labelledby="sq-d-profile"]');
  // The applicant's own details may be kept; the deceased's never (the data's `not_kept`).
  assert.equal(await profile.count(), 1, 'the applicant is offered 我的档案');
  const offered = await profile.locator('.sq-choice').allInnerTexts();
  assert.ok(offered.length > 0);
  for (const line of offered) {
    assert.doesNotMatch(line, /逝者|死亡|火化|殡|遗体/, `offered: ${line}`);
    // How this application stands is not who the citizen is: a yes/no answer is asked afresh each time.
    assert.doesNotMatch(line, /是否委托他人代办/, `offered: ${line}`);
    assert.ok(!line.includes(DECEASED), `offered: ${line}`);
  }
  await screenshot(page, 'elder-receipt-deceased');
  assert.deepEqual(await axeViolations(page), [], 'elder receipt');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
