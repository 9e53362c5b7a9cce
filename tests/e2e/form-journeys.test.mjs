// Filling the one form as the citizens of issue #25 did: a sole owner opening a company (asked once, not six
// times), parents of a newborn giving their address once (the cards are posted there), a child applying for a late father (the applicant, not an agent), and the values a clerk would refuse
// refused with messages that say what is expected. axe-core on the steps that changed; screenshots in target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';
import { BIRTH, MOTHER_ID, fillSection, next } from './forms.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const OWNER = '林海燕';
// GB 11643's example, pasted as people copy it from a photo of the card: 22 characters with spaces.
const OWNER_ID_PASTED = '1101 0519 4912 3100 2X';

const heading = (page) => page.locator('h1').first().textContent();

/** The texts of the error summary after 下一步 (empty when the step went on). */
async function summaryAfterNext(page) {
  await page.getByRole('button', { name: '下一步' }).click();
  const summary = page.locator('.sq-error-summary');
  await summary.waitFor({ timeout: 5_000 }).catch(() => {});
  return (await summary.count()) ? summary.locator('li').allTextContents() : [];
}

test('企业开办 by a sole owner: the person once, clerk-like checks, units on the review', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/start/scenario/enterprise/1.1`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  // The situation question (data/situations/): a new company, in plain words (the usual case, preset).
  await page.getByRole('radio', { name: '一家新公司（有限责任公司或股份有限公司）' }).check();
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  const askedNames = [];
  for (let step = 0; step < 25 && !/\/review$/.test(page.url()); step++) {
    await page.locator('h1').waitFor();
    const title = await heading(page);
    if (title === '企业（单位）') {
      // A clerk refuses 100 % and words in an account number, and says what is expected.
      await page.getByLabel(/^注册资本/).fill('100');
      await page.getByLabel(/^住房公积金单位缴存比例/).fill('100');
      await page.getByLabel(/^开户银行/).fill('中国银行威海分行');
      await page.getByLabel(/^银行账号/).fill('中国银行威海分行');
      await fillSection(page, { choices: { 证件类型: '居民身份证' } });
      const problems = await summaryAfterNext(page);
      assert.ok(problems.some((p) => p.includes('住房公积金单位缴存比例（企业）应在5%至12%之间')), problems.join('\n'));
      assert.ok(problems.some((p) => p.includes('银行账号（企业）只能填写数字')), problems.join('\n'));
      await screenshot(page, 'journeys-company-clerk-checks');
      assert.deepEqual(await axeViolations(page), [], 'error summary');
      await page.getByLabel(/^住房公积金单位缴存比例/).fill('12');
      await page.getByLabel(/^住房公积金个人缴存比例/).fill('12');
      await page.getByLabel(/^银行账号/).fill('6222 0202 0011 2233 445');
    } else if (title === '法定代表人（负责人）') {
      await page.getByLabel(/^姓名/).fill(OWNER);
      await page.getByLabel(/^证件类型/).selectOption({ label: '居民身份证' });
      const number = page.getByLabel(/^证件号码/);
      await number.fill(OWNER_ID_PASTED);
      await number.blur();
      assert.equal(await number.inputValue(), OWNER_ID_PASTED, 'a pasted number is not cut at 18 characters');
      assert.equal(await page.locator('#sq-f-zjhm-legal_rep-err').count(), 0, 'and it is accepted');
    } else if (['联系人', '办税人员', '财务负责人'].includes(title)) {
      // The owner again: one choice instead of name, ID and phone.
      const same = page.getByLabel(/^是否与前面填写的人员为同一人/);
      await same.selectOption({ label: '同法定代表人（负责人）' });
      await page.getByLabel(/^证件号码/).waitFor({ state: 'detached' });
      assert.equal(await page.getByLabel(/^姓名/).count(), 0, `${title}: the name is not asked again`);
      await screenshot(page, `journeys-company-same-person-${step}`);
      assert.deepEqual(await axeViolations(page), [], title);
    } else if (/股东|董事/.test(title)) {
      const same = page.locator('.sq-member').first().getByLabel(/^是否与前面填写的人员为同一人/);
      await same.selectOption({ label: '同法定代表人（负责人）' });
      await page.locator('.sq-member').first().getByLabel(/^证件号码/).waitFor({ state: 'detached' });
    } else if (title === '预约银行开户') {
      const day = page.getByLabel(/^预约办理日期/);
      await day.fill('2020-01-01');
      await fillSection(page);
      const problems = await summaryAfterNext(page);
      assert.ok(problems.some((p) => p.includes('预约办理日期不能早于今天')), problems.join('\n'));
      await day.fill(new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10));
    }
    const names = await page.locator('.sq-field .sq-label').allTextContents();
    askedNames.push(...names.filter((n) => /^姓名/.test(n)).map(() => title));
    await fillSection(page, { choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } });
    await fillSection(page, { choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } });
    await next(page);
    const summary = page.locator('.sq-error-summary');
    if (await summary.count()) throw new Error(`${title}: ${await summary.textContent()}`);
  }
  // The person's name was asked in the 法定代表人's section only.
  assert.deepEqual(askedNames, ['法定代表人（负责人）']);
  await page.locator('h1', { hasText: '核对信息' }).waitFor();
  const review = await page.locator('main').textContent();
  assert.ok(review.includes('100.00万元'), '注册资本 keeps its unit');
  assert.ok(review.includes('12%'), 'the ratio keeps its unit');
  assert.equal(review.split(OWNER).length - 1, 1, 'the owner is shown once, the others read 同法定代表人');
  assert.ok(review.includes('同法定代表人（负责人）'));
  await screenshot(page, 'journeys-company-review');
  assert.deepEqual(await axeViolations(page), [], 'review');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('身后一件事 by a child: the applicant, no agent section, a death date cannot be tomorrow', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/start/scenario/personal/11.1`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  const hint = await page.locator('.sq-family-applicant').textContent();
  assert.match(hint, /您是为逝者办理：申请人就是您本人/);
  assert.equal(await page.getByLabel(/^委托他人代办/).isChecked(), false);
  await screenshot(page, 'journeys-after-notice');
  assert.deepEqual(await axeViolations(page), [], 'notice');
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  const titles = [];
  for (let step = 0; step < 20 && !/\/review$/.test(page.url()); step++) {
    await page.locator('h1').waitFor();
    const title = await heading(page);
    titles.push(title);
    if (title === '逝者') {
      const tomorrow = new Date(Date.now() + 864e5).toISOString().slice(0, 10);
      await page.getByLabel(/^死亡日期/).fill(tomorrow);
      await page.getByLabel(/^火化日期/).fill(tomorrow);
      await fillSection(page, { ids: { 'sq-f-gmsfhm-deceased': MOTHER_ID }, choices: { 证件类型: '居民身份证' } });
      const problems = await summaryAfterNext(page);
      assert.ok(problems.some((p) => p.includes('死亡日期（逝者）不能晚于今天')), problems.join('\n'));
      await page.getByLabel(/^死亡日期/).fill('2026-11-20');
      await page.getByLabel(/^火化日期/).fill('2026-11-19');
      const order = await summaryAfterNext(page);
      assert.ok(order.some((p) => p.includes('火化日期（逝者）不能早于死亡日期（逝者）')), order.join('\n'));
      await screenshot(page, 'journeys-after-dates');
      await page.getByLabel(/^火化日期/).fill('2026-11-22');
    }
    await fillSection(page, { ids: { 'sq-f-gmsfhm-deceased': MOTHER_ID }, choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } });
    await fillSection(page, { ids: { 'sq-f-gmsfhm-deceased': MOTHER_ID }, choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } });
    await next(page);
    const summary = page.locator('.sq-error-summary');
    if (await summary.count()) throw new Error(`${title}: ${await summary.textContent()}`);
  }
  assert.ok(titles.includes('申请人'), titles.join(' → '));
  assert.ok(!titles.some((t) => /经办人/.test(t)), `no agent section: ${titles.join(' → ')}`);
  await page.locator('h1', { hasText: '核对信息' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a scenario page carries its card\'s title, and its draft is named by its 一件事', async () => {
  const page = await env.phonePage();
  await page.goto(env.url);
  await waitForApp(page);
  await page.getByRole('link', { name: /出生一件事/ }).click();
  await page.locator('h1', { hasText: '出生一件事' }).waitFor();
  await page.getByRole('link', { name: '办理这一件事' }).click();
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  await fillSection(page, { choices: { 是否委托他人代办: '否' } });
  await page.waitForTimeout(900); // the autosave pause
  await page.goto(env.url);
  await page.getByRole('heading', { name: '未完成的申请' }).waitFor();
  const names = await page.locator('.sq-draft-name').allTextContents();
  assert.ok(names.includes('出生一件事'), names.join(' | '));
  assert.ok(!names.some((n) => /等 \d+ 项/.test(n)), names.join(' | '));
  await screenshot(page, 'journeys-draft-named');
  assert.deepEqual(await axeViolations(page), [], 'home with a draft');
  await page.context().close();
});

test('出生一件事: the address typed once, the mailing addresses given as the same', async () => {
  const HOME = '威海市环翠区新威路18号3单元502室';
  const SOCIAL_CARD = '社会保障卡服务（社会保障卡申领）';
  const page = await env.phonePage();
  await page.goto(`${env.url}#/start/scenario/personal/1.1`);
  await waitForApp(page);
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  const titles = [];
  let typedHome = 0;
  for (let step = 0; step < 20 && !/\/review$/.test(page.url()); step++) {
    await page.locator('h1').waitFor();
    const title = await heading(page);
    titles.push(title);
    if (title === '新生儿') {
      await page.getByLabel(/^现居住地址/).fill(HOME);
    } else if (title === SOCIAL_CARD || title === '居民身份证签发') {
      await page.getByLabel(/^证件领取方式/).selectOption({ label: '邮寄送达' });
      const same = page.getByLabel(/^邮寄地址是否与前面填写的地址相同/);
      const offered = await same.locator('option').allTextContents();
      assert.ok(offered.includes('与新生儿的现居住地址相同'), offered.join(' | '));
      // 随母落户: the mother's 户籍地址 was asked, the father's was not, so only hers is offered.
      assert.ok(offered.includes('与母亲的户籍地址相同'), offered.join(' | '));
      assert.ok(!offered.includes('与父亲的户籍地址相同'), offered.join(' | '));
      if (title === SOCIAL_CARD) {
        await same.selectOption({ label: '与新生儿的现居住地址相同' });
      } else {
        // The second card goes where the first goes: one choice, and a change of the first follows.
        await same.selectOption({ label: '与“社会保障卡申领”的邮寄地址相同' });
      }
      const item = title === SOCIAL_CARD ? 'P005' : 'P006';
      await page.locator(`#sq-f-yjdz-item-${item}`).waitFor({ state: 'detached' });
      const labels = await page.locator('.sq-field .sq-label').allTextContents();
      assert.ok(!labels.some((l) => /^邮寄地址(必填|选填)/.test(l)), `${title}: the mailing address is not typed again`);
      await screenshot(page, `journeys-birth-same-address-${title === SOCIAL_CARD ? 'social-card' : 'id-card'}`);
      assert.deepEqual(await axeViolations(page), [], title);
    }
    const inputs = page.locator('.sq-field input[type=text], .sq-field textarea');
    for (let i = 0; i < await inputs.count(); i++) {
      if ((await inputs.nth(i).inputValue()) === HOME) typedHome += 1;
    }
    await fillSection(page, BIRTH);
    await fillSection(page, BIRTH);
    await next(page);
    const summary = page.locator('.sq-error-summary');
    if (await summary.count()) throw new Error(`${title}: ${await summary.textContent()}`);
  }
  assert.ok(titles.includes(SOCIAL_CARD) && titles.includes('居民身份证签发'), titles.join(' → '));
  assert.equal(typedHome, 1, 'the address was typed once, in the newborn\'s section');
  await page.locator('h1', { hasText: '核对信息' }).waitFor();
  const review = await page.locator('main').textContent();
  assert.equal(review.split(HOME).length - 1, 1, 'the address is shown once; the mailing addresses read 与…相同');
  assert.ok(review.includes('与新生儿的现居住地址相同'));
  assert.ok(review.includes('与“社会保障卡申领”的邮寄地址相同'));
  await screenshot(page, 'journeys-birth-same-address-review');
  assert.deepEqual(await axeViolations(page), [], 'review');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
