// 一套材料 (issue 20): the 出生 notice shows ONE instruction per material — never 需提交 and 无需提交 for the same
// material — the 出生医学证明 comes from this chain's own item, and the answers settle what was 视情况.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('the 出生 notice: one clear instruction per material', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/start/scenario/personal/1.1`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  const rows = await page.locator('.sq-checklist .sq-check').evaluateAll((lis) => lis.map((li) => ({
    name: li.querySelector('.sq-material-name')?.textContent ?? '',
    tag: li.querySelector('.sq-tag')?.textContent ?? '',
    instructions: [...li.querySelectorAll('.sq-supply')].map((s) => s.textContent),
    text: li.textContent,
  })));
  assert.ok(rows.length >= 8, `${rows.length} materials`);
  assert.equal(new Set(rows.map((r) => r.name)).size, rows.length, 'each material once');
  for (const r of rows) {
    assert.ok(!(/需提交/.test(r.text.replace(/无需提交/g, '')) && /无需提交/.test(r.text)), `${r.name}: ${r.text}`);
    if (r.tag === '无需提交') assert.equal(r.instructions.length, 0, r.name);
    else assert.equal(r.instructions.length, 1, `${r.name} has one instruction`);
  }
  const by = Object.fromEntries(rows.map((r) => [r.name, r]));
  assert.match(by['申请表'].instructions[0], /在本服务填写/);
  assert.match(by['出生医学证明'].instructions[0], /由本次办理的“出生医学证明办理”出具/);
  assert.match(by['居民身份证'].instructions[0], /可用居民身份证电子证照代替；无法调取时请带原件/);
  assert.match(by['居民户口簿'].instructions[0], /请带原件（公安派出所将在户口簿上为孩子增加户口页）/);
  await screenshot(page, 'materials-birth-notice');
  assert.deepEqual(await axeViolations(page), [], 'notice');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
