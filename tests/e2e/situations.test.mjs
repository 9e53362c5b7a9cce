// Choosing what applies to me (issue 21): plain situation questions on the notice (radio buttons for
// alternatives), the items that apply and those that do not with their reasons, no dead ends when items cannot go
// together, nothing moving under the finger, 婚育 asking 结婚 or 离婚 first, and 长辈版 one question per screen with
// MIIT sizes on every screen of a chain. axe on each screen; screenshots in target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';
import { fillAll } from './forms.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** The focused element's box (rounded), to show a choice moved nothing under the finger. */
const focusedBox = (page) => page.evaluate(() => {
  const r = document.activeElement.getBoundingClientRect();
  return [r.x, r.y, r.width, r.height].map(Math.round);
});

/** What a citizen must never read: item ids, field keys, option codes. */
function assertNoCodes(text, where) {
  assert.doesNotMatch(text, /\b[EP]\d{3}(-\d+)?\b|@|\b(qylx|llc|branch|enterprise)\b/, `${where}: ${text}`);
}

test('我要开办企业: 分公司 chosen by its plain words ends at the form with no conflict', async () => {
  const page = await env.phonePage();
  await page.goto(env.url);
  await waitForApp(page);
  await page.getByRole('link', { name: /我要开办企业/ }).click();
  await page.getByRole('link', { name: '办理这一件事' }).click();
  await page.locator('#sq-notice-title').waitFor();
  // The usual case is chosen to begin with, as a radio button among alternatives.
  const company = page.getByRole('radio', { name: '一家新公司（有限责任公司或股份有限公司）' });
  assert.ok(await company.isChecked(), 'a new company is the usual case');
  assert.equal(await page.getByRole('checkbox', { name: '公司设立登记', exact: true }).count(), 0, 'no administrative names to tick');
  const branch = page.getByRole('radio', { name: '已有公司的分公司' });
  await branch.focus();
  const before = await focusedBox(page);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => /需要办理：分公司设立登记/.test(document.querySelector('.sq-applies')?.textContent ?? ''));
  assert.ok(await branch.isChecked() && !(await company.isChecked()), 'alternatives: one at a time');
  assert.deepEqual(await focusedBox(page), before, 'the chosen answer stays where it was');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('type')), 'radio', 'focus kept');
  const applies = await page.locator('.sq-applies').first().textContent();
  assert.match(applies, /不需要办理：公司设立登记，因为您要设立的不是公司。/);
  assertNoCodes(applies, 'items list');
  await screenshot(page, 'situations-company-branch');
  assert.deepEqual(await axeViolations(page), [], 'notice with questions');
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.locator('.sq-form').waitFor();
  assert.equal(await page.getByText('暂时无法加载').count(), 0);
  assert.equal(await page.getByRole('heading', { name: '还不能开始填表' }).count(), 0);
  await screenshot(page, 'situations-company-branch-form');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('two items that cannot go together: plain words, no codes, a way on to the form', async () => {
  const page = await env.phonePage();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(`${env.url}#/start/scenario/enterprise/1.1`);
  await waitForApp(page);
  await page.getByRole('radio', { name: '已有公司的分公司' }).check();
  // Added by hand although it does not apply: the two registrations exclude each other.
  await page.getByRole('button', { name: '仍要办理：公司设立登记' }).click();
  const problem = page.getByRole('alert').filter({ hasText: '不能在同一份申请中一起办理' });
  await problem.waitFor();
  const text = await problem.textContent();
  assert.match(text, /“公司设立登记”和“分公司设立登记”/);
  assert.doesNotMatch(text, /网络/, 'not a network failure');
  assertNoCodes(text, 'problem');
  assert.ok(warnings.some((w) => w.startsWith('weihai-sqsb:') && w.includes('qylx@enterprise')), 'codes go to the console');
  await screenshot(page, 'situations-problem');
  assert.deepEqual(await axeViolations(page), [], 'problem');
  assert.equal(await page.getByRole('link', { name: '返回上一步' }).count(), 1);
  // Either item may go, whatever the autosave has stored yet.
  assert.equal(await page.getByRole('button', { name: '不办理“分公司设立登记”' }).count(), 1);
  await page.getByRole('button', { name: '不办理“公司设立登记”' }).click();
  await page.locator('#sq-notice-title').waitFor();
  assert.ok(await page.getByRole('radio', { name: '已有公司的分公司' }).isChecked());
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.locator('.sq-form').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('婚育: the couple says what they want to do first; marrying asks no 离婚协议书', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/start/scenario/personal/7.1`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  assert.ok(await page.getByRole('radio', { name: '结婚登记（双方都是内地居民）' }).isChecked());
  const materials = () => page.locator('.sq-checklist .sq-material-name').allTextContents();
  assert.deepEqual(await page.locator('.sq-notice-item-name').allTextContents(), ['内地居民结婚登记']);
  assert.ok(!(await materials()).some((m) => m.includes('离婚')), (await materials()).join('、'));
  const divorce = page.getByRole('radio', { name: '离婚登记（双方都是内地居民）' });
  await divorce.focus();
  const before = await focusedBox(page);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => [...document.querySelectorAll('.sq-notice-item-name')].map((e) => e.textContent).join() === '内地居民离婚登记');
  assert.deepEqual(await focusedBox(page), before, 'the chosen answer stays where it was');
  assert.ok((await materials()).some((m) => m.includes('离婚协议')));
  await screenshot(page, 'situations-marriage-divorce');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('工作 (社会保障): every question answered with the keyboard only, nothing moving', async () => {
  const page = await env.phonePage({ hasTouch: false, isMobile: false });
  await page.goto(`${env.url}#/start/scenario/personal/4.3`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  const questions = page.locator('.sq-question');
  const count = await questions.count();
  assert.ok(count >= 5, `${count} questions`);
  assert.equal(await page.getByRole('link', { name: '开始填表' }).count(), 0, 'open questions first');
  for (let i = 0; i < count; i++) {
    const first = questions.nth(i).locator('input').first();
    const checkedBefore = await first.isChecked();
    // Tab into the question from the control before it, as a keyboard user would.
    await first.focus();
    const before = await focusedBox(page);
    if (!checkedBefore) await page.keyboard.press('Space');
    await page.waitForFunction((n) => document.querySelectorAll('.sq-question')[n].querySelector('input').checked, i);
    assert.deepEqual(await focusedBox(page), before, `question ${i + 1}: the control stays where it was`);
    await page.keyboard.press('Tab');
  }
  const go = page.getByRole('link', { name: '开始填表' });
  await go.focus();
  await page.keyboard.press('Enter');
  await page.locator('.sq-form').waitFor();
  await screenshot(page, 'situations-work-form');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** Sizes the MIIT rules set (as in a11y.test.mjs): text under 18 px and targets under 60×60 on the screen. */
async function elderProblems(page) {
  return page.evaluate(() => {
    const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
    const text = [...document.querySelectorAll('main p, main li, main dd, main dt, main label, main span, main a, main h3, main legend')]
      .filter((el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
      .map((el) => [el.textContent.trim().slice(0, 20), parseFloat(getComputedStyle(el).fontSize)]).filter(([, s]) => s < 18);
    const targets = [...document.querySelectorAll('main a[href], main button, main input:not([type=checkbox]):not([type=radio]), main select, main summary, main label')]
      .filter(visible).map((el) => { const r = el.getBoundingClientRect(); return [el.textContent.trim().slice(0, 16) || el.id, Math.round(r.width), Math.round(r.height)]; })
      .filter(([, w, h]) => w < 60 || h < 60);
    return { text, targets };
  });
}

test('长辈版: one situation question per screen, and MIIT sizes on every screen of a chain', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?elder=1#/start/scenario/personal/4.3`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  const counter = page.locator('.sq-question-no');
  const [, total] = (await counter.textContent()).match(/第 1 个问题，共 (\d+) 个/) ?? [];
  assert.ok(Number(total) >= 5, await counter.textContent());
  for (let n = 1; n <= Number(total); n++) {
    assert.equal(await page.locator('.sq-question:visible').count(), 1, `question ${n}: one on the screen`);
    // One progress indicator: the question counter, not the phase row as well.
    assert.equal(await page.locator('.sq-progress:visible, .sq-question-no:visible').count(), 1, `question ${n}: one counter`);
    assert.equal(await page.locator('.sq-checklist').count(), 0, 'the rest of the notice after the questions');
    const input = page.locator('.sq-question input').first();
    if (!(await input.isChecked())) await input.check();
    if (n === 1) {
      assert.deepEqual(await elderProblems(page), { text: [], targets: [] }, 'a question screen');
      assert.deepEqual(await axeViolations(page), [], 'a question screen');
      await screenshot(page, 'elder-situation-question');
    }
    await page.getByRole('button', { name: n === Number(total) ? '查看需要办理的事项' : '下一个问题' }).click();
  }
  await page.locator('.sq-checklist').waitFor();
  assert.deepEqual(await elderProblems(page), { text: [], targets: [] }, 'the notice');
  await screenshot(page, 'elder-situation-notice');
  // The rest of a chain in 长辈版 (a form step is measured in a11y.test.mjs): notice, review, receipt. Filled in
  // the standard version, then seen in 长辈版.
  await page.goto(`${env.url}?elder=1#/start/item/P082`);
  await page.locator('#sq-notice-title').waitFor();
  assert.deepEqual(await elderProblems(page), { text: [], targets: [] }, 'notice');
  await page.goto(`${env.url}?elder=0#/start/item/P082`);
  await page.getByRole('link', { name: '开始填表' }).click();
  await fillAll(page, { choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } }, { axe: false });
  await page.goto(page.url().replace(/\?[^#]*/, '?elder=1'));
  await page.locator('.sq-consent input[type=checkbox]').waitFor();
  assert.deepEqual(await elderProblems(page), { text: [], targets: [] }, 'review');
  await page.locator('.sq-consent input[type=checkbox]').check();
  await page.locator('.sq-actions button').click();
  await page.locator('.sq-receipt-status').waitFor();
  assert.deepEqual(await elderProblems(page), { text: [], targets: [] }, 'receipt');
  await screenshot(page, 'elder-situation-receipt');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('search finds the 一件事 above the items, and gsdj abbreviates 公司…登记', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/search`);
  await waitForApp(page);
  const box = page.getByRole('searchbox', { name: '搜索办事事项' });
  for (const [query, scenario, name] of [
    ['生孩子', '#/scenario/personal/1.1', '出生'],
    ['shengxiaohai', '#/scenario/personal/1.1', '出生'],
    ['开饭店', '#/scenario/enterprise/1.1', '企业开办'],
    ['老人去世', '#/scenario/personal/11.1', '后事'],
  ]) {
    await box.fill(query);
    const first = page.locator('.sq-results a').first();
    await page.waitForFunction((href) => document.querySelector('.sq-results a')?.getAttribute('href') === href, scenario);
    assert.equal(await first.locator('.sq-item-name').textContent(), name, query);
    assert.match(await first.textContent(), /办理这一件事/, query);
    assert.ok(await page.locator('.sq-results .sq-item-list').count() >= 2, `${query}: the items below`);
    if (query === '生孩子') {
      await screenshot(page, 'search-scenario');
      assert.deepEqual(await axeViolations(page), [], 'search with a scenario');
    }
  }
  await box.fill('gsdj');
  await page.waitForFunction(() => !document.querySelector('.sq-results a[href^="#/scenario/"]')
    && document.querySelectorAll('.sq-results .sq-item-name').length > 2);
  const names = (await page.locator('.sq-results .sq-item-name').allTextContents()).slice(0, 2).sort();
  assert.deepEqual(names, ['公司变更登记', '公司设立登记']);
  // The scenario link leads to the whole chain.
  await box.fill('生孩子');
  await page.locator('.sq-results a[href="#/scenario/personal/1.1"]').click();
  await page.getByRole('link', { name: '办理这一件事' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the situation questions and reasons in English', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?lang=en#/start/scenario/enterprise/1.1`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  assert.equal(await page.locator('.sq-question legend').first().textContent(), 'What are you setting up?');
  assert.ok(await page.getByRole('radio', { name: 'A new company (limited liability or joint-stock)' }).isChecked());
  const rows = await page.locator('.sq-applies').first().textContent();
  assert.doesNotMatch(rows, /[\u4e00-\u9fff]/, 'enterprise sub-items have English names');
  assert.match(rows, /Not needed: .+, because the enterprise you set up is not /);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a data file that arrives broken is not called a network problem', async () => {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  const logged = page.waitForEvent('console', { predicate: (m) => m.type() === 'warning' && m.text().includes('did not load') });
  await page.route(/\/pkg\/data\/forms-P7\.json$/, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"broken":' }));
  await page.goto(`${env.url}#/start/item/P082`);
  await waitForApp(page);
  const alert = page.getByRole('alert').filter({ hasText: '不是网络问题' });
  await alert.waitFor();
  assert.doesNotMatch(await alert.textContent(), /请检查网络/);
  assert.equal(await page.getByRole('link', { name: '返回首页' }).count(), 1, 'a way on');
  assert.match((await logged).text(), /^weihai-sqsb: .*forms-P7\.json/, 'the reason, with the file, for support');
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});
