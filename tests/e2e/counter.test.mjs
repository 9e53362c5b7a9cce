// The 一窗受理 counter's page (www/counter.html, src/counter.rs) at a desktop screen: real counter codes (SQSB2)
// typed as a scanner types them, in reverse order, with a damaged and a foreign part in between; the camera (a
// stand-in BarcodeDetector and camera, as headless Chromium on Linux has neither); the application file; the
// answers under their labels as the exported data names them; the print layout; a code of another dictionary
// version; offline. The codes come from tests/e2e/fixtures (core/examples/counter_parts.rs; core/tests/counter_code.rs
// fails when they no longer read).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, repo, axeViolations, screenshot } from './harness.mjs';
import { CSP } from './budget.mjs';

const fixtures = path.join(repo, 'tests', 'e2e', 'fixtures');
const lines = (name) => fs.readFileSync(path.join(fixtures, name), 'utf8').split('\n').filter((l) => l.trim());
const PARTS = lines('birth.sqsb2.txt');
const OTHER = lines('other.sqsb2.txt');
const FILE = fs.readFileSync(path.join(fixtures, 'birth.payloads.json'));
const APPLICATIONS = JSON.parse(FILE);
const REFERENCE = 'SQ20250601BIRTH1';
const DESKTOP = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 };

// What the page must show, worked out here from the exported data the page reads (pkg/data), not by its code.
const data = path.join(repo, 'pkg', 'data');
const dictionary = JSON.parse(fs.readFileSync(path.join(data, 'dictionary.json'), 'utf8'));
const guideFiles = fs.readdirSync(data).filter((n) => n.startsWith('guides-'))
  .map((n) => JSON.parse(fs.readFileSync(path.join(data, n), 'utf8')));
const guideOf = (id) => guideFiles.map((f) => f.guides[id] && { guide: f.guides[id], file: f }).find(Boolean);
const byKey = (list, key) => dictionary[list].find((x) => x.key === key);

/** 姓名（父亲）, as forms name a field; null for a key the dictionary lacks. */
function fieldLabel(key) {
  const [element, role] = key.split('@');
  const e = byKey('elements', element);
  const r = byKey('roles', role ?? '');
  if (!e || !r) return null;
  const short = r.label.split(/[（(]/)[0].trim();
  return role === 'item' || !short ? e.label : `${e.label}（${short}）`;
}

/** An answer as the citizen read it: option labels, 是/否. */
function shown(element, value) {
  const e = byKey('elements', element);
  if (e?.kind === 'yes_no') return { 1: '是', 0: '否' }[value] ?? value;
  if (e?.kind === 'enum' || e?.kind === 'multi_enum') {
    const options = byKey('option_lists', e.options)?.options ?? [];
    return value.split(',').map((code) => options.find((o) => o.code === code)?.label ?? code).join('、');
  }
  return value;
}

/** A material's `when` on the answers, as core/src/condition.rs reads it. */
function holds(c, fields) {
  if (c.field) {
    const value = (fields[c.field] ?? '').trim() ? fields[c.field] : null;
    const has = (code) => value !== null && (value === code || value.split(',').includes(code));
    if ('equals' in c) return has(c.equals);
    if ('in' in c) return c.in.some(has);
    if ('filled' in c) return (value !== null) === c.filled;
    return false;
  }
  if (c.all) return c.all.every((x) => holds(x, fields));
  if (c.any) return c.any.some((x) => holds(x, fields));
  if (c.not) return !holds(c.not, fields);
  return false;
}

// A number keeps the unit it was typed in (`units` of the application: 1.00元/月, never a bare 1.00).
const expectedRows = (application) => Object.entries(application.fields).map(([key, value]) => {
  const label = fieldLabel(key);
  const unit = application.units?.[key] ?? '';
  return `${label ?? '其他信息'}｜${label ? `${shown(key.split('@')[0], value)}${unit}` : value}`;
}).sort();

/** Each item card as the page shows it. */
function readCards(page) {
  return page.locator('.sq-counter-item').evaluateAll((cards) => cards.map((card) => ({
    heading: card.querySelector('h3').textContent,
    department: card.querySelector('.sq-counter-department')?.textContent ?? null,
    facts: [...card.querySelectorAll(':scope > dl dd')].map((d) => d.textContent),
    rows: [...card.querySelectorAll('.sq-counter-answers dt')]
      .map((dt) => `${dt.textContent}｜${dt.nextElementSibling.textContent}`),
    materials: card.querySelectorAll('.sq-material').length,
    exempt: card.querySelectorAll('.sq-exempt-note').length,
    notNeeded: card.querySelectorAll('.sq-material.sq-not-needed').length,
    required: [...card.querySelectorAll('.sq-material .sq-tag')].filter((t) => t.textContent === '必需').length,
  })));
}

/** Every application of the fixture, under its name and department, answers under their labels, materials. */
async function assertShowsTheFixture(page, reference) {
  await page.locator('.sq-counter-item').nth(APPLICATIONS.length - 1).waitFor();
  const cards = await readCards(page);
  assert.equal(cards.length, APPLICATIONS.length);
  APPLICATIONS.forEach((application, i) => {
    const card = cards[i];
    const found = guideOf(application.item_id);
    assert.ok(found, `${application.item_id} has a guide in pkg/data`);
    assert.equal(card.heading, `${i + 1}. ${application.item_name}`);
    assert.equal(card.department, found.guide.handler, application.item_name);
    if (reference) assert.ok(card.facts.includes(`${reference}-${i + 1}`), `${card.facts}`);
    assert.deepEqual(card.rows.sort(), expectedRows(application), application.item_name);
    assert.equal(card.materials, found.guide.materials.length, application.item_name);
    // 免提交 marks where the route stands in for the paper; a `paper` reason (户口簿 page added) shows it as paper.
    const exempt = found.guide.materials.filter((m) => found.file.materials[m.key]?.exempt && !m.paper).length;
    assert.equal(card.exempt, exempt, application.item_name);
    // The answers decide a material with a condition: needed (必需), or marked as not needed this time.
    const materials = found.guide.materials;
    const ruledOut = materials.filter((m) => m.when && !holds(m.when, application.fields)).length;
    const required = materials.filter((m) => (m.when ? holds(m.when, application.fields) : m.required)).length;
    assert.equal(card.notNeeded, ruledOut, application.item_name);
    assert.equal(card.required, required, application.item_name);
  });
  // Labels, never keys; every answer of the file somewhere on the page.
  const text = await page.locator('.sq-counter-result').innerText();
  for (const key of Object.keys(APPLICATIONS[0].fields)) assert.ok(!text.includes(key), key);
  assert.ok(cards.some((c) => c.exempt > 0), 'some material is marked 免提交');
  assert.ok(cards.some((c) => c.notNeeded > 0), 'some material is ruled out by the answers');
}

const progress = (page) => page.locator('.sq-counter-progress').textContent();

/** Types a part into the box as a keyboard-wedge scanner does: the text, then Enter. */
async function scan(page, text) {
  const box = page.getByRole('textbox', { name: '扫描二维码或输入二维码内容' });
  await box.fill(text);
  await box.press('Enter');
  assert.equal(await box.inputValue(), '', 'the box is emptied for the next code');
}

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function openCounter(options = {}) {
  const page = await env.phonePage({ ...DESKTOP, serviceWorkers: 'block', ...options });
  const response = await page.goto(`${env.url}counter.html`);
  await page.locator('.sq-counter').waitFor();
  return { page, response };
}

test('the empty page: strict CSP, the box focused for the scanner, no camera where it cannot work, accessible', async () => {
  const { page, response } = await openCounter();
  assert.equal(response.headers()['content-security-policy'], `${CSP}; frame-ancestors 'self'`);
  assert.equal(await page.title(), '窗口读取申请 - 威海“双全双百”政务服务');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sq-c-scan');
  assert.equal(await progress(page), '还没有读取二维码');
  // Headless Chromium on Linux has no BarcodeDetector: no button that could only fail.
  assert.equal(await page.evaluate(() => 'BarcodeDetector' in window), false);
  assert.equal(await page.getByRole('button', { name: '用摄像头扫描' }).count(), 0);
  await page.getByLabel('打开申请文件（JSON）').waitFor();
  await screenshot(page, 'counter-empty');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('parts in reverse order, a damaged and a foreign one refused on the way, then every application', async () => {
  const { page } = await openCounter();
  await scan(page, PARTS[2]);
  assert.equal(await progress(page), '已读取 1 / 3 张，还缺第 1、2 张');

  // One character of the second part changed: refused with its number, nothing read is lost.
  const at = PARTS[1].length - 40;
  const damaged = PARTS[1].slice(0, at) + (PARTS[1][at] === 'A' ? 'B' : 'A') + PARTS[1].slice(at + 1);
  await scan(page, damaged);
  assert.equal(await page.getByRole('alert').textContent(), '第 2 张二维码已损坏，请让申请人重新出示这一张');
  assert.equal(await progress(page), '已读取 1 / 3 张，还缺第 1、2 张');
  // A part of another submission: refused as foreign.
  await scan(page, OTHER[0]);
  assert.match(await page.getByRole('alert').textContent(), /^这张二维码属于另一份申请.*重新开始/);
  assert.equal(await progress(page), '已读取 1 / 3 张，还缺第 1、2 张');
  // Not a counter code at all.
  await scan(page, 'https://example.com/');
  assert.equal(await page.getByRole('alert').textContent(), '这不是申请的柜台二维码，请让申请人打开受理回执中的二维码');

  // As a scanner with Caps Lock on types it, with the line end some scanners add.
  await scan(page, `${PARTS[1].toLowerCase()}\r\n`);
  assert.equal(await progress(page), '已读取 2 / 3 张，还缺第 1 张');
  assert.equal(await page.getByRole('alert').count(), 0, 'a part read clears the last refusal');
  await scan(page, PARTS[1]);
  assert.equal(await progress(page), '已读取 2 / 3 张，还缺第 1 张', 'a part read twice changes nothing');
  await scan(page, PARTS[0]);
  assert.equal(await progress(page), '已读取 3 / 3 张，二维码已全部读取');

  await assertShowsTheFixture(page, REFERENCE);
  assert.equal(await page.locator('.sq-counter-result .sq-reference').textContent(), REFERENCE);
  assert.equal(await page.locator('.sq-counter-result > h2').textContent(), `申请内容（共 ${APPLICATIONS.length} 个事项）`);
  // What was read stays in this page: nothing personal on the counter's computer.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(REFERENCE) && !stored.includes(APPLICATIONS[0].fields['xm@newborn']), stored);
  await screenshot(page, 'counter-result');
  assert.deepEqual(await axeViolations(page), []);

  // The same code again changes nothing; another one is refused until 重新开始.
  await scan(page, PARTS[2]);
  assert.equal(await page.locator('.sq-counter-item').count(), APPLICATIONS.length);
  await scan(page, OTHER[0]);
  assert.match(await page.getByRole('alert').textContent(), /另一份申请/);
  assert.equal(await page.locator('.sq-counter-item').count(), APPLICATIONS.length);
  await page.getByRole('button', { name: '重新开始' }).click();
  assert.equal(await progress(page), '还没有读取二维码');
  assert.equal(await page.locator('.sq-counter-item').count(), 0);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sq-c-scan', 'the scanner can go on');
  await scan(page, OTHER[0]);
  await page.locator('.sq-counter-item').first().waitFor();
  assert.equal(await page.locator('.sq-counter-result .sq-reference').textContent(), 'SQ20250602OTHER1');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('printed: one item to a page, nothing to press or type', async () => {
  const { page } = await openCounter();
  for (const part of PARTS) await scan(page, part);
  await page.locator('.sq-counter-item').nth(APPLICATIONS.length - 1).waitFor();
  await page.getByRole('button', { name: '打印' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(() => {
    const items = [...document.querySelectorAll('.sq-counter-item')];
    const shownOnPaper = (el) => el.getClientRects().length > 0;
    return {
      breaks: items.map((el) => getComputedStyle(el).breakBefore),
      controls: [...document.querySelectorAll('.sq-counter button, .sq-counter input')].filter(shownOnPaper).length,
      reader: shownOnPaper(document.querySelector('.sq-counter-reader')),
      header: shownOnPaper(document.querySelector('.sq-header')),
    };
  });
  assert.deepEqual(layout.breaks, APPLICATIONS.map((_, i) => (i === 0 ? 'auto' : 'page')));
  assert.equal(layout.controls, 0);
  assert.equal(layout.reader, false);
  assert.equal(layout.header, false);
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
  assert.ok(pages >= APPLICATIONS.length, `${pages} pages for ${APPLICATIONS.length} items`);
  await screenshot(page, 'counter-print');
  await page.context().close();
});

test('the application file the receipt offers reads the same; groups listed, unknown keys as 其他信息', async () => {
  const { page } = await openCounter();
  const file = page.getByLabel('打开申请文件（JSON）');
  // A browser adds " (1)" to a second download of the same name.
  await file.setInputFiles({ name: `${REFERENCE} (1).json`, mimeType: 'application/json', buffer: FILE });
  await assertShowsTheFixture(page, REFERENCE);
  assert.equal(await progress(page), '', 'no codes are being read');

  // A file with a group and keys this dictionary does not have (a newer module's, say).
  const family = byKey('groups', 'family_members');
  const relation = byKey('option_lists', byKey('elements', 'gx').options).options[0];
  const crafted = [{
    ...APPLICATIONS[0],
    fields: { 'xm@applicant': '刘芳', 'xyz_new@applicant': '新字段的回答', 'not a key': '另一项回答' },
    groups: {
      family_members: [{ xm: '张伟', gx: relation.code }, { xm: '李华', extra: '成员的新回答' }],
      unknown_group: [{ a: '未知分组的回答' }],
    },
  }];
  await file.setInputFiles({ name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(crafted)) });
  await page.locator('.sq-counter-item').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.sq-counter-item').length === 1);
  const [card] = await readCards(page);
  assert.deepEqual(card.rows.sort(), [
    '其他信息｜另一项回答',
    '其他信息｜新字段的回答',
    '姓名（申请人）｜刘芳',
    `第 1 位${family.label}｜姓名：张伟；${byKey('elements', 'gx').label}：${relation.label}`,
    `第 2 位${family.label}｜姓名：李华；其他信息：成员的新回答`,
    '其他信息｜未知分组的回答',
  ].sort());
  assert.equal(await page.locator('.sq-counter-result .sq-reference').textContent(), '申请文件中没有受理参考号');
  const text = await page.locator('.sq-counter-result').innerText();
  for (const key of ['xyz_new', 'not a key', 'family_members', 'unknown_group', 'extra', '@']) assert.ok(!text.includes(key), key);
  await screenshot(page, 'counter-file');
  assert.deepEqual(await axeViolations(page), []);

  // Not an application file: refused, what is shown stays.
  await file.setInputFiles({ name: 'photo.json', mimeType: 'application/json', buffer: Buffer.from('{"not": "applications"}') });
  assert.equal(await page.getByRole('alert').textContent(), '这个文件不是申请文件，无法读取。请让申请人在受理回执中重新下载申请文件。');
  assert.equal(await page.locator('.sq-counter-item').count(), 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// A stand-in camera: a canvas stream, and a BarcodeDetector that "sees" the codes queued in window.__codes.
function fakeCamera() {
  window.__codes = [];
  window.BarcodeDetector = class {
    static async getSupportedFormats() { return ['qr_code', 'ean_13']; }
    constructor(options) { window.__formats = options.formats; }
    async detect() {
      const next = window.__codes.shift();
      return next ? [{ rawValue: next, format: 'qr_code' }] : [];
    }
  };
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    if (window.__deny) throw new DOMException('denied', 'NotAllowedError');
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const draw = () => { const c = canvas.getContext('2d'); c.fillStyle = `hsl(${Date.now() % 360} 50% 50%)`; c.fillRect(0, 0, 320, 240); };
    draw();
    setInterval(draw, 50);
    window.__stream = canvas.captureStream(20);
    window.__constraints = constraints;
    return window.__stream;
  };
}

test('the camera (counter.js): each code it reads reaches the reader once; it turns off when all are in', async () => {
  const page = await env.phonePage({ ...DESKTOP, serviceWorkers: 'block' });
  await page.addInitScript(fakeCamera);
  await page.goto(`${env.url}counter.html`);
  const button = page.getByRole('button', { name: '用摄像头扫描' });
  await button.click();
  await page.locator('.sq-camera-view video').waitFor();
  await page.getByRole('button', { name: '关闭摄像头' }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__formats), ['qr_code']);
  // The same code seen over and over (as a camera does), then the others.
  await page.evaluate((parts) => window.__codes.push(parts[1], parts[1], parts[1]), PARTS);
  await page.waitForFunction(() => document.querySelector('.sq-counter-progress')?.textContent.startsWith('已读取 1 / 3'));
  await page.evaluate((parts) => window.__codes.push(parts[2], parts[0]), PARTS);
  await assertShowsTheFixture(page, REFERENCE);
  // All read: the camera is off and let go.
  await button.waitFor();
  assert.equal(await page.locator('.sq-camera-view').count(), 0);
  await page.waitForFunction(() => window.__stream.getTracks().every((t) => t.readyState === 'ended'));

  // A camera that cannot open says so, and the button stays usable.
  await page.getByRole('button', { name: '重新开始' }).click();
  await page.evaluate(() => { window.__deny = true; });
  await button.click();
  assert.equal(await page.getByRole('alert').textContent(), '无法打开摄像头，请检查浏览器是否允许使用摄像头，或改用扫码枪。');
  assert.equal(await button.isEnabled(), true);
  assert.equal(await page.locator('.sq-camera-view').count(), 0);

  // The event the camera uses, dispatched on the reader's root, as any other reader could.
  await page.evaluate((part) => document.querySelector('.sq-counter')
    .dispatchEvent(new CustomEvent('sqsb:scan', { detail: part })), OTHER[0]);
  await page.locator('.sq-counter-item').first().waitFor();
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems.filter((p) => !/camera could not be opened/.test(p)), []);
  await page.context().close();
});

test('a code made with an earlier dictionary is read with its archived copy and says so; without the copy it is '
  + 'refused naming its version, and its parts stay', async () => {
  const page = await env.phonePage({ ...DESKTOP, serviceWorkers: 'block' });
  // This counter's dictionary is a newer one than the code's (2026-11-26.1, archived in data/counter/).
  await page.route('**/pkg/data/dictionary.json', async (route) => {
    const response = await route.fetch();
    const newer = { ...(await response.json()), version: '2099-01-01' };
    await route.fulfill({ response, body: JSON.stringify(newer) });
  });
  await page.goto(`${env.url}counter.html`);
  for (const part of PARTS) await scan(page, part);
  await assertShowsTheFixture(page, REFERENCE);
  assert.match(await page.locator('.sq-counter-result [role=note]').textContent(),
    new RegExp(`较早版本生成（字段字典 ${dictionary.version.replace(/\./g, '\\.')} 版）`));

  // A build that does not have the code's dictionary: refused, naming it; what was read stays.
  await page.route(`**/pkg/data/dictionary-${dictionary.version}.json`,
    (route) => route.fulfill({ status: 404, body: '' }));
  await page.getByRole('button', { name: '重新开始' }).click();
  for (const part of PARTS) await scan(page, part);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.textContent(),
    `本系统没有这份申请所用的字段字典（版本 ${dictionary.version}），请升级受理系统后再读取`);
  assert.equal(await progress(page), '已读取 3 / 3 张，二维码已全部读取');
  assert.equal(await page.locator('.sq-counter-item').count(), 0);
  // The 404 of the missing copy is the only problem, and the test caused it.
  assert.deepEqual(page.problems.filter((p) => !/404|dictionary-/.test(p)), []);
  await page.context().close();
});

test('offline after one visit: the page opens and reads a code', async () => {
  const page = await env.phonePage(DESKTOP);
  await page.goto(`${env.url}counter.html`);
  await page.locator('.sq-counter').waitFor();
  // The worker counter.js registers has every file, the data the result needs included.
  await page.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 60_000 });
  await page.context().setOffline(true);
  await page.reload();
  await page.locator('.sq-counter').waitFor();
  for (const part of PARTS) await scan(page, part);
  await assertShowsTheFixture(page, REFERENCE);
  await page.context().setOffline(false);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
