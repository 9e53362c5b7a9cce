// Drafts that behave (issue 25): a draft exists only once something was answered, one per chain; 继续办理 opens
// the step and the field left; 删除草稿 offers 撤销 and really deletes otherwise; 修改 on 核对信息 → 返回核对.
// (A receipt opening again after a reload, from the home's list: counter-codes.test.mjs, “no host: … kept after a
// reload until deleted; the home lists it”.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';
import { fillSection, next, fillAll, BIRTH } from './forms.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const BIRTH_START = '#/start/scenario/personal/1.1';

/** The draft ids stored on the device (what the home lists). */
const storedDrafts = (page) => page.evaluate(() => Object.keys(localStorage)
  .filter((k) => k.startsWith('sqsb.draft.')).map((k) => k.slice('sqsb.draft.'.length)));

/** The draft id in the address (#/apply/<id>/<step>). */
const draftInUrl = (page) => new URL(page.url()).hash.split('/')[2];

/** Opens 出生一件事's notice as its card's 办理这一件事 does. */
async function openBirth(page) {
  await page.goto(`${env.url}${BIRTH_START}`);
  await waitForApp(page);
  await page.waitForURL(/#\/apply\/[^/]+\//);
}

async function goHome(page) {
  await page.goto(`${env.url}#/`);
  await waitForApp(page);
  await page.locator('#sq-featured').waitFor();
}

/** Answers the first step of 出生's form (a single choice), which starts the draft. */
async function answerFirstStep(page) {
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.waitForURL(/\/form\/\d+$/);
  await page.locator('.sq-field').first().waitFor();
  await fillSection(page, BIRTH);
}

test('a notice opened and left makes no draft; the first answer makes one; opening the chain again continues it',
  async () => {
    const page = await env.phonePage();
    await openBirth(page);
    await page.locator('#sq-notice-title').waitFor();
    await page.getByRole('link', { name: '开始填表' }).click();
    await page.locator('.sq-field').first().waitFor();
    // Looked at, not answered: no draft on the device, nothing on the home.
    await goHome(page);
    assert.deepEqual(await storedDrafts(page), []);
    assert.equal(await page.getByRole('heading', { name: '未完成的申请' }).count(), 0);

    // Opened again and answered: now there is a draft, at once.
    await openBirth(page);
    const answered = draftInUrl(page);
    await answerFirstStep(page);
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('sqsb.draft.')));
    assert.deepEqual(await storedDrafts(page), [answered], 'the first answer keeps the draft at once');
    const kept = await page.evaluate((id) => JSON.parse(localStorage.getItem(`sqsb.draft.${id}`)), answered);
    assert.ok(Object.keys(kept.answers.fields ?? {}).length >= 1, `with the answer in it: ${JSON.stringify(kept)}`);
    assert.equal(await page.evaluate((id) => localStorage.getItem(`sqsb.opened.${id}`), answered), null);
    await goHome(page);
    const resume = page.getByRole('link', { name: /^继续办理：/ });
    await resume.first().waitFor();
    assert.equal(await resume.count(), 1);
    assert.equal(await resume.getAttribute('aria-label'), '继续办理：出生一件事');

    // 出生一件事 opened again from its card: the draft there is continues, where it was left.
    await openBirth(page);
    assert.equal(draftInUrl(page), answered);
    await page.waitForURL(/\/form\/\d+$/);
    await page.locator('.sq-field').first().waitFor();
    await page.locator('.sq-field input[type=radio]').last().check();
    await page.waitForTimeout(900); // the autosave pause
    await goHome(page);
    await resume.first().waitFor();
    assert.equal(await resume.count(), 1, 'still one draft for 出生一件事');
    assert.deepEqual(await storedDrafts(page), [answered]);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

test('继续办理 opens the step and the field left, after a reload and from the home', async () => {
  const page = await env.phonePage();
  await openBirth(page);
  await answerFirstStep(page);
  // On to a later step with two text fields or more, answering the steps before it.
  const inputs = page.locator('.sq-field input[type=text]');
  for (let i = 0; i < 8 && (await inputs.count()) < 2; i++) {
    await next(page);
    await page.locator('.sq-field').first().waitFor();
    if ((await inputs.count()) < 2) await fillSection(page, BIRTH);
  }
  const stepTwo = page.url();
  assert.match(stepTwo, /\/form\/\d+$/);
  const heading = await page.locator('h1').textContent();
  // Answer its second text field (not the first: the step's top would be near it anyway).
  const field = await inputs.nth(1).getAttribute('id');
  await inputs.nth(1).fill('李四');
  await page.waitForTimeout(900); // the autosave pause

  await page.reload();
  await waitForApp(page);
  await page.locator(`#${field}`).waitFor();
  await page.waitForFunction((id) => document.activeElement?.id === id, field);
  assert.equal(await page.locator(`#${field}`).inputValue(), '李四');

  await goHome(page);
  await page.getByRole('link', { name: '继续办理：出生一件事' }).click();
  await page.waitForURL(stepTwo);
  assert.equal(await page.locator('h1').textContent(), heading);
  await page.waitForFunction((id) => document.activeElement?.id === id, field);
  await screenshot(page, 'drafts-resumed');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('删除草稿 offers 撤销 for a few seconds; undone, the draft is back; not undone, it is gone from the device',
  async () => {
    const page = await env.phonePage();
    await openBirth(page);
    await answerFirstStep(page);
    const id = draftInUrl(page);
    await goHome(page);
    await page.getByRole('button', { name: '删除草稿：出生一件事' }).click();
    const status = page.getByRole('status').filter({ hasText: '已删除草稿' });
    await status.waitFor();
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    assert.match(await status.textContent(), /已删除草稿“出生一件事”。/);
    // Deleted at once (the copy for 撤销 is in memory only), and 撤销 has the focus the 删除 button had.
    assert.deepEqual(await storedDrafts(page), []);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '撤销');

    // 撤销 at once: the notice lasts 10 s of the page's time, and a screenshot and axe under load can take that
    // long (they run on the second deletion below, where the notice may go while they look).
    // 撤销: the draft is back, as it was, and opens.
    await page.getByRole('button', { name: '撤销删除草稿“出生一件事”' }).click();
    await page.getByRole('link', { name: '继续办理：出生一件事' }).waitFor();
    assert.equal(await status.count(), 0);
    assert.deepEqual(await storedDrafts(page), [id]);
    await page.getByRole('link', { name: '继续办理：出生一件事' }).click();
    await page.locator('.sq-field').first().waitFor();
    assert.ok(await page.locator('.sq-field input[type=radio]:checked').count() >= 1, 'the answer is back');

    // Not undone: the notice goes after its seconds, and nothing of the draft is left, after a reload either.
    await goHome(page);
    await page.getByRole('button', { name: '删除草稿：出生一件事' }).click();
    await status.waitFor();
    await screenshot(page, 'drafts-deleted-undo');
    assert.deepEqual(await axeViolations(page), []);
    await status.waitFor({ state: 'detached', timeout: 15_000 });
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.getByRole('heading', { name: '未完成的申请' }).count(), 0);
    const left = await page.evaluate((draft) => Object.keys(localStorage).filter((k) => k.includes(draft)), id);
    assert.deepEqual(left, []);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

test('长辈版: 撤销 is a 60 px target', async () => {
  const page = await env.phonePage();
  await openBirth(page);
  await answerFirstStep(page);
  await goHome(page);
  await page.getByRole('button', { name: '长辈版' }).click();
  await page.getByRole('button', { name: /^删除草稿：/ }).click();
  const undo = page.getByRole('button', { name: /^撤销删除草稿/ });
  await undo.waitFor();
  const box = await undo.boundingBox();
  assert.ok(box.width >= 60 && box.height >= 60, `撤销 ${box.width}×${box.height}`);
  await screenshot(page, 'drafts-deleted-undo-elder');
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

test('修改 on 核对信息 opens the section with 返回核对, which checks it and goes straight back', async () => {
  const page = await env.phonePage();
  await openBirth(page);
  await page.getByRole('link', { name: '开始填表' }).click();
  await fillAll(page, BIRTH, { axe: false });
  const edit = page.getByRole('link', { name: '修改：母亲' });
  await edit.click();
  await page.waitForURL(/\/edit\/\d+$/);
  assert.equal(await page.locator('h1').textContent(), '母亲');
  // One progress indicator on the step, as on any form step: its own count, not the phase row as well.
  assert.equal(await page.locator('.sq-progress').count(), 0, 'no phase row on an edit step');
  const name = page.getByLabel(/^姓名/);
  await name.fill('');
  await page.getByRole('button', { name: '返回核对' }).click();
  // The section is checked first: the problem is named, the review not reached.
  await page.locator('.sq-error-summary').waitFor();
  assert.match(await page.locator('.sq-error-summary').textContent(), /姓名/);
  assert.match(page.url(), /\/edit\/\d+$/);
  await screenshot(page, 'drafts-back-to-review');
  assert.deepEqual(await axeViolations(page), []);
  await name.fill('王五');
  await page.getByRole('button', { name: '返回核对' }).click();
  await page.locator('h1', { hasText: '核对信息' }).waitFor();
  assert.match(page.url(), /\/review$/);
  assert.ok((await page.locator('.sq-review').allTextContents()).join('').includes('王五'), 'the correction shows');
  // A section reached with 上一步 / 下一步 from a 修改 keeps the way back.
  await page.getByRole('link', { name: '修改：母亲' }).click();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/(edit\/\d+|review)$/);
  if (/\/edit\//.test(page.url())) await page.getByRole('button', { name: '返回核对' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
