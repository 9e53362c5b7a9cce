// Catalog on the phone, as a citizen uses it: browse down to a sub-item, search by Chinese, pinyin initials and
// an everyday word, use the back button, deep-link into an item; axe-core on every screen; screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function openHome() {
  const page = await env.phonePage();
  await page.goto(env.url);
  await waitForApp(page);
  return page;
}

test('browse from home through stage, scenario and group to a sub-item', async () => {
  const page = await openHome();
  assert.deepEqual(await axeViolations(page), [], 'home');
  await page.getByRole('link', { name: /^企业开办/ }).first().click();
  await page.waitForURL(/#\/stage\/enterprise\/1$/);
  assert.equal(await page.locator('h1').textContent(), '企业开办');
  await screenshot(page, 'browse-stage');
  assert.deepEqual(await axeViolations(page), [], 'stage');

  await page.getByRole('link', { name: '企业开办', exact: true }).last().click();
  await page.waitForURL(/#\/scenario\/enterprise\/1\.1$/);
  await page.locator('summary', { hasText: '公司（企业）设立登记' }).click();
  const sub = page.getByRole('link', { name: /^外商投资企业设立登记/ });
  await sub.waitFor();
  await screenshot(page, 'browse-scenario');
  assert.deepEqual(await axeViolations(page), [], 'scenario');
  await sub.click();
  await page.waitForURL(/#\/item\/E001-3$/);
  // The guide comes with the switch to the full build: the scenario's heading may still show for a moment.
  await page.locator('h1', { hasText: '外商投资企业设立登记' }).waitFor();
  assert.equal(await page.locator('h1').textContent(), '外商投资企业设立登记');

  // The back button returns through the same screens.
  await page.goBack();
  await page.waitForURL(/#\/scenario\/enterprise\/1\.1$/);
  await page.goBack();
  await page.waitForURL(/#\/stage\/enterprise\/1$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a row names the departments printed on its line of the notice, partners included', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/scenario/personal/1.1`);
  const row = page.locator('.sq-item', { hasText: '居民身份证签发' });
  await row.waitFor();
  // Annex 2, row 6: 居民身份证签发 行政确认 市公安局, in the scenario led by 市卫生健康委.
  assert.deepEqual(await row.locator('.sq-dept').allTextContents(), ['市卫生健康委', '协同部门：市公安局']);
  // A row without partners names only its lead.
  const first = page.locator('.sq-item', { hasText: '出生医学证明办理' });
  assert.deepEqual(await first.locator('.sq-dept').allTextContents(), ['市卫生健康委']);
  await screenshot(page, 'scenario-birth-departments');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('search by Chinese, by pinyin initials and by an everyday word', async () => {
  const page = await openHome();
  const box = page.getByRole('searchbox', { name: '搜索办事事项' });
  await box.fill('出生登记');
  await box.press('Enter');
  await page.waitForURL(/#\/search\?q=/);
  const first = page.locator('.sq-results .sq-item-name').first();
  assert.equal(await first.textContent(), '户口登记（出生登记）');
  assert.equal(await page.locator('.sq-results mark').first().textContent(), '出生登记');

  // Typing on the search screen updates the results without a submit; every keystroke counts.
  const input = page.getByRole('searchbox', { name: '搜索办事事项' });
  await input.fill('');
  await input.pressSequentially('gzkz', { delay: 30 });
  await page.waitForFunction(() => document.querySelector('.sq-results .sq-item-name')?.textContent === '公章刻制备案');
  assert.match(page.url(), /q=gzkz$/);
  await screenshot(page, 'search-pinyin');
  assert.deepEqual(await axeViolations(page), [], 'search results');

  await input.fill('上户口');
  await page.waitForFunction(() => document.querySelector('.sq-results .sq-item-name')?.textContent === '户口登记（出生登记）');
  await screenshot(page, 'search-everyday');

  await input.fill('这个事项不存在');
  const empty = page.locator('.sq-empty');
  await empty.waitFor();
  assert.match(await empty.textContent(), /12345/);
  await screenshot(page, 'search-empty');
  assert.deepEqual(await axeViolations(page), [], 'empty search');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a deep link opens an item directly, and an unknown one says so', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/item/E054`);
  await waitForApp(page);
  await page.locator('h1', { hasText: '机动车登记（注册登记、变更登记、转移登记、抵押登记、注销登记）' }).waitFor();
  assert.equal(await page.locator('.sq-item-name').count(), 5);
  await page.goto(`${env.url}#/item/X001`);
  // A hash change re-renders asynchronously: wait for the new screen rather than reading the old one.
  await page.locator('h1', { hasText: '没有找到这个事项' }).waitFor();
  await page.context().close();
});

test('the basket keeps items across a reload', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/item/P003`);
  await waitForApp(page);
  await page.getByRole('button', { name: '加入办事篮' }).click();
  await page.getByRole('link', { name: '已在办事篮' }).waitFor();
  await page.goto(`${env.url}#/item/E002`);
  await page.getByRole('button', { name: '加入办事篮' }).click();
  await page.goto(`${env.url}#/basket`);
  await page.reload();
  await waitForApp(page);
  const names = await page.locator('.sq-basket-item .sq-item-name').allTextContents();
  assert.deepEqual(names, ['户口登记（出生登记）', '公章刻制备案']);
  await page.getByRole('button', { name: '移出：公章刻制备案' }).click();
  assert.deepEqual(await page.locator('.sq-basket-item .sq-item-name').allTextContents(), ['户口登记（出生登记）']);
  await screenshot(page, 'basket');
  assert.deepEqual(await axeViolations(page), [], 'basket');
  await page.context().close();
});

test('a guide reads well at phone size: materials with 免提交 marks, numbered steps, honest unknowns', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/item/P003`);
  await waitForApp(page);
  await page.locator('.sq-guide-section').first().waitFor();
  const titles = await page.locator('.sq-guide-section h2').allTextContents();
  for (const t of ['办理对象', '受理条件', '申请材料', '办理流程', '办理时限', '收费标准', '办理地点', '网上办理', '到现场次数', '设定依据', '咨询方式', '监督投诉']) {
    assert.ok(titles.includes(t), `section ${t} in ${titles}`);
  }
  // One instruction per material: the application form is filled in here; an e-licence stands in for the ID card
  // unless it cannot be retrieved; the 户口簿 itself is needed (the police add the child's page).
  const materials = await page.locator('.sq-material').allTextContents();
  assert.ok(materials.some((m) => m.includes('申请表') && m.includes('在本服务填写，提交申请时自动生成')), materials.join('\n'));
  assert.ok(materials.some((m) => m.includes('居民身份证') && m.includes('无法调取时请带原件')), materials.join('\n'));
  assert.ok(materials.some((m) => m.includes('居民户口簿') && m.includes('为孩子增加户口页')), materials.join('\n'));
  assert.ok(!materials.some((m) => m.includes('无需提交')), materials.join('\n'));
  assert.ok(await page.locator('.sq-steps li').count() >= 2);
  assert.match(await page.locator('.sq-footnote').last().textContent(), /以受理部门公布的办事指南为准/);
  await page.getByRole('link', { name: '出生医学证明办理' }).waitFor(); // related items of the scenario
  await screenshot(page, 'guide-P003');
  assert.deepEqual(await axeViolations(page), [], 'guide');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
