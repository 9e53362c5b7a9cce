// Personal data kept no longer than needed, at phone size: the start-up sweep drops a profile entry past its
// period; 设置 › 我的档案 lists each kept entry by the name forms use (never `element@role`), with its last day and
// a 删除 that forgets that entry only; 清除本机数据 removes the rest and the service worker's runtime caches, while
// the app's own precache stays. axe-clean; screenshot retention-settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const DAY = 24 * 60 * 60 * 1000;
const PROFILE_DAYS = 180; // Retention::default().profile_days

/** “2027年6月3日”, computed here without Intl so the test does not repeat what the app does. */
function chineseDate(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/** The `sqsb.*` keys of localStorage and the stored profile, parsed. */
async function stored(page) {
  return page.evaluate(() => ({
    keys: Object.keys(localStorage).filter((k) => k.startsWith('sqsb.')).sort(),
    profile: JSON.parse(localStorage.getItem('sqsb.profile.v1') ?? 'null'),
  }));
}

test('我的档案 lists kept entries by name with their last day; 删除 and 清除本机数据 remove them', async () => {
  // No service worker: its activation deletes caches of other versions, which would hide what the app does.
  const page = await env.phonePage({ serviceWorkers: 'block' });
  await page.goto(env.url);
  await waitForApp(page);
  const now = await page.evaluate(() => Date.now());
  const kept = { name: now - DAY, phone: now - 10 * DAY, company: now - 20 * DAY };
  await page.evaluate(({ now, kept, DAY }) => {
    // The stored profile format (sqsb_core::draft::Profile, PROFILE_FORMAT 2): each value with its kept time.
    localStorage.setItem('sqsb.profile.v1', JSON.stringify({
      v: 2,
      values: {
        'xm@applicant': { value: '张三', kept: kept.name },
        'sjhm@applicant': { value: '13800000000', kept: kept.phone },
        'qymc@enterprise': { value: '威海某某有限公司', kept: kept.company },
        'zzzz@applicant': { value: '某个已不再使用的字段', kept: kept.name },
        'gmsfhm@applicant': { value: '110105194912310020', kept: now - 181 * DAY },
      },
      updated: now,
    }));
  }, { now, kept, DAY });
  await page.evaluate(async () => {
    await (await caches.open('sqsb-runtime-e2e')).put('/pkg/data/dictionary.json', new Response('{"personal":1}'));
    await caches.open('sqsb-precache-e2e');
  });

  // A new start sweeps: the entry kept 181 days ago is gone from storage before anything shows it.
  await page.reload();
  await waitForApp(page);
  const swept = await stored(page);
  assert.deepEqual(Object.keys(swept.profile.values).sort(),
    ['qymc@enterprise', 'sjhm@applicant', 'xm@applicant', 'zzzz@applicant']);
  assert.equal(swept.profile.values['xm@applicant'].kept, kept.name, 'fresh entries keep their own time');

  // The lean build has no profile codec: with a profile stored, its settings screen hands over to the full build.
  assert.equal(await page.locator('.sq-app').getAttribute('data-build'), 'lean');
  await page.getByRole('link', { name: '设置' }).click();
  await page.locator('.sq-app[data-build="full"]').waitFor();
  const section = page.getByRole('region', { name: '我的档案' });
  assert.match(await section.textContent(), /保留 180 天/);
  // The dictionary names the fields (it arrives on demand); a field it does not know gets a generic name.
  await section.getByText('姓名（申请人）', { exact: true }).waitFor();
  const names = await section.locator('.sq-kept-name').allTextContents();
  assert.deepEqual(names.slice().sort(), ['企业名称（企业）', '姓名（申请人）', '已保存的信息 4', '手机号码（申请人）'].sort());
  const text = await section.textContent();
  assert.doesNotMatch(text, /@|xm|sjhm|qymc|zzzz|gmsfhm|公民身份号码/, 'no field key, no expired entry');
  assert.doesNotMatch(text, /张三|13800000000/, 'the values themselves are not shown');
  // Each entry's last day: kept + 180 days.
  const row = (name) => section.locator('.sq-kept').filter({ hasText: name });
  assert.match(await row('姓名（申请人）').textContent(), new RegExp(`保存至 ${chineseDate(kept.name + PROFILE_DAYS * DAY)}`));
  assert.match(await row('手机号码（申请人）').textContent(), new RegExp(`保存至 ${chineseDate(kept.phone + PROFILE_DAYS * DAY)}`));
  assert.equal(await page.getByRole('button', { name: '删除 已保存的信息 4' }).count(), 1);
  await screenshot(page, 'retention-settings');
  assert.deepEqual(await axeViolations(page), [], 'settings with kept entries');

  // 删除 forgets that entry only.
  await page.getByRole('button', { name: '删除 姓名（申请人）' }).click();
  await section.getByRole('status').filter({ hasText: '已删除：姓名（申请人）' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '删除 姓名（申请人）' }).count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sq-set-profile', 'focus stays in the section');
  const after = await stored(page);
  assert.deepEqual(Object.keys(after.profile.values).sort(), ['qymc@enterprise', 'sjhm@applicant', 'zzzz@applicant']);
  assert.equal(after.profile.values['sjhm@applicant'].value, '13800000000');
  assert.equal(after.profile.values['sjhm@applicant'].kept, kept.phone, 'the others keep their time');
  assert.deepEqual(await axeViolations(page), [], 'after 删除');

  // 清除本机数据: nothing of ours in storage, the runtime cache gone, the app's precache kept.
  await page.getByRole('button', { name: '清除本机数据' }).click();
  await page.getByRole('status').filter({ hasText: '本机数据已清除' }).waitFor();
  await section.getByText('目前没有保存任何信息。').waitFor();
  assert.equal(await section.locator('.sq-kept').count(), 0);
  assert.deepEqual((await stored(page)).keys, []);
  // Cache Storage is cleared asynchronously.
  let cacheNames = [];
  for (let i = 0; i < 50; i++) {
    cacheNames = await page.evaluate(() => caches.keys());
    if (!cacheNames.some((n) => n.startsWith('sqsb-runtime-'))) break;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(cacheNames, ['sqsb-precache-e2e']);
  await screenshot(page, 'retention-cleared');
  assert.deepEqual(await axeViolations(page), [], 'after clearing');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('with nothing kept, the lean build shows 我的档案 empty and stays lean', async () => {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  await page.goto(`${env.url}#/settings`);
  await waitForApp(page);
  const section = page.getByRole('region', { name: '我的档案' });
  await section.getByText('目前没有保存任何信息。').waitFor();
  assert.match(await section.textContent(), /每项信息自保存之日起保留 180 天/);
  assert.equal(await page.locator('.sq-app').getAttribute('data-build'), 'lean');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
