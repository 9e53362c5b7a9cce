// Catalog updates from a configured URL (`?catalog=`): a newer valid catalog is stored and used from the next
// screen change; invalid JSON, a wrong schema, an older version, a version dated in the future and a document over
// the size limit are rejected with a logged reason and the catalog in use is kept; an unchanged catalog costs a 304; a draft opened against the new catalog keeps its
// answers and says what changed, and so does a draft opened against updated forms of the same catalog. The test
// serves the update itself (page.route, so no service worker).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, waitForApp, axeViolations, screenshot, repo } from './harness.mjs';

let env;
// The deployment lists the published catalog: `?catalog=` may only choose among what it lists.
before(async () => { env = await start({ deployment: { version: 1, catalogs: ['./updates/catalog.json'] } }); });
after(async () => { await env?.close(); });

const bundled = JSON.parse(fs.readFileSync(path.join(repo, 'data', 'catalog.json'), 'utf8'));
// A predicate, not a glob: a glob would also match the page's own URL, whose query names the file.
const UPDATE_URL = (url) => url.pathname === '/updates/catalog.json';
const NEW_ITEM = '殡葬补贴线上申领（目录更新测试）';
const START_LABEL = /^开始办理$/;
// Newer than the bundled catalog, and not dated after today (the app refuses a version from the future).
const NEWER = '2021-07-01.1';

/** The bundled catalog at another version, with one item added at the end of the personal lifecycle. */
function updated(version) {
  const catalog = structuredClone(bundled);
  catalog.version = version;
  const personal = catalog.lifecycles.find((l) => l.id === 'personal');
  const items = personal.stages.at(-1).scenarios.at(-1).items;
  items.push({ id: 'P114', no: 114, name: NEW_ITEM, type: '公共服务', lead: ['市民政局'], partners: [], level: null,
    subitems: [] });
  return catalog;
}

/** A page whose catalog URL answers with `body` (a string), recording the requests' If-None-Match. */
async function pageWithUpdate(body, { etag = '"v1"' } = {}) {
  const page = await env.phonePage({ serviceWorkers: 'block' });
  page.warnings = [];
  page.conditional = [];
  page.on('console', (m) => { if (m.type() === 'warning') page.warnings.push(m.text()); });
  await page.route(UPDATE_URL, (route) => {
    const sent = route.request().headers()['if-none-match'];
    page.conditional.push(sent ?? null);
    if (sent === etag) return route.fulfill({ status: 304, headers: { ETag: etag } });
    return route.fulfill({ status: 200, contentType: 'application/json', headers: { ETag: etag }, body });
  });
  return page;
}

const version = (page) => page.locator('.sq-app').getAttribute('data-catalog-version');

async function searchFor(page, words) {
  await page.goto(`${env.url}?catalog=./updates/catalog.json#/search?q=${encodeURIComponent(words)}`);
  await waitForApp(page);
  await page.locator('h1').first().waitFor();
}

test('a newer valid catalog is used from the next screen, kept for the next visit, and not downloaded again',
  async () => {
    const page = await pageWithUpdate(JSON.stringify(updated(NEWER)));
    await page.goto(`${env.url}?catalog=./updates/catalog.json`);
    await waitForApp(page);
    assert.equal(await version(page), bundled.version, 'the first screen shows the catalog in use');
    await page.waitForFunction(() => localStorage.getItem('sqsb.catalog.v1') !== null);
    // The next screen change brings it in.
    await page.getByRole('link', { name: /身后/ }).first().click();
    await page.waitForFunction((v) => document.querySelector('.sq-app')?.dataset.catalogVersion === v, NEWER);
    await page.goto(`${env.url}?catalog=./updates/catalog.json#/item/P114`);
    await page.locator('h1', { hasText: NEW_ITEM }).waitFor();
    // This build has no guide or form for the new item: the guide says so plainly (not “check your network”) and
    // offers no online application that could only fail.
    await page.getByText('这个事项的办事指南正在编制').waitFor();
    assert.equal(await page.getByText('暂时无法加载').count(), 0);
    assert.equal(await page.getByRole('link', { name: START_LABEL }).count(), 0);
    assert.equal(await page.getByRole('button', { name: '加入办事篮' }).count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    // Reached anyway (a link from elsewhere, or its 一件事 now including it), the application names it and says what
    // to do.
    const scenario = updated(NEWER).lifecycles.find((l) => l.id === 'personal').stages.at(-1).scenarios.at(-1);
    for (const start of ['item/P114', `scenario/personal/${scenario.code}`]) {
      await page.goto(`${env.url}?catalog=./updates/catalog.json#/start/${start}`);
      await page.getByRole('alert').filter({ hasText: `“${NEW_ITEM}”暂不能在线申请` }).waitFor();
      assert.match(await page.getByRole('alert').textContent(), /12345/);
      assert.equal(await page.getByRole('link', { name: '返回首页' }).count(), 1, 'a way on, not a dead end');
    }
    await screenshot(page, 'catalog-update-no-form');
    // Found by search too (the index is rebuilt with the new catalog).
    await searchFor(page, '殡葬补贴');
    assert.ok((await page.locator('.sq-results .sq-item-name').allTextContents()).includes(NEW_ITEM));
    // Stored: the next visit starts with it, and asks the server with its ETag (answered 304).
    await page.reload();
    await waitForApp(page);
    assert.equal(await version(page), NEWER);
    for (let i = 0; i < 20 && !page.conditional.includes('"v1"'); i++) await page.waitForTimeout(100);
    assert.deepEqual(page.conditional, [null, '"v1"'], 'the first check unconditional, the second with the ETag');
    await page.waitForTimeout(500);
    assert.deepEqual(page.warnings.filter((w) => /catalog/.test(w)), []);
    // Playwright reports a request it answered with a body-less 304 as failed; the app took it as “unchanged”.
    assert.deepEqual(page.problems.filter((p) => !/request failed: .*\/updates\/catalog\.json$/.test(p)), []);
    await page.context().close();
  });

for (const [name, body, reason] of [
  ['invalid JSON', '{"schema": 1, "version": "2021-07-01.1", ', /不是有效的 JSON/],
  ['a wrong schema', JSON.stringify({ ...updated(NEWER), schema: 2 }), /schema/],
  ['an item without a name', JSON.stringify((() => {
    const c = updated(NEWER);
    delete c.lifecycles[0].stages[0].scenarios[0].items[0].name;
    return c;
  })()), /items\[0\]\.name/],
  ['an older version', JSON.stringify(updated('2020-01-01.1')), /2020-01-01\.1 不比当前版本/],
  ['a version dated in the future', JSON.stringify(updated('2099-01-01.1')), /2099-01-01\.1 晚于今天/],
  ['a version with an overlong number', JSON.stringify(updated('2021-07-01.99999999999999999999')), /不是“年-月-日/],
  ['a body over the size limit', JSON.stringify(updated(NEWER)) + ' '.repeat(600 * 1024), /过大/],
]) {
  test(`a catalog update with ${name} is rejected with a logged reason; the catalog in use stays`, async () => {
    const page = await pageWithUpdate(body);
    await page.goto(`${env.url}?catalog=./updates/catalog.json`);
    await waitForApp(page);
    await page.waitForTimeout(300);
    await page.getByRole('link', { name: /身后/ }).first().click();
    await page.locator('h1').first().waitFor();
    await page.waitForTimeout(300);
    assert.equal(await version(page), bundled.version);
    const logged = page.warnings.filter((w) => /catalog update from .* rejected/.test(w));
    assert.equal(logged.length, 1, page.warnings.join('\n'));
    assert.match(logged[0], reason);
    assert.equal(await page.evaluate(() => localStorage.getItem('sqsb.catalog.v1')), null);
    await page.goto(`${env.url}?catalog=./updates/catalog.json#/item/P114`);
    await page.locator('h1', { hasText: '没有找到这个事项' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('a draft opened against a newer catalog keeps its answers and says what changed', async () => {
  // First visit: no update published yet (404); a draft of the 出生 chain with a name typed in.
  const page = await pageWithUpdate('');
  await page.unroute(UPDATE_URL);
  await page.route(UPDATE_URL, (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(`${env.url}?catalog=./updates/catalog.json#/start/scenario/personal/1.1`);
  await waitForApp(page);
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  await page.getByLabel('否', { exact: true }).check();
  await page.waitForTimeout(900); // the autosave pause
  const draftUrl = page.url();

  // The update is published; the app picks it up and uses it from the next screen.
  await page.unroute(UPDATE_URL);
  await page.route(UPDATE_URL, (route) => route.fulfill({ status: 200, contentType: 'application/json',
    body: JSON.stringify(updated(NEWER)) }));
  // (Another query string each time: a full page load, not a jump within the page.)
  await page.goto(`${env.url}?catalog=./updates/catalog.json&visit=2#/`);
  await waitForApp(page);
  await page.waitForFunction(() => localStorage.getItem('sqsb.catalog.v1') !== null);
  await page.goto(draftUrl.replace('#', '&visit=3#'));
  await page.getByRole('heading', { name: '事项目录已更新' }).waitFor();
  const notice = await page.locator('.sq-migrated').textContent();
  assert.match(notice, new RegExp(`${bundled.version.replace(/\./g, '\\.')} 版事项目录，现已更新为 ${NEWER.replace(/\./g, '\\.')} 版`));
  assert.match(notice, /已填写的内容已保留/);
  assert.ok(await page.getByLabel('否', { exact: true }).isChecked(), 'the answer is kept');
  await screenshot(page, 'catalog-update-draft');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems.filter((p) => !/404|request failed: .*\/updates\/catalog\.json$/.test(p)), []);
  await page.context().close();
});

test('a draft opened against updated forms (the same catalog) drops what they no longer ask and says so', async () => {
  // The draft records the forms version it was filled against: the build's, the one its stage files carry.
  const built = JSON.parse(fs.readFileSync(path.join(repo, 'pkg', 'data', 'forms-P1.json'), 'utf8'));
  assert.match(built.forms_version, /^\d{4}-\d{2}-\d{2}\.\d+$/);
  const page = await env.phonePage({ serviceWorkers: 'block' });
  await page.goto(`${env.url}#/start/scenario/personal/1.1`);
  await waitForApp(page);
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  await page.getByLabel('否', { exact: true }).check();
  const id = page.url().match(/#\/apply\/([^/]+)\//)[1];
  const stored = () => page.evaluate((id) => JSON.parse(localStorage.getItem(`sqsb.draft.${id}`) ?? 'null'), id);
  await page.waitForFunction((id) => Object.keys(JSON.parse(localStorage.getItem(`sqsb.draft.${id}`) ?? '{}')
    .answers?.fields ?? {}).length > 0, id);
  const kept = await stored();
  assert.equal(kept.fv, built.forms_version, 'filled against the forms of this build');
  const [answered] = Object.keys(kept.answers.fields);
  assert.equal(answered, 'sfdb@applicant', 'the first question: 是否委托他人代办');

  // Opened again with the same forms: nothing to report.
  const draftUrl = page.url();
  await page.goto(draftUrl.replace('#', '?visit=2#'));
  await page.locator('.sq-field').first().waitFor();
  assert.equal(await page.locator('.sq-migrated').count(), 0, 'the same forms: no notice');

  // A forms-only update (the catalog unchanged) stops asking the answered field: every stage file that asks it
  // leaves it out, under a newer forms version.
  await page.route((url) => /\/data\/forms-[EP]\d+\.json$/.test(url.pathname), async (route) => {
    const file = await (await route.fetch()).json();
    file.forms_version = '2099-01-01.1';
    for (const spec of Object.values(file.forms)) spec.fields = spec.fields.filter((f) => f.field !== answered);
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(file) });
  });
  await page.goto(draftUrl.replace('#', '?visit=3#'));
  await page.getByRole('heading', { name: '申请表已更新' }).waitFor();
  const notice = await page.locator('.sq-migrated').textContent();
  assert.doesNotMatch(notice, /事项目录/, 'the catalog did not change');
  assert.match(notice, /已填写的内容已保留/);
  assert.match(notice, /有 1 项已填写的内容不再需要，已删除/);
  await page.waitForFunction((id) => JSON.parse(localStorage.getItem(`sqsb.draft.${id}`) ?? '{}').fv === '2099-01-01.1', id);
  const reopened = await stored();
  assert.equal(reopened.answers.fields?.[answered], undefined, `${answered} is no longer kept`);
  // The first section asked only for the removed question and what it opens: with nothing left to ask there, the
  // form moves on to the next section that asks something, in place of an empty page (the notice stays).
  await page.waitForURL((url) => url.hash !== new URL(draftUrl).hash);
  assert.match(page.url(), /\/form\/[1-9]\d*$/);
  await page.locator('.sq-field').first().waitFor();
  assert.equal(await page.locator('.sq-migrated').count(), 1);
  await screenshot(page, 'forms-update-draft');
  assert.deepEqual(await axeViolations(page), []);
  // This page's deployment lists a catalog update that is not published: its 404s are expected.
  assert.deepEqual(page.problems.filter((p) => !/404|request failed: .*\/updates\/catalog\.json$/.test(p)), []);
  await page.context().close();
});
