// English for what the screens show from the catalog and guide data (`?lang=en`): item types (on guides), level notes,
// departments, material forms and the checklist's needs; in Chinese the same places are unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, screenshot } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const CJK = /[\u4e00-\u9fff]/;

/** The guide's facts as { term: description }. */
async function facts(page) {
  const list = page.locator('.sq-facts').first();
  const terms = await list.locator('dt').allTextContents();
  const details = await list.locator('dd').allTextContents();
  return Object.fromEntries(terms.map((t, i) => [t.trim(), details[i].trim()]));
}

test('an enterprise guide in English: type, departments and material forms', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?lang=en#/item/E002`);
  await waitForApp(page);
  await page.locator('.sq-guide-section').first().waitFor();
  assert.deepEqual(await facts(page), {
    'Type of service': 'Other administrative power',
    'Lead department': 'Weihai Administration for Market Regulation, Weihai Administrative Approval Service Bureau',
    'Partner departments': 'Weihai Public Security Bureau',
  });
  const meta = await page.locator('.sq-material-meta').allTextContents();
  assert.ok(meta.some((m) => m.includes('Electronic × 1')), meta.join('\n'));
  assert.ok(meta.some((m) => m.includes('Original or electronic × 1')), meta.join('\n'));
  for (const m of meta) assert.doesNotMatch(m, CJK);
  assert.doesNotMatch(await page.locator('.sq-breadcrumb').textContent(), CJK);
  await screenshot(page, 'english-guide-E002');

  // A level note in English brackets.
  await page.goto(`${env.url}?lang=en#/item/E015`);
  await page.locator('.sq-guide-section').first().waitFor();
  assert.equal((await facts(page))['Type of service'], 'Administrative licensing (County-level service)');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an enterprise group and a scenario in English: sub-items without type tags, lead departments', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?lang=en#/item/E054`);
  await waitForApp(page);
  await page.locator('.sq-item-list').waitFor();
  assert.equal((await facts(page))['Lead department'], 'Weihai Public Security Bureau');
  assert.doesNotMatch(await page.locator('.sq-breadcrumb').textContent(), CJK);
  // The five sub-items are listed without their type (#25: on request only); a sub-item's guide shows it.
  assert.equal(await page.locator('.sq-item-list .sq-item').count(), 5);
  assert.doesNotMatch(await page.locator('.sq-item-list').innerText(), /Administrative licensing/);
  await page.locator('.sq-item-list a.sq-item-link').first().click();
  await page.locator('.sq-guide-section').first().waitFor();
  assert.equal((await facts(page))['Type of service'], 'Administrative licensing');

  await page.goto(`${env.url}?lang=en#/scenario/enterprise/2.2`);
  await page.locator('.sq-item-meta').first().waitFor();
  const depts = await page.locator('.sq-item .sq-dept').allTextContents();
  assert.ok(depts.length > 0);
  for (const d of depts) assert.doesNotMatch(d, CJK);
  const levels = await page.locator('.sq-tag-level').allTextContents();
  assert.ok(levels.includes('County-level service'), levels.join(', '));
  for (const t of await page.locator('.sq-item-meta .sq-tag').allTextContents()) assert.doesNotMatch(t, CJK);
  await screenshot(page, 'english-scenario-2-2');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the notice in English: departments and needs', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?lang=en#/start/item/E002`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  const depts = await page.locator('#sq-n-depts ~ ul li').allTextContents();
  assert.deepEqual(depts, ['Weihai Administration for Market Regulation', 'Weihai Administrative Approval Service Bureau',
    'Weihai Public Security Bureau']);
  const needs = await page.locator('.sq-checklist .sq-tag').allTextContents();
  assert.ok(needs.length > 0);
  for (const n of needs) assert.ok(['Required', 'If applicable', 'Not needed'].includes(n), n);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('in Chinese the same places stay Chinese', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?lang=zh#/item/E002`);
  await waitForApp(page);
  await page.locator('.sq-guide-section').first().waitFor();
  assert.deepEqual(await facts(page), {
    事项类型: '其他行政权力',
    牵头部门: '市市场监管局、市行政审批服务局',
    协同部门: '市公安局',
  });
  const meta = await page.locator('.sq-material-meta').allTextContents();
  assert.ok(meta.some((m) => m.includes('原件或电子 1 份')), meta.join('\n'));
  await page.goto(`${env.url}?lang=zh#/item/E015`);
  await page.locator('.sq-guide-section').first().waitFor();
  assert.equal((await facts(page))['事项类型'], '行政许可（县级事项）');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('form errors in English: the summary and the field say what to do in English', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?lang=en#/start/item/P082`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  await page.locator('a.sq-button').last().click();
  await page.locator('.sq-form').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  const summary = page.locator('.sq-error-summary');
  await summary.waitFor();
  assert.match(await summary.locator('h2').textContent(), /^Please correct the following before you continue/);
  const messages = await summary.locator('li').allTextContents();
  assert.ok(messages.length > 0);
  for (const m of messages) assert.match(m, /^Please (choose|fill in) /, m);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('search in English: enterprise results by their English names, the Chinese match below', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?lang=en#/search?q=${encodeURIComponent('公章')}`);
  await waitForApp(page);
  const first = page.locator('.sq-results .sq-item').first();
  await first.waitFor();
  assert.doesNotMatch(await first.locator('.sq-item-name').textContent(), CJK);
  assert.match(await first.locator('.sq-item-meta mark').first().textContent(), /公章/);
  assert.doesNotMatch(await page.locator('.sq-results h2').first().textContent(), /（/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
