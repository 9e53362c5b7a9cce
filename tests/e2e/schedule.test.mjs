// 办事日程: on a chain's notice one date per event, then the deadlines in date order, as the law counts them; the
// .ics file parsed back with ical.js; 即将到期 on the home, gone with the draft; 长辈版 sizes; axe-clean.
// The device clock is fixed (page.clock) so that "days left" is known.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import ICAL from 'ical.js';
import { start, waitForApp, axeViolations, screenshot } from './harness.mjs';
import { fillSection, next, BIRTH } from './forms.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** A phone page whose clock reads `iso` (Beijing time), then the notice of a scenario. */
async function noticeAt(iso, scenario, query = '') {
  const page = await env.phonePage();
  await page.clock.setFixedTime(new Date(`${iso}T10:00:00+08:00`));
  await page.goto(`${env.url}${query}#/start/scenario/${scenario}`);
  await waitForApp(page);
  await page.locator('#sq-notice-title').waitFor();
  await page.locator('#sq-schedule-title').waitFor();
  return page;
}

/** A phone page whose clock reads `iso` (Beijing time), on an item's guide with `date` given for the event labelled
 * `label`, once the deadline is dated. */
async function guideDatedAt(iso, item, label, date) {
  const page = await env.phonePage();
  await page.clock.setFixedTime(new Date(`${iso}T10:00:00+08:00`));
  await page.goto(`${env.url}#/item/${item}`);
  await waitForApp(page);
  await page.locator('#sq-schedule-title').waitFor();
  const field = page.getByLabel(label);
  await field.fill(date);
  await field.blur();
  await page.locator('.sq-deadline time').first().waitFor();
  return page;
}

/** The deadlines as shown: [item, last day (datetime), the tag's text] in screen order. */
async function deadlines(page) {
  return page.locator('.sq-deadline').evaluateAll((rows) => rows.map((li) => [
    li.querySelector('.sq-deadline-item').textContent,
    li.querySelector('time')?.getAttribute('datetime') ?? null,
    li.querySelector('time')?.textContent ?? null,
  ]));
}

/** Clicks 加入日历 and returns the downloaded file parsed by ical.js: [summary, start date] per VEVENT. */
async function downloadedCalendar(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '加入日历' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.ics$/);
  const text = fs.readFileSync(await download.path(), 'utf8');
  assert.ok(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75), 'lines folded at 75 octets');
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v);
    assert.ok(event.startDate.isDate, 'an all-day event');
    assert.equal(v.getAllSubcomponents('valarm').length, 1, 'a reminder');
    return [event.summary, event.startDate.toString(), event.description];
  });
}

test('出生: a birth on 2026-01-31 is registered by 2026-02-28, and the calendar file says so', async () => {
  const page = await noticeAt('2026-02-01', 'personal/1.1');
  // Before the date: the deadlines are listed, undated.
  assert.deepEqual((await deadlines(page)).map(([item, date]) => [item, date]),
    [['预防接种证办理', null], ['户口登记（出生登记）', null]]);
  // One date field for the whole chain.
  assert.equal(await page.locator('.sq-schedule input[type=date]').count(), 1);
  await page.getByLabel('出生日期').fill('2026-01-31');
  await page.getByLabel('出生日期').blur();
  // 户口登记条例第七条: 一个月以内. 第二百零一条: 31 January is not counted; 第二百零二条: February has no 31st, so
  // its last day, 28 February 2026. That is a Saturday, but the State Council made it a working day (春节调休:
  // 2月28日（周六）上班), so 第二百零三条 does not move it: 2026-02-28, 27 days after 1 February.
  await page.locator('.sq-deadline time').first().waitFor();
  assert.deepEqual(await deadlines(page), [
    ['预防接种证办理', '2026-02-28', '还剩 27 天'],
    ['户口登记（出生登记）', '2026-02-28', '还剩 27 天'],
  ]);
  const schedule = await page.locator('.sq-schedule').textContent();
  assert.match(schedule, /最迟 2026年2月28日/);
  assert.match(schedule, /《中华人民共和国户口登记条例》第七条/);
  assert.match(schedule, /《中华人民共和国疫苗管理法》第四十七条/);
  assert.doesNotMatch(schedule, /尚未收录/, '2026 is on file: no approximate-date warning');
  await screenshot(page, 'schedule-birth');
  assert.deepEqual(await axeViolations(page), [], 'notice with the schedule');

  const events = await downloadedCalendar(page);
  assert.deepEqual(events.map(([summary, date]) => [summary, date]), [
    ['预防接种证办理：最后办理日', '2026-02-28'],
    ['户口登记（出生登记）：最后办理日', '2026-02-28'],
  ]);
  assert.match(events[1][2], /《中华人民共和国户口登记条例》第七条/, 'the law in the description');

  // The date is kept with the draft: a reload shows it again, and the home shows 即将到期.
  await page.reload();
  await waitForApp(page);
  await page.locator('.sq-deadline time').first().waitFor();
  assert.equal(await page.getByLabel('出生日期').inputValue(), '2026-01-31');
  await page.goto(`${env.url}#/`);
  // 即将到期 in the row of the started chain (未完成的申请): the next deadline not yet passed or submitted.
  const upcoming = page.locator('.sq-draft .sq-upcoming');
  await upcoming.waitFor();
  assert.equal(await upcoming.textContent(), '即将到期预防接种证办理，最迟 2026年2月28日还剩 27 天');
  await screenshot(page, 'schedule-home-upcoming');
  assert.deepEqual(await axeViolations(page), [], 'home with 即将到期');
  await page.getByRole('link', { name: /继续办理/ }).click();
  await page.locator('#sq-schedule-title').waitFor();

  // Deleting the draft removes its schedule; 即将到期 is gone.
  await page.goto(`${env.url}#/`);
  await page.getByRole('button', { name: /删除/ }).first().click();
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.locator('.sq-upcoming').count(), 0);
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sqsb.schedule.')));
  assert.deepEqual(left, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an item already submitted on this device shows as done; 清除本机数据 removes the schedule', async () => {
  const page = await noticeAt('2026-02-01', 'personal/1.1');
  // A receipt of an earlier submission of 预防接种证办理 on this device (the format of sqsb_core::receipt).
  await page.evaluate((time) => localStorage.setItem('sqsb.receipt.k0abc', JSON.stringify({
    reference: 'SQK0ABC', items: [['P002', '预防接种证办理']], time, status: { s: 'not_sent' },
  })), Date.parse('2026-01-31T12:00:00+08:00'));
  await page.reload();
  await waitForApp(page);
  await page.getByLabel('出生日期').fill('2026-01-31');
  await page.getByLabel('出生日期').blur();
  await page.locator('.sq-deadline time').first().waitFor();
  assert.deepEqual(await deadlines(page), [
    ['预防接种证办理', '2026-02-28', '已在本机提交'],
    ['户口登记（出生登记）', '2026-02-28', '还剩 27 天'],
  ]);
  assert.equal(await page.locator('.sq-deadline-done').count(), 1);
  // The home's 即将到期 skips what is done: the next is 户口登记.
  await page.goto(`${env.url}#/`);
  await page.locator('.sq-upcoming').waitFor();
  assert.match(await page.locator('.sq-upcoming').textContent(), /户口登记（出生登记），最迟 2026年2月28日/);
  // 清除本机数据 takes the dates with everything else.
  await page.goto(`${env.url}#/settings`);
  await page.getByRole('button', { name: '清除本机数据' }).click();
  await page.getByText('本机数据已清除').waitFor();
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sqsb.schedule.')));
  assert.deepEqual(left, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('身后: a death on 2026-09-01 is reported by 2026-10-08, after the National Day holiday', async () => {
  const page = await noticeAt('2026-09-02', 'personal/11.1');
  await page.getByLabel('死亡日期').fill('2026-09-01');
  await page.getByLabel('死亡日期').blur();
  await page.locator('.sq-deadline time').first().waitFor();
  // 户口登记条例第八条: 农村一个月以内 → 1 October, the first day of 国庆节 (1–7 October): 第二百零三条 moves it
  // to the day after the holiday, 8 October.
  assert.deepEqual(await deadlines(page), [['户口注销（死亡注销）', '2026-10-08', '还剩 36 天']]);
  const schedule = await page.locator('.sq-schedule').textContent();
  assert.match(schedule, /2026年10月1日 是法定休假日/);
  assert.match(schedule, /城市应在葬前申报/, 'the law\'s own qualification is shown');
  await screenshot(page, 'schedule-death');
  assert.deepEqual(await axeViolations(page), [], 'death notice');
  const events = await downloadedCalendar(page);
  assert.deepEqual(events.map(([summary, date]) => [summary, date]), [['户口注销（死亡注销）：最后办理日', '2026-10-08']]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('企业开办: tax, social insurance and housing fund within 30 days of the licence, with the fines', async () => {
  const page = await noticeAt('2026-03-03', 'enterprise/1.1');
  await page.getByLabel(/营业执照签发日期/).fill('2026-03-02');
  await page.getByLabel(/营业执照签发日期/).blur();
  await page.locator('.sq-deadline time').first().waitFor();
  // 30 days from Monday 2 March 2026: Wednesday 1 April (not a rest day).
  assert.deepEqual(await deadlines(page), [
    ['涉税办理', '2026-04-01', '还剩 29 天'],
    ['企业社会保险登记', '2026-04-01', '还剩 29 天'],
    ['医疗保险单位参保登记', '2026-04-01', '还剩 29 天'],
    ['住房公积金单位缴存登记', '2026-04-01', '还剩 29 天'],
  ]);
  const schedule = await page.locator('.sq-schedule').textContent();
  assert.match(schedule, /逾期后果：由税务机关责令限期改正/);
  assert.match(schedule, /《中华人民共和国社会保险法》第八十四条/);
  assert.match(schedule, /《住房公积金管理条例》第三十七条/);
  await screenshot(page, 'schedule-company');
  assert.deepEqual(await axeViolations(page), [], 'company notice');
  const events = await downloadedCalendar(page);
  assert.equal(events.length, 4);
  assert.ok(events.every(([, date]) => date === '2026-04-01'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a date beyond the years on file is marked approximate; a guide shows its own deadline', async () => {
  const page = await noticeAt('2026-12-05', 'personal/1.1');
  await page.getByLabel('出生日期').fill('2026-12-20');
  await page.getByLabel('出生日期').blur();
  await page.locator('.sq-deadline time').first().waitFor();
  // 20 January 2027, a Wednesday; 2027's holiday arrangement is not on file, so the app says the date may move.
  assert.equal((await deadlines(page))[0][1], '2027-01-20');
  assert.match(await page.locator('.sq-schedule').textContent(), /2027 年的节假日安排尚未收录/);
  // Guides without a deadline show nothing, and moving between guides keeps the page working (an empty component
  // among changing siblings once made Yew panic).
  await page.goto(`${env.url}#/item/P082`);
  await page.getByRole('button', { name: '加入办事篮' }).click();
  await page.goto(`${env.url}#/item/E002`);
  await page.getByRole('button', { name: '加入办事篮' }).waitFor();
  assert.equal(await page.locator('#sq-schedule-title').count(), 0);
  // On the guide of 户口登记（出生登记）: the same section for the one item, nothing kept.
  await page.goto(`${env.url}#/item/P003`);
  await page.locator('#sq-schedule-title').waitFor();
  await page.getByLabel('出生日期').fill('2026-01-31');
  await page.getByLabel('出生日期').blur();
  await page.locator('.sq-deadline time').first().waitFor();
  assert.deepEqual((await deadlines(page)).map(([item, date]) => [item, date]), [['户口登记（出生登记）', '2026-02-28']]);
  assert.deepEqual(await axeViolations(page), [], 'guide with the schedule');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('长辈版: the schedule meets the MIIT sizes; English reads in English', async () => {
  const page = await noticeAt('2026-02-01', 'personal/1.1', '?elder=1');
  await page.getByLabel('出生日期').fill('2026-01-31');
  await page.getByLabel('出生日期').blur();
  await page.locator('.sq-deadline time').first().waitFor();
  const m = await page.locator('.sq-schedule').evaluate((section) => {
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const texts = [...section.querySelectorAll('p, li, label, span, time, strong, h3')]
      .filter((el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
    const small = texts.map((el) => [el.textContent.trim().slice(0, 12), parseFloat(getComputedStyle(el).fontSize)])
      .filter(([, size]) => size < 18);
    const controls = [...section.querySelectorAll('button, input, a[href], label')].filter(visible)
      .map((el) => { const r = el.getBoundingClientRect(); return [el.textContent.trim().slice(0, 12) || el.id, Math.round(r.width), Math.round(r.height)]; })
      .filter(([, w, h]) => w < 60 || h < 60);
    return { small, controls, texts: texts.length };
  });
  assert.ok(m.texts > 5);
  assert.deepEqual(m.small, [], 'text ≥ 18 px');
  assert.deepEqual(m.controls, [], 'targets ≥ 60×60');
  await screenshot(page, 'schedule-elder');
  assert.deepEqual(await axeViolations(page), [], 'elder');
  await page.context().close();

  const en = await noticeAt('2026-02-01', 'personal/1.1', '?lang=en');
  await en.getByLabel('Date of birth').fill('2026-01-31');
  await en.getByLabel('Date of birth').blur();
  await en.locator('.sq-deadline time').first().waitFor();
  const text = await en.locator('.sq-schedule').textContent();
  assert.match(text, /By 2026-02-28/);
  assert.match(text, /27 days left/);
  assert.doesNotMatch(text, /还剩|最迟|办事日程/);
  await en.getByRole('button', { name: 'Add to calendar' }).waitFor();
  assert.deepEqual(await axeViolations(en), [], 'English');
  await screenshot(en, 'schedule-english');
  await en.context().close();
});

test('出生 with the birth date answered in the form: the schedule takes it and does not ask again', async () => {
  const page = await noticeAt('2026-02-01', 'personal/1.1');
  await page.getByRole('link', { name: '开始填表' }).click();
  // Through the sections before the newborn's, as a citizen fills them, to the newborn's 出生日期.
  const birthDate = page.locator('#sq-f-csrq-newborn');
  for (let step = 0; step < 6 && !(await birthDate.isVisible()); step++) {
    await page.locator('h1').first().waitFor();
    await fillSection(page, BIRTH);
    if (await birthDate.isVisible()) break;
    await next(page);
  }
  await birthDate.fill('2026-01-31');
  await birthDate.blur();
  // Back to the notice (一次告知) of the same draft.
  const draftHash = await page.evaluate(() => location.hash);
  assert.match(draftHash, /^#\/apply\/[^/]+\/form\/\d+$/);
  await page.goto(`${env.url}${draftHash.replace(/form\/\d+$/, 'notice')}`);
  await page.locator('#sq-schedule-title').waitFor();
  await page.locator('.sq-deadline time').first().waitFor();
  // No date field: the date is the form's, shown with where it came from.
  assert.equal(await page.locator('.sq-schedule input[type=date]').count(), 0);
  const fromForm = await page.locator('.sq-event-from-form').textContent();
  assert.match(fromForm, /出生日期2026年1月31日取自您填写的申请表/);
  assert.deepEqual(await deadlines(page), [
    ['预防接种证办理', '2026-02-28', '还剩 27 天'],
    ['户口登记（出生登记）', '2026-02-28', '还剩 27 天'],
  ]);
  await screenshot(page, 'schedule-birth-from-form');
  assert.deepEqual(await axeViolations(page), [], 'notice with the date from the form');
  // Kept for the home like a typed date.
  const kept = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('sqsb.schedule.')));
  assert.equal(kept.length, 1);
  assert.deepEqual(JSON.parse(kept[0][1]).events, { birth: '2026-01-31' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('纳税申报: the yearly window of 企业所得税 汇算清缴 on the guide, the first one the year after founding', async () => {
  // 《企业所得税法》第五十四条: within five months of the year's end — 1 January to 31 May every year.
  const page = await env.phonePage();
  await page.clock.setFixedTime(new Date('2026-12-05T10:00:00+08:00'));
  await page.goto(`${env.url}#/item/E050`);
  await waitForApp(page);
  await page.locator('#sq-schedule-title').waitFor();
  const licence = page.getByLabel(/营业执照签发日期/);
  // Founded this year (2026): nothing to file for 2026 now; the first return is due in 2027's window.
  await licence.fill('2026-03-02');
  await licence.blur();
  await page.locator('.sq-deadline time').first().waitFor();
  // A window reads as a window: its first and last day, and the days until it opens.
  assert.deepEqual(await deadlines(page), [['纳税申报（各项税费）', '2027-05-31', '27 天后开始']]);
  let schedule = await page.locator('.sq-schedule').textContent();
  assert.match(schedule, /本次办理期间：2027年1月1日至5月31日/);
  assert.doesNotMatch(schedule, /最迟 2027年5月31日/, 'not shown as a single deadline');
  assert.match(schedule, /办理期间为每年1月1日至5月31日；营业执照签发日期（成立日期）所在年度不需办理，自下一年起办理/);
  assert.match(schedule, /《中华人民共和国企业所得税法》第五十四条/);
  assert.match(schedule, /2027 年的节假日安排尚未收录/, '2027 is not on file: approximate');
  await screenshot(page, 'schedule-yearly-window');
  assert.deepEqual(await axeViolations(page), [], 'guide with a yearly window');
  const events = await downloadedCalendar(page);
  assert.deepEqual(events.map(([summary, date]) => [summary, date]),
    [['企业所得税年度汇算清缴（2027年1月1日至5月31日）', '2027-05-31']]);
  assert.match(events[0][2], /本次办理期间：2027年1月1日至5月31日/);
  assert.match(events[0][2], /《中华人民共和国企业所得税法》第五十四条/);
  await page.context().close();

  // An older company in March 2026: this year's window, whose last day, Sunday 31 May, moves to Monday 1 June.
  const spring = await env.phonePage();
  await spring.clock.setFixedTime(new Date('2026-03-01T10:00:00+08:00'));
  await spring.goto(`${env.url}#/item/E050`);
  await waitForApp(spring);
  await spring.getByLabel(/营业执照签发日期/).fill('2019-05-20');
  await spring.getByLabel(/营业执照签发日期/).blur();
  await spring.locator('.sq-deadline time').first().waitFor();
  assert.deepEqual(await deadlines(spring), [['纳税申报（各项税费）', '2026-06-01', '还剩 92 天']]);
  schedule = await spring.locator('.sq-schedule').textContent();
  assert.match(schedule, /本次办理期间：2026年1月1日至6月1日/);
  assert.match(schedule, /2026年5月31日 是法定休假日/);
  assert.doesNotMatch(schedule, /尚未收录/);
  assert.deepEqual(spring.problems, []);
  await spring.context().close();
});

test('退役: two dates, three clocks — reporting within 30 days of discharge, the household registration 3 days after arrival, paid training within a year', async () => {
  const page = await noticeAt('2026-03-03', 'personal/3.1');
  // One date field per event the chain needs, each asked once.
  await page.getByLabel('被批准退出现役日期').fill('2026-03-02');
  await page.getByLabel('被批准退出现役日期').blur();
  await page.getByLabel('到达迁入地日期').fill('2026-04-02');
  await page.getByLabel('到达迁入地日期').blur();
  await page.locator('.sq-deadline time').nth(2).waitFor();
  // 退役士兵安置条例第十三条: 30 days → Wednesday 1 April. 户口登记条例第十三条: 3 days from Thursday 2 April is
  // Sunday 5 April, inside 清明节 (4–6 April) → Tuesday 7 April. 第二十一条: training within a year of the discharge
  // is paid for, to Tuesday 2 March 2027 (from the same date as the first).
  assert.deepEqual(await deadlines(page), [
    ['退役军人报到登记', '2026-04-01', '还剩 29 天'],
    ['户口登记（退出现役落户）', '2026-04-07', '还剩 35 天'],
    ['退役军人就业创业培训', '2027-03-02', '还剩 364 天'],
    // 《伤残抚恤管理办法》第五条: a new disability rating within 3 years of the injury — a third date, left empty
    // here (a veteran's 补办 has no period, as its note says), so the item is listed without a last day.
    ['伤残性质认定和伤残等级评定', null, null],
  ]);
  const schedule = await page.locator('.sq-schedule').textContent();
  assert.match(schedule, /只适用于新办评定残疾等级/);
  assert.match(schedule, /城市在三日以内，农村在十日以内/, 'the law\'s rural period is shown with the urban one');
  assert.match(schedule, /《中华人民共和国户口登记条例》第十三条/);
  await screenshot(page, 'schedule-veterans');
  assert.deepEqual(await axeViolations(page), [], 'veterans notice');
  const events = await downloadedCalendar(page);
  assert.deepEqual(events.map(([summary, date]) => [summary, date]), [
    ['退役军人报到登记：最后办理日', '2026-04-01'],
    ['户口登记（退出现役落户）：最后办理日', '2026-04-07'],
    ['退役军人就业创业培训：最后办理日', '2027-03-02'],
  ]);
});

test('排污许可: a renewal counted back from the expiry, moved earlier over a weekend, on the guide and in the .ics', async () => {
  // 《排污许可管理条例》第十四条: 应当于排污许可证有效期届满60日前 apply for renewal. Expiry 2026-12-30: 60 days
  // before is Saturday 31 October, so the last day shown is the working day before it, Friday 30 October.
  const page = await guideDatedAt('2026-06-01', 'E012', '排污许可证有效期届满日期', '2026-12-30');
  assert.deepEqual(await deadlines(page), [['排污许可', '2026-10-30', '还剩 151 天']]);
  const schedule = await page.locator('.sq-schedule').textContent();
  assert.match(schedule, /最迟 2026年10月30日/);
  assert.match(schedule, /最迟于排污许可证有效期届满日期前 60 日办理（自届满之日往前倒数计算）/);
  assert.match(schedule, /2026年10月31日 是法定休假日；为确保在法定期限前办理，最后一日提前至此前最近的工作日/);
  assert.doesNotMatch(await page.locator('.sq-deadline').textContent(), /顺延/, 'not moved later');
  assert.match(schedule, /《排污许可管理条例》第三十三条/);
  assert.match(schedule, /《排污许可管理条例》第十四条/);
  assert.doesNotMatch(schedule, /尚未收录/, '2026 is on file');
  await screenshot(page, 'schedule-renewal');
  assert.deepEqual(await axeViolations(page), [], 'guide with a renewal');
  const events = await downloadedCalendar(page);
  assert.deepEqual(events.map(([summary, date]) => [summary, date]), [['排污许可：最后办理日', '2026-10-30']]);
  assert.match(events[0][2], /《排污许可管理条例》第十四条/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('机动车检验: the next inspection from the registration date, never a past one, with its window, on the guide and in the .ics', async () => {
  // 《道路交通安全法实施条例》第十六条 as adjusted from 1 October 2022 for 非营运小型、微型载客汽车: every 2 years in the
  // first 10 years. Registered 15 March 2020: the 6th year's falls on Sunday 15 March 2026 (a validity's end, not
  // moved); 《机动车登记规定》第五十四条: it may be applied for in the three months before, from 15 December 2025.
  const page = await guideDatedAt('2026-01-10', 'P074', '注册登记日期', '2020-03-15');
  assert.deepEqual(await deadlines(page), [['核发机动车检验合格标志', '2026-03-15', '还剩 64 天']]);
  const schedule = await page.locator('.sq-schedule').textContent();
  assert.match(schedule, /本次办理期间：2025年12月15日至2026年3月15日/);
  assert.match(schedule, /10 年内每 2 年一次，此后每年一次（自注册登记日期起算）/);
  assert.match(schedule, /非营运小型、微型载客汽车/, 'the screen says which vehicles the dates are for');
  assert.match(schedule, /《中华人民共和国道路交通安全法实施条例》第十六条/);
  assert.match(schedule, /《机动车登记规定》第七十八条/);
  assert.doesNotMatch(await page.locator('.sq-deadline').textContent(), /顺延|提前至/, 'a validity end is not moved');
  await screenshot(page, 'schedule-inspection');
  assert.deepEqual(await axeViolations(page), [], 'guide with a recurring inspection');
  const events = await downloadedCalendar(page);
  assert.deepEqual(events.map(([summary, date]) => [summary, date]),
    [['申领机动车检验合格标志（2025年12月15日至2026年3月15日）', '2026-03-15']]);
  assert.match(events[0][2], /《中华人民共和国道路交通安全法实施条例》第十六条/);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // The day after, the 8th year's: 15 March 2028, its window opening on 15 December 2027, 639 days ahead.
  const later = await env.phonePage();
  await later.clock.setFixedTime(new Date('2026-03-16T10:00:00+08:00'));
  await later.goto(`${env.url}#/item/P074`);
  await waitForApp(later);
  await later.getByLabel('注册登记日期').fill('2020-03-15');
  await later.getByLabel('注册登记日期').blur();
  await later.locator('.sq-deadline time').first().waitFor();
  assert.deepEqual(await deadlines(later), [['核发机动车检验合格标志', '2028-03-15', '639 天后开始']]);
  assert.match(await later.locator('.sq-schedule').textContent(), /本次办理期间：2027年12月15日至2028年3月15日/);
  assert.deepEqual(later.problems, []);
  await later.context().close();
});

test('职工参保: the employees\' 招用日期 in the form give the 30-day clock, the earliest counting', async () => {
  const page = await env.phonePage();
  await page.clock.setFixedTime(new Date('2026-11-02T10:00:00+08:00'));
  await page.goto(`${env.url}#/start/item/E039`);
  await waitForApp(page);
  await page.locator('#sq-schedule-title').waitFor();
  // Not answered yet: the schedule asks the date.
  assert.equal(await page.locator('.sq-schedule input[type=date]').count(), 1);
  await page.getByRole('link', { name: '开始填表' }).click();
  // Through the sections to the list of employees; every required field is filled, 招用日期 with 2026-11-01.
  const hireDate = page.locator('#sq-f-ybcbry-0-zyrq');
  for (let step = 0; step < 6 && !(await hireDate.isVisible()); step++) {
    await page.locator('h1').first().waitFor();
    await fillSection(page, { choices: { 证件类型: '居民身份证' } });
    if (await hireDate.isVisible()) break;
    await next(page);
  }
  await fillSection(page, { choices: { 证件类型: '居民身份证' } });
  assert.equal(await hireDate.inputValue(), '2026-11-01');
  await screenshot(page, 'schedule-hire-form');
  const draftHash = await page.evaluate(() => location.hash);
  assert.match(draftHash, /^#\/apply\/[^/]+\/form\/\d+$/);
  await page.goto(`${env.url}${draftHash.replace(/form\/\d+$/, 'notice')}`);
  await page.locator('#sq-schedule-title').waitFor();
  await page.locator('.sq-deadline time').first().waitFor();
  // No date field any more: the form's date, with where it came from. 30 days from Sunday 1 November 2026 is
  // Tuesday 1 December (《中华人民共和国社会保险法》第五十八条).
  assert.equal(await page.locator('.sq-schedule input[type=date]').count(), 0);
  const fromForm = await page.locator('.sq-event-from-form').textContent();
  assert.match(fromForm, /用工日期（职工入职之日）2026年11月1日取自您填写的申请表/);
  assert.match(fromForm, /最早的招用日期/);
  assert.deepEqual(await deadlines(page), [['职工参保登记（医保）', '2026-12-01', '还剩 29 天']]);
  await screenshot(page, 'schedule-hire-from-form');
  assert.deepEqual(await axeViolations(page), [], 'notice with the hire date from the form');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('出口退（免）税: 36 months from the export declaration, counted in natural days, not moved over a weekend', async () => {
  // 《中华人民共和国增值税法实施条例》第四十八条; the 36 months, 按自然天数计算, are 财政部 税务总局公告2026年第11号's.
  // Declared for export on Tuesday 10 March 2026: the last day is Saturday 10 March 2029, where it falls — an ordinary
  // period would have moved to Monday 12 March, and been marked approximate (2029 is not on file).
  const page = await guideDatedAt('2026-06-01', 'E052', '货物报关出口日期', '2026-03-10');
  assert.deepEqual(await deadlines(page), [['出口退（免）税', '2029-03-10', '还剩 1013 天']]);
  const schedule = await page.locator('.sq-schedule').textContent();
  assert.match(schedule, /最迟 2029年3月10日/);
  assert.match(schedule, /期限 36 个月，按自然天数计算，遇休假日不顺延（自货物报关出口日期起算）/);
  assert.doesNotMatch(await page.locator('.sq-deadline').textContent(), /是法定休假日/, 'no line about a rest day moving it');
  assert.doesNotMatch(schedule, /尚未收录/, 'no holiday arrangement was needed');
  assert.match(schedule, /视同向境内销售/);
  assert.match(schedule, /《中华人民共和国增值税法实施条例》第四十八条/);
  assert.match(schedule, /公告2026年第11号/);
  assert.doesNotMatch(schedule, /适用本期限/, 'an export covered by the rule needs no word on when it applies');
  await screenshot(page, 'schedule-export-refund');
  assert.deepEqual(await axeViolations(page), [], 'guide with a period in natural days');
  const events = await downloadedCalendar(page);
  assert.deepEqual(events.map(([summary, date]) => [summary, date]), [['出口退（免）税：最后办理日', '2029-03-10']]);
  // An export declared in 2025 keeps the former rules (the 公告's 36 months are for exports from 2026 on): no date
  // from the new rule, the reason instead of a request for the date it has, and nothing to put in a calendar.
  const field = page.getByLabel('货物报关出口日期');
  await field.fill('2025-12-20');
  await field.blur();
  const beforeRule = page.locator('.sq-deadline-before-rule');
  await beforeRule.waitFor();
  assert.equal(
    await beforeRule.textContent(),
    '货物报关出口日期在2026年1月1日及以后的，适用本期限；在此之前的，按原规定办理，期限以受理部门公布为准。',
  );
  assert.deepEqual(await deadlines(page), [['出口退（免）税', null, null]]);
  assert.doesNotMatch(await page.locator('.sq-deadline').textContent(), /填写上方日期后显示/);
  assert.equal(await page.getByRole('button', { name: '加入日历' }).count(), 0);
  await screenshot(page, 'schedule-export-refund-before-2026');
  assert.deepEqual(await axeViolations(page), [], 'guide with an event before the rule applies');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the notice is on screen before its 办事日程: the heading stands in, then the section takes its place', async () => {
  const page = await env.phonePage();
  await page.clock.setFixedTime(new Date('2026-02-01T10:00:00+08:00'));
  // Every 办事日程 element the app's notice gets, in order, with the frame count when it came and its heading.
  await page.addInitScript(() => {
    const seen = [];
    window.sqScheduleSeen = seen;
    let frame = 0;
    const tick = () => { frame += 1; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.sq-app .sq-notice :is(.sq-schedule, .sq-schedule-pending)')) {
        if (!seen.some((s) => s.el === el)) seen.push({ el, kind: el.className, frame, heading: el.querySelector('h2')?.textContent });
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${env.url}#/start/scenario/personal/1.1`);
  await waitForApp(page);
  await page.locator('.sq-app #sq-schedule-title').waitFor();
  const seen = await page.evaluate(() => window.sqScheduleSeen.map(({ kind, frame, heading }) => ({ kind, frame, heading })));
  assert.ok(seen.length >= 2, JSON.stringify(seen));
  assert.match(seen[0].kind, /sq-schedule-pending/, 'the placeholder first');
  const section = seen.find((s) => s.kind.split(' ').includes('sq-schedule'));
  assert.ok(section.frame > seen[0].frame, `the section in a later frame: ${JSON.stringify(seen)}`);
  assert.equal(seen[0].heading, section.heading, 'the same heading, so the notice does not jump at it');
  assert.equal(section.heading, '办事日程');
  // The placeholder is gone.
  assert.equal(await page.locator('.sq-schedule-pending').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
