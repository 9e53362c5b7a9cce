#!/usr/bin/env node
// CPU profile of the application flow from the app's mount to its notice on screen (issue 23; a measurement
// tool, not part of `make test`). Run after a build that keeps the full build's function names:
//   SQSB_KEEP_NAMES=1 bash tools/build.sh      (with CARGO_TARGET_DIR set as usual)
//   node tools/profile-apply.mjs [runs] [route]        (defaults: 5, #/start/scenario/personal/4.3)
// Each run is a first visit in a fresh profile, Chromium at 390×844, CPU 4× slower, unthrottled network, files
// brotli-compressed by tools/serve.mjs (one warm-up visit first, not counted). V8's sampling profiler runs from
// navigation until the 办事日程 is rendered; the page calls named functions (which the profile shows) at the app's
// mount (`sqsb:app-mounted`, boot.js's mark) and at the first frame showing the notice, the notice complete but for
// the 办事日程 (its checklist, its actions, the schedule or its placeholder in place) and the 办事日程 rendered.
// Printed per run and as the median (min … max): from the mount to each moment, the time and the main-thread work
// in it (samples that are not idle), and the inclusive ms up to the complete notice of the functions named in
// PROFILE_MATCH (comma-separated substrings of function names; defaults below); PROFILE_TOP=n adds the n functions
// with the most inclusive and self time; PROFILE_SAVE=dir keeps the profiles; PROFILE_ROOT=dir serves another
// build (a copy of its www/, pkg/ and data/). Without names (a release build) only the totals mean something. Yew's
// components are inlined into generic `view` functions, and serde's parsing into generic functions, so their time
// shows under what they call, not their names: compare builds with and without a change instead.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { listen } from './serve.mjs';

const RUNS = Number(process.argv[2] ?? 5);
const ROUTE = process.argv[3] ?? '#/start/scenario/personal/4.3';
const CPU_SLOWDOWN = 4;
const MATCH = (process.env.PROFILE_MATCH
  ?? 'from_exchange,Fingerprint,use_chain_data,stage_guides,stage_forms,Catalog::new,Texts::new,(garbage collector),(program)')
  .split(',').filter(Boolean);

// In the page before anything else: the moments as calls of named functions, so that they are in the profile —
// the app mounted (boot.js's mark), the notice's title on screen, the notice complete but for the 办事日程 (its
// materials checklist and its actions there, the schedule or its placeholder in place), and the 办事日程 itself
// rendered (its section, or what it shows when a chain has no deadline).
function instrument() {
  const spin = () => {
    const until = performance.now() + 5;
    while (performance.now() < until) { /* a few samples' worth, so the marker is seen */ }
  };
  window.sqProfileMarkMounted = function sqProfileMarkMounted() { spin(); };
  window.sqProfileMarkNotice = function sqProfileMarkNotice() { spin(); };
  window.sqProfileMarkComplete = function sqProfileMarkComplete() { spin(); };
  window.sqProfileMarkSchedule = function sqProfileMarkSchedule() { spin(); };
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    const entry = mark(name, ...rest);
    if (name === 'sqsb:app-mounted') window.sqProfileMarkMounted();
    return entry;
  };
  const seen = {};
  window.sqProfileSeen = seen;
  const look = () => {
    window.sqProfileMounted ||= performance.getEntriesByName('sqsb:app-mounted').length > 0;
    const notice = window.sqProfileMounted && [...document.querySelectorAll('.sq-notice')].find((el) => el.checkVisibility());
    if (notice && !seen.notice) {
      seen.notice = true;
      window.sqProfileMarkNotice();
    }
    if (notice && !seen.complete && notice.querySelector('.sq-checklist') && notice.querySelector('.sq-actions')
      && notice.querySelector('.sq-schedule, .sq-schedule-none, .sq-schedule-pending')) {
      seen.complete = true;
      window.sqProfileMarkComplete();
    }
    if (notice && seen.complete && notice.querySelector('.sq-schedule, .sq-schedule-none')) {
      window.sqProfileMarkSchedule();
      window.sqProfileDone = true;
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

/** Sample times (ms from the profile's start) and, per sample, the function names on its stack. */
function samples(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map();
  const stackOf = (id) => {
    if (!stacks.has(id)) {
      const names = [];
      for (let at = id; at !== undefined; at = parent.get(at)) names.push(byId.get(at).callFrame.functionName || '(anonymous)');
      stacks.set(id, names);
    }
    return stacks.get(id);
  };
  const out = [];
  let t = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] / 1000;
    const next = profile.timeDeltas[i + 1] !== undefined ? profile.timeDeltas[i + 1] / 1000 : 0;
    out.push({ t, dt: next, stack: stackOf(id) });
  });
  return out;
}

async function run(browser, url) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await page.addInitScript(instrument);
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.sqProfileDone === true, null, { timeout: 180_000, polling: 100 }).catch(async (e) => {
      const state = await page.evaluate(() => JSON.stringify({ seen: window.sqProfileSeen, mounted: window.sqProfileMounted, at: location.hash }));
      throw new Error(`${e.message.split('\n')[0]}: ${state}`);
    });
    const { profile } = await cdp.send('Profiler.stop');
    // PROFILE_SAVE=dir keeps each run's profile (.cpuprofile: Chromium's DevTools open it).
    if (process.env.PROFILE_SAVE) {
      fs.mkdirSync(process.env.PROFILE_SAVE, { recursive: true });
      fs.writeFileSync(path.join(process.env.PROFILE_SAVE, `run-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    const all = samples(profile);
    const at = (name) => Math.min(...all.filter((s) => s.stack.includes(name)).map((s) => s.t));
    const mounted = at('sqProfileMarkMounted');
    const moments = { notice: at('sqProfileMarkNotice'), complete: at('sqProfileMarkComplete'), schedule: at('sqProfileMarkSchedule') };
    const busyUntil = (end) => all.filter((s) => s.t >= mounted && s.t < end && s.stack[0] !== '(idle)');
    const work = (list) => list.reduce((a, s) => a + s.dt, 0);
    const result = { span: {}, work: {}, by: {} };
    for (const [k, end] of Object.entries(moments)) {
      result.span[k] = end - mounted;
      result.work[k] = work(busyUntil(end));
    }
    // Functions: up to the complete notice.
    const busy = busyUntil(moments.complete);
    for (const m of MATCH) {
      result.by[m] = work(busy.filter((s) => s.stack.some((name) => name.includes(m))));
    }
    // Inclusive and self time of every function in the window (PROFILE_TOP=n prints the n largest).
    result.inclusive = new Map();
    result.self = new Map();
    for (const s of busy) {
      for (const name of new Set(s.stack)) result.inclusive.set(name, (result.inclusive.get(name) ?? 0) + s.dt);
      result.self.set(s.stack[0], (result.self.get(s.stack[0]) ?? 0) + s.dt);
    }
    return result;
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${median(xs).toFixed(0).padStart(5)} ms (${Math.min(...xs).toFixed(0)} … ${Math.max(...xs).toFixed(0)})`;

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo);
// PROFILE_ROOT=dir serves a copy of an earlier build (its www/, pkg/ and data/) instead of this checkout's.
const app = await listen(0, '127.0.0.1', { compress: true, ...(process.env.PROFILE_ROOT ? { root: process.env.PROFILE_ROOT } : {}) });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const url = `${app.url}${ROUTE}`;
  await run(browser, url); // warm-up: the server compresses each file once
  const results = [];
  for (let i = 0; i < RUNS; i += 1) {
    const r = await run(browser, url);
    results.push(r);
    console.log(`run ${i + 1}: mounted → ` + Object.keys(r.span).map((k) => `${k} ${r.span[k].toFixed(0)} ms (work ${r.work[k].toFixed(0)})`).join(', ')
      + '; ' + MATCH.map((m) => `${m} ${r.by[m].toFixed(0)}`).join(', '));
  }
  console.log(`\n${ROUTE}, ${RUNS} runs, CPU ${CPU_SLOWDOWN}× slower, median (min … max), from the app's mount:`);
  for (const k of Object.keys(results[0].span)) {
    console.log(`  to ${k.padEnd(9)} on screen: ${spread(results.map((r) => r.span[k]))}, main-thread work ${spread(results.map((r) => r.work[k]))}`);
  }
  console.log('  functions, inclusive, up to the complete notice:');
  for (const m of MATCH) console.log(`    ${m.padEnd(30)} ${spread(results.map((r) => r.by[m]))}`);
  const top = Number(process.env.PROFILE_TOP ?? 0);
  for (const kind of top > 0 ? ['inclusive', 'self'] : []) {
    const names = new Set(results.flatMap((r) => [...r[kind].keys()]));
    const rows = [...names].map((name) => [name, median(results.map((r) => r[kind].get(name) ?? 0))])
      .sort((a, b) => b[1] - a[1]).slice(0, top);
    console.log(`\n${kind} time, median over the runs:`);
    for (const [name, t] of rows) console.log(`  ${t.toFixed(0).padStart(6)} ms  ${name.slice(0, 150)}`);
  }
} finally {
  await browser.close();
  app.server.close();
}
