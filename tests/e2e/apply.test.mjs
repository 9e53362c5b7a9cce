// Applying for a whole chain as a new user would, at phone size: 一次告知 → 一表申请 → 核对信息 → 提交, with
// validation, resumption after a reload, repeatable groups, a basket across both lifecycles; axe-core on every
// step and screenshots under target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

import { MOTHER_ID, FATHER_ID, fillSection, next, fillAll } from './forms.mjs';

test('出生一件事 from the home card to the receipt, each parent\'s ID once', async () => {
  const page = await env.phonePage();
  await page.goto(env.url);
  await waitForApp(page);
  await page.getByRole('link', { name: /出生一件事/ }).click();
  await page.getByRole('link', { name: '办理这一件事' }).click();
  await page.waitForURL(/#\/apply\/[^/]+\/notice$/);
  await page.locator('#sq-notice-title').waitFor();
  // ONE materials list: each material once, with the items that need it.
  const names = await page.locator('.sq-checklist .sq-material-name').allTextContents();
  assert.equal(new Set(names).size, names.length, 'each material listed once');
  assert.ok(names.includes('申请表'));
  // Before any answer, a material that depends on one reads 视情况 with its case, not 无需提交 (issue 20).
  assert.match(await page.locator('.sq-checklist').textContent(), /授权委托书视情况.*适用情形：委托他人代办时提供/);
  await page.locator('.sq-checklist input[type=checkbox]').first().check();
  await screenshot(page, 'apply-birth-notice');
  assert.deepEqual(await axeViolations(page), [], 'notice');

  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  // Every ID number field in the whole form, counted across sections: the mother's and father's once each. The
  // guardian who applies for the card and the ID card (P005/P006) is the grandmother here, a person of her own.
  await fillAll(page, {
    ids: { 'sq-f-gmsfhm-mother': MOTHER_ID, 'sq-f-gmsfhm-father': FATHER_ID, 'sq-f-gmsfhm-guardian': '37100219600301004X' },
    choices: { 证件类型: '居民身份证', 随父或随母落户: '随母', 是否委托他人代办: '否', 与申请人关系: '孙子女、外孙子女' },
  }, { shotPrefix: 'apply-birth' });

  await page.locator('h1', { hasText: '核对信息' }).waitFor();
  const review = await page.locator('main').textContent();
  assert.equal(review.split(MOTHER_ID).length - 1, 1, 'the mother\'s ID appears once');
  await screenshot(page, 'apply-birth-review');
  assert.deepEqual(await axeViolations(page), [], 'review');
  await page.getByRole('button', { name: '提交申请' }).click();
  assert.match(await page.getByRole('alert').first().textContent(), /同意个人信息处理说明/);
  await page.getByLabel('我已阅读并同意上述个人信息处理说明').check();
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/done$/);
  // No host on the plain page: nothing was sent, and the receipt says so (never 已送达).
  await page.locator('h1', { hasText: '申请未发送' }).waitFor();
  const receipt = await page.locator('main').textContent();
  for (const item of ['出生医学证明办理', '户口登记（出生登记）', '居民身份证签发']) assert.ok(receipt.includes(item), item);
  // No host: the whole application is offered to the counter as QR codes (tests/e2e/counter-codes.test.mjs reads them).
  await page.getByRole('button', { name: '出示给窗口' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '下载申请文件（JSON）' }).count(), 1);
  // What 我的档案 may keep reads as the user chose it: option labels, not codes.
  const keepable = await page.locator('.sq-choice').allTextContents();
  assert.ok(keepable.some((l) => /^证件类型（母亲）：居民身份证$/.test(l.trim())), keepable.join('\n'));
  assert.ok(!keepable.some((l) => /resident_id|：son$/.test(l.trim())), keepable.join('\n'));
  await screenshot(page, 'apply-birth-receipt');
  assert.deepEqual(await axeViolations(page), [], 'receipt');
  // The draft is wiped after submission.
  const drafts = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sqsb.draft.')));
  assert.deepEqual(drafts, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('下一步 tapped right after a choice counts the choice, even before the screen has re-rendered', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/start/scenario/personal/1.1`);
  await waitForApp(page);
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  const firstStep = page.url();
  assert.equal(await page.locator('.sq-field input[type=text]').count(), 0, 'the first step is a single choice');
  // The choice and the tap in one task, as a quick finger on a slow phone gets them: the app has no chance to
  // re-render in between, so 下一步 must not judge by what the screen showed before the choice.
  await page.evaluate(() => {
    const no = [...document.querySelectorAll('.sq-field label')].find((l) => l.textContent.trim() === '否');
    no.click();
    [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === '下一步').click();
  });
  await page.waitForURL((url) => url.href !== firstStep);
  await page.locator('.sq-field input[type=text]').first().waitFor();
  assert.equal(await page.locator('.sq-error-summary').count(), 0, 'no problems listed');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an invalid ID number is named in the summary, linked to its field, and a reload resumes', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/start/scenario/personal/1.1`);
  await waitForApp(page);
  await page.getByRole('link', { name: '开始填表' }).click();
  // Walk to the mother's section.
  for (let i = 0; i < 8 && (await page.locator('h1').textContent()) !== '母亲'; i++) {
    await fillSection(page, { choices: { 随父或随母落户: '随母', 是否委托他人代办: '否' } });
    await next(page);
  }
  assert.equal(await page.locator('h1').textContent(), '母亲');
  await page.getByLabel(/^姓名/).fill('李四');
  await page.getByLabel(/^证件类型/).selectOption({ label: '居民身份证' });
  await page.getByLabel(/^民族/).selectOption({ index: 1 });
  const id = page.getByLabel(/^公民身份号码/);
  await id.fill('110105194912310021'); // check character changed
  await id.blur();
  await page.locator('.sq-error').first().waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  const summary = page.locator('.sq-error-summary');
  await summary.waitFor();
  const link = summary.getByRole('link', { name: /公民身份号码（母亲）.*校验/ });
  await link.click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sq-f-gmsfhm-mother');
  await screenshot(page, 'apply-invalid-id');
  assert.deepEqual(await axeViolations(page), [], 'error summary');

  // Nothing lost: reload mid-form and every answer is back.
  await id.fill(MOTHER_ID);
  await page.waitForTimeout(900); // the autosave pause
  await page.reload();
  await waitForApp(page);
  await page.getByLabel(/^公民身份号码/).waitFor();
  assert.equal(await page.getByLabel(/^公民身份号码/).inputValue(), MOTHER_ID);
  assert.equal(await page.getByLabel(/^姓名/).inputValue(), '李四');
  // The unfinished draft is offered on the home screen.
  await page.goto(env.url);
  await page.getByRole('heading', { name: '未完成的申请' }).waitFor();
  assert.ok(await page.getByRole('link', { name: /继续办理：/ }).count() >= 1);
  await page.context().close();
});

test('企业开办 with two shareholders', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/start/scenario/enterprise/1.1`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  // A group item contributes the sub-items the user picks; none by default.
  assert.equal(await page.getByRole('link', { name: '开始填表' }).count(), 0);
  await page.getByLabel('公司设立登记', { exact: true }).check();
  await page.getByRole('link', { name: '开始填表' }).waitFor();
  await screenshot(page, 'apply-company-notice');
  await page.getByRole('link', { name: '开始填表' }).click();
  for (let step = 0; step < 25 && !/\/review$/.test(page.url()); step++) {
    await page.locator('h1').waitFor();
    const add = page.getByRole('button', { name: /^添加股东/ });
    if (await add.count()) {
      while ((await page.locator('.sq-member').count()) < 2) await add.click();
      assert.equal(await page.locator('.sq-member').count(), 2);
      await screenshot(page, 'apply-company-shareholders');
    }
    await fillSection(page, { choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } });
    await fillSection(page, { choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } });
    await next(page);
    const summary = page.locator('.sq-error-summary');
    if (await summary.count()) throw new Error(`section has errors: ${await summary.textContent()}`);
  }
  await page.locator('h1', { hasText: '核对信息' }).waitFor();
  assert.equal((await page.locator('dt', { hasText: /^第 \d 位股东/ }).count()), 2, 'two shareholders on review');
  await screenshot(page, 'apply-company-review');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a basket across both lifecycles becomes one chain', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/item/P082`);
  await waitForApp(page);
  await page.getByRole('button', { name: '加入办事篮' }).click();
  await page.goto(`${env.url}#/item/E002`);
  await page.getByRole('button', { name: '加入办事篮' }).click();
  await page.goto(`${env.url}#/basket`);
  await page.getByRole('link', { name: '一次办理办事篮中的事项' }).click();
  await page.locator('#sq-notice-title').waitFor();
  const items = await page.locator('.sq-notice-item-name').allTextContents();
  assert.deepEqual(items, ['公章刻制备案', '内地居民结婚登记'], 'catalog order, both lifecycles');
  await screenshot(page, 'apply-basket-notice');
  assert.deepEqual(await axeViolations(page), [], 'basket notice');
  // 帮办代办: one switch turns on the 代办人 questions for every item of the chain.
  await page.getByLabel('为他人办理（帮办代办）').check();
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.locator('.sq-form').waitFor();
  const checked = await page.getByRole('radio', { name: '是' }).first().isChecked();
  assert.ok(checked, '是否委托他人代办 answered 是');
  await fillSection(page, { choices: { 证件类型: '居民身份证' } });
  await fillSection(page, { choices: { 证件类型: '居民身份证' } });
  await next(page);
  assert.equal(await page.locator('h1').textContent(), '经办人（代办人）');
  await page.context().close();
});

test('answers kept in 我的档案 prefill the next form, marked and changeable', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/start/item/P082`);
  await waitForApp(page);
  await page.getByRole('link', { name: '开始填表' }).click();
  await fillAll(page, { choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } });
  await page.getByLabel('我已阅读并同意上述个人信息处理说明').check();
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/done$/);
  // Keep the applicant's mobile number only.
  const keep = page.getByLabel(/^手机号码（申请人）/);
  await keep.check();
  await page.getByRole('button', { name: '保存到我的档案' }).click();
  await page.getByText('已保存 1 项到我的档案').waitFor();
  // A later application asking the same field starts with it filled and says so.
  await page.goto(`${env.url}#/start/item/P084`);
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.locator('.sq-form').waitFor();
  for (let i = 0; i < 6 && !(await page.getByLabel(/^手机号码/).count()); i++) {
    await fillSection(page, { choices: { 是否委托他人代办: '否' } });
    await next(page);
  }
  const phone = page.getByLabel(/^手机号码/).first();
  assert.equal(await phone.inputValue(), '13800138000');
  assert.ok(await page.getByText('已从“我的档案”填入，可以修改').count() >= 1);
  await phone.fill('13900139000');
  assert.equal(await phone.inputValue(), '13900139000');
  await page.context().close();
});
