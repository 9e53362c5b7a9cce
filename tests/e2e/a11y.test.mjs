// 长辈版, accessibility and English: axe-core (WCAG 2.1 AA) on every screen in both modes and both languages;
// measured elder-mode sizes (MIIT 2021 适老化: body ≥ 18 px, main headings ≥ 30 px, line height ≥ 1.3, targets
// ≥ 60×60); the 出生 chain completed with the keyboard only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';
import { fillAll, fillSection } from './forms.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const SCREENS = ['#/', '#/stage/enterprise/1', '#/scenario/personal/1.1', '#/search?q=%E4%B8%8A%E6%88%B7%E5%8F%A3',
  '#/item/E001-1', '#/item/P003', '#/basket', '#/settings'];

for (const elder of [false, true]) {
  for (const lang of ['zh', 'en']) {
    test(`axe: every screen, ${elder ? '长辈版' : 'standard'}, ${lang}`, async () => {
      const page = await env.phonePage();
      const query = `?lang=${lang}${elder ? '&elder=1' : ''}`;
      await page.goto(`${env.url}${query}#/`);
      await waitForApp(page);
      const screens = [...SCREENS];
      // The application steps too: start a chain and look at its notice and first form step.
      screens.push('#/start/scenario/personal/1.1');
      for (const hash of screens) {
        await page.goto(`${env.url}${query}${hash}`);
        await page.locator('main h1, main h2').first().waitFor();
        if (hash.includes('/item/')) await page.locator('.sq-guide-section, .sq-item-list').first().waitFor();
        if (hash.startsWith('#/start')) {
          await page.locator('#sq-notice-title').waitFor();
          assert.deepEqual(await axeViolations(page), [], `${hash} notice`);
          await page.locator('a.sq-button', { hasText: lang === 'en' ? /./ : '开始填表' }).last().click();
          await page.locator('.sq-form').waitFor();
        }
        assert.deepEqual(await axeViolations(page), [], `${hash} (${lang}${elder ? ', elder' : ''})`);
        assert.equal(await page.locator('.sq-app').getAttribute('lang'), lang === 'en' ? 'en' : 'zh-CN');
      }
      if (lang === 'en') {
        // Interface chrome and enterprise item names are English.
        await page.goto(`${env.url}${query}#/scenario/enterprise/1.1`);
        await page.locator('.sq-item-name').first().waitFor();
        assert.doesNotMatch(await page.locator('.sq-item-name').first().textContent(), /[\u4e00-\u9fff]/);
        assert.doesNotMatch(await page.locator('.sq-header-link').first().textContent(), /[\u4e00-\u9fff]/);
      }
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
}

test('axe: the review (核对信息) and receipt (受理回执) screens in both modes and both languages', async () => {
  const page = await env.phonePage();
  for (const elder of [false, true]) {
    for (const lang of ['zh', 'en']) {
      // A one-item application, filled in Chinese; then seen and submitted in the mode and language under test.
      await page.goto(`${env.url}?lang=zh&elder=0#/start/item/P082`);
      await waitForApp(page);
      await page.getByRole('link', { name: '开始填表' }).click();
      await fillAll(page, { choices: { 是否委托他人代办: '否', 证件类型: '居民身份证' } }, { axe: false });
      const review = page.url();
      const query = `?lang=${lang}&elder=${elder ? 1 : 0}`;
      const label = `${lang}${elder ? ', elder' : ''}`;
      await page.goto(review.replace(/\?[^#]*/, query));
      await waitForApp(page);
      await page.locator('.sq-consent input[type=checkbox]').waitFor();
      assert.equal(await page.locator('.sq-app').getAttribute('lang'), lang === 'en' ? 'en' : 'zh-CN');
      assert.deepEqual(await axeViolations(page), [], `review (${label})`);
      await page.locator('.sq-consent input[type=checkbox]').check();
      await page.locator('.sq-actions button').click();
      await page.locator('.sq-receipt-status').waitFor();
      assert.deepEqual(await axeViolations(page), [], `receipt (${label})`);
      if (elder && lang === 'zh') await screenshot(page, 'elder-receipt');
    }
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('长辈版 asks a section one question at a time, each checked before the next', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}?elder=1#/start/scenario/personal/1.1`);
  await waitForApp(page);
  await page.getByRole('link', { name: '开始填表' }).click();
  await page.getByLabel('否', { exact: true }).check();
  await page.getByRole('button', { name: '下一步' }).click();
  // The one counter counts the questions of the whole form (issue 25): the first section asked one.
  const counter = page.locator('.sq-question-no');
  await page.waitForFunction(() => /第 2 题/.test(document.querySelector('.sq-question-no')?.textContent ?? ''));
  const [, total] = (await counter.textContent()).match(/第 2 题，共 (\d+) 题/) ?? [];
  assert.ok(Number(total) > 2, await counter.textContent());
  const section = await page.locator('h1').textContent();
  const shown = () => page.locator('.sq-field:visible, .sq-group-field:visible').count();
  assert.equal(await shown(), 1, 'one question on the screen');
  // An unanswered required question stops here, with the reason.
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.sq-error-summary').waitFor();
  assert.match(await counter.textContent(), /第 2 题/);
  await fillSection(page, { choices: { 证件类型: '居民身份证' } });
  const answer = await page.locator('.sq-field input, .sq-field select').first().inputValue().catch(() => '');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForFunction(() => /第 3 题/.test(document.querySelector('.sq-question-no')?.textContent ?? ''));
  assert.equal(await page.locator('h1').textContent(), section, 'still the same section');
  assert.equal(await shown(), 1);
  assert.equal(await page.locator('.sq-error-summary').count(), 0, 'a new question starts without errors');
  await screenshot(page, 'elder-one-question');
  assert.deepEqual(await axeViolations(page), []);
  // 上一步 goes back one question, with its answer kept.
  await page.getByRole('button', { name: '上一步' }).click();
  await page.waitForFunction(() => /第 2 题/.test(document.querySelector('.sq-question-no')?.textContent ?? ''));
  if (answer) assert.equal(await page.locator('.sq-field input, .sq-field select').first().inputValue(), answer);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** Sizes the MIIT rules set, measured in the page. */
async function elderMeasurements(page) {
  return page.evaluate(() => {
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const textEls = [...document.querySelectorAll('main p, main li, main dd, main dt, main label, main span, main a')]
      .filter((el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
    const smallText = textEls.map((el) => [el.textContent.trim().slice(0, 20), parseFloat(getComputedStyle(el).fontSize)])
      .filter(([, size]) => size < 18);
    const h1 = document.querySelector('main h1');
    const mainHeading = h1 ? parseFloat(getComputedStyle(h1).fontSize) : 0;
    const tight = textEls.map((el) => {
      const s = getComputedStyle(el);
      const lh = s.lineHeight === 'normal' ? 1.2 : parseFloat(s.lineHeight) / parseFloat(s.fontSize);
      return [el.textContent.trim().slice(0, 20), lh];
    }).filter(([, lh]) => lh < 1.3);
    const controls = [...document.querySelectorAll('a[href], button, input:not([type=checkbox]):not([type=radio]), select, textarea, summary, label')]
      .filter(visible)
      .map((el) => { const r = el.getBoundingClientRect(); return [el.textContent.trim().slice(0, 16) || el.id, Math.round(r.width), Math.round(r.height)]; })
      .filter(([, w, h]) => w < 60 || h < 60);
    return { smallText, mainHeading, tight, controls };
  });
}

test('长辈版 meets the MIIT sizes on home, a guide and a form step', async () => {
  const page = await env.phonePage();
  await page.goto(`${env.url}#/`);
  await waitForApp(page);
  // The prominent switch on the home screen, remembered across visits.
  await page.getByRole('button', { name: '长辈版' }).click();
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.getByRole('button', { name: '长辈版' }).getAttribute('aria-pressed'), 'true');
  for (const [hash, name] of [['#/stage/personal/1', 'elder-stage'], ['#/item/P003', 'elder-guide'], ['#/start/scenario/personal/1.1', 'elder-form']]) {
    await page.goto(`${env.url}${hash}`);
    await page.locator('main h1').first().waitFor();
    if (name === 'elder-guide') await page.locator('.sq-guide-section').first().waitFor();
    if (name === 'elder-form') {
      await page.locator('#sq-notice-title').waitFor();
      await page.getByRole('link', { name: '开始填表' }).click();
      await page.locator('.sq-form').waitFor();
    }
    const m = await elderMeasurements(page);
    assert.deepEqual(m.smallText, [], `${hash}: body text ≥ 18 px`);
    assert.ok(m.mainHeading >= 30, `${hash}: main heading ${m.mainHeading} px ≥ 30`);
    assert.deepEqual(m.tight, [], `${hash}: line height ≥ 1.3`);
    assert.deepEqual(m.controls, [], `${hash}: touch targets ≥ 60×60`);
    // The breadcrumb (stage and guide; a form step has none) reads as one line of text: no blank after 首页 where
    // its 60 px touch area ends; and the touch areas of neighbouring links do not overlap.
    if (name !== 'elder-form') {
      const crumbs = await page.evaluate(() => [...document.querySelectorAll('.sq-breadcrumb li')].map((li) => {
        const a = li.querySelector('a');
        const range = document.createRange();
        range.selectNodeContents(a ?? li);
        const box = a?.getBoundingClientRect();
        return { text: range.getBoundingClientRect(), link: box && { left: box.left, right: box.right } };
      }));
      assert.ok(crumbs.length >= 2, `${hash}: a breadcrumb`);
      const spacing = crumbs[1].text.left - crumbs[0].text.right;
      assert.ok(spacing <= 30, `${hash}: 首页 to the next crumb's text ${spacing.toFixed(1)} px`);
      const links = crumbs.filter((c) => c.link);
      for (let i = 1; i < links.length; i += 1) {
        assert.ok(links[i].link.left >= links[i - 1].link.right, `${hash}: touch areas of crumbs ${i - 1} and ${i} overlap`);
      }
    }
    assert.deepEqual(await axeViolations(page), [], `${hash}: contrast and the rest`);
    await screenshot(page, name);
  }
  await page.goto(`${env.url}#/`);
  await screenshot(page, 'elder-home');
  await page.context().close();
});

test('a new screen gets the focus; the page opening and a screen that places it itself keep theirs', async () => {
  const page = await env.phonePage({ hasTouch: false, isMobile: false });
  await page.goto(`${env.url}#/`);
  await waitForApp(page);
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  assert.equal(await focused(), 'BODY', 'opening the page moves nothing');
  // A stage card, from the keyboard: the new screen is read from its start.
  await page.getByRole('link', { name: /^企业开办/ }).first().focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/stage\/enterprise\/1$/);
  await page.locator('h1', { hasText: '企业开办' }).waitFor();
  assert.equal(await focused(), 'sq-main');
  // A header link stays on screen, but the content changed: the focus goes to it too.
  await page.getByRole('link', { name: '设置' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: '设置' }).waitFor();
  assert.equal(await focused(), 'sq-main');
  // The search screen puts the focus in its box, and keeps it there.
  await page.goto(`${env.url}#/search`);
  await page.getByRole('searchbox').waitFor();
  await page.waitForFunction(() => document.activeElement?.type === 'search');
  await page.context().close();
});

test('the 出生 chain can be completed with the keyboard only', async () => {
  const page = await env.phonePage({ hasTouch: false, isMobile: false });
  await page.goto(`${env.url}#/scenario/personal/1.1`);
  await waitForApp(page);
  const active = () => page.evaluate(() => {
    const el = document.activeElement;
    const field = el?.closest('.sq-field');
    return {
      tag: el?.tagName, type: el?.type ?? '', id: el?.id ?? '', name: el?.name ?? '', text: (el?.textContent ?? '').trim(),
      value: el?.value ?? '', checked: !!el?.checked,
      label: field ? field.querySelector('.sq-label')?.textContent ?? '' : '',
      required: !!field?.querySelector('.sq-req:not(.sq-opt)'),
    };
  });
  async function tabTo(predicate, limit = 80) {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      const a = await active();
      if (predicate(a)) return a;
    }
    throw new Error('not reachable with Tab');
  }
  await tabTo((a) => a.tag === 'A' && a.text === '办理这一件事');
  await page.keyboard.press('Enter');
  await page.locator('#sq-notice-title').waitFor();
  await tabTo((a) => a.tag === 'A' && a.text === '开始填表');
  await page.keyboard.press('Enter');
  const values = {
    mother: '11010519491231002X', father: '440524188001010014',
  };
  for (let section = 0; section < 12; section++) {
    await page.locator('.sq-form h1').waitFor();
    const handledRadios = new Set();
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      const a = await active();
      if (a.tag === 'BUTTON' && a.text === '下一步') break;
      if (!a.required) continue;
      if (a.tag === 'INPUT' && a.type === 'radio') {
        const group = a.name; // the radios of one question share its name (they have no id)
        if (handledRadios.has(group) || a.checked) continue;
        handledRadios.add(group);
        // Arrow keys move between 是/否 and select; “否” is the second option.
        await page.keyboard.press('ArrowRight');
        continue;
      }
      if (a.tag === 'SELECT') {
        if (a.value) continue;
        // A closed select takes the next option on ArrowDown: the first real one (居民身份证, 随父亲落户 …).
        await page.keyboard.press('ArrowDown');
        continue;
      }
      if ((a.tag === 'INPUT' || a.tag === 'TEXTAREA') && !a.value) {
        let value = '张三';
        if (/公民身份号码/.test(a.label)) value = a.id.includes('father') ? values.father : values.mother;
        else if (/手机/.test(a.label)) value = '13800138000';
        else if (/日期/.test(a.label)) value = '2026-11-01';
        else if (/时刻/.test(a.label)) value = '08:30';
        else if (/地址|地点/.test(a.label)) value = '威海市环翠区新威路1号';
        if (a.type === 'date') {
          await page.keyboard.type('11012026'); // month, day, year: headless Chromium's date field order
        } else {
          await page.keyboard.type(value);
        }
      }
    }
    await page.keyboard.press('Enter');
    await page.waitForTimeout(150);
    if (/\/review$/.test(page.url())) break;
    const summary = page.locator('.sq-error-summary');
    if (await summary.count()) throw new Error(`keyboard section has errors: ${await summary.textContent()}`);
  }
  assert.match(page.url(), /\/review$/);
  await tabTo((a) => a.tag === 'INPUT' && a.type === 'checkbox');
  await page.keyboard.press('Space');
  await tabTo((a) => a.tag === 'BUTTON' && a.text === '提交申请');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/done$/);
  // No host on the plain page: nothing was sent, and the receipt says so.
  await page.locator('h1', { hasText: '申请未发送' }).waitFor();
  await page.context().close();
});

test('at 200 % zoom (195 CSS px wide) nothing needs sideways scrolling', async () => {
  const page = await env.phonePage({ viewport: { width: 195, height: 422 } });
  const overflow = () => page.evaluate(() => {
    const root = document.scrollingElement;
    const wide = [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .map((el) => el.tagName + '.' + el.className).slice(0, 5);
    return { scroll: root.scrollWidth - root.clientWidth, wide };
  });
  for (const hash of ['#/', '#/item/P003', '#/search?q=gsdj', '#/start/scenario/personal/1.1']) {
    await page.goto(`${env.url}${hash}`);
    await waitForApp(page);
    await page.locator('main h1, main h2').first().waitFor();
    if (hash === '#/item/P003') await page.locator('.sq-guide-section').first().waitFor();
    if (hash.startsWith('#/start')) {
      await page.locator('#sq-notice-title').waitFor();
      await page.getByRole('link', { name: '开始填表' }).click();
      await page.locator('.sq-form').waitFor();
    }
    const o = await overflow();
    assert.ok(o.scroll <= 0, `${hash}: ${o.scroll}px sideways (${o.wide.join(', ')})`);
  }
  await screenshot(page, 'zoom-200-form');
  await page.context().close();
});
