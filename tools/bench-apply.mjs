#!/usr/bin/env node
// Application-flow benchmark, side by side (`make bench-apply`, after `make build`):
//   node tools/bench-apply.mjs [runs]
// This module against a peer page — React 19 + @rjsf/core 6 + @rjsf/validator-ajv8, bundled here by esbuild from
// tools/bench-apply/peer.jsx — fed the engine's merged form of the same chain as JSON Schema
// (core/examples/export_schema.rs, run here). Both are measured the same way: Debian's Chromium at 390×844, the CPU
// 4× slower (CDP Emulation.setCPUThrottlingRate), unthrottled and fast 3G (CDP Network.emulateNetworkConditions),
// files brotli-compressed by tools/serve.mjs; median of `runs` (5). For each chain:
//   - navigation → notice (the app's 一次告知 screen; the peer has none),
//   - navigation → first form input on screen (the app: 开始填表 tapped in the same frame it shows; for 工作 4.3
//     every sub-item is picked first — sub-items ticked, situation questions answered, 仍要办理 for what they leave
//     out —, one click per frame, and that choosing time is left out: the peer's form has no such step),
//   - keystroke → next frame, p50 and p95 over every keystroke of every run (typed into the first text input),
//   - first visit (fresh profile) and repeat visit (same profile: HTTP cache, and the app's service worker).
// Numbers and ratios, not a pass/fail test: the machine running it sets the scale.
// BENCH_DETAIL=1 adds, per network and visit, where the time went (the full build's wasm and the chain's data files
// received, the app compiled and mounted, and boot.js's own marks: when it ran and when it put the prerendered notice
// on screen: medians) and the spread of the runs; BENCH_CHAIN=birth|work runs one chain.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { listen, CSP } from './serve.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.argv[2] ?? 5);
const KEYSTROKES = 12;
const CPU_SLOWDOWN = 4;
const NETWORKS = {
  unthrottled: null,
  'fast 3G': { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
};
const ALL_CHAINS = [
  { key: 'birth', label: '出生 (personal 1.1)', route: '#/start/scenario/personal/1.1', args: ['personal', '1.1'] },
  { key: 'work', label: '工作 4.3, every sub-item', route: '#/start/scenario/personal/4.3', args: ['personal', '4.3', '--every'] },
];
// BENCH_CHAIN=birth|work: one chain only (trying a change quickly).
const CHAINS = ALL_CHAINS.filter((c) => !process.env.BENCH_CHAIN || c.key === process.env.BENCH_CHAIN);

// The peer site: its page, its bundle and the chains' schemas, in a temporary root served like the app.
async function peerSite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sqsb-bench-apply-'));
  const dir = path.join(root, 'www', 'bench-peer');
  fs.mkdirSync(dir, { recursive: true });
  for (const chain of CHAINS) {
    const out = execFileSync('cargo', ['run', '--release', '-q', '-p', 'sqsb-core', '--example', 'export_schema', '--', ...chain.args],
      { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const exported = JSON.parse(out);
    chain.fields = exported.fields;
    chain.leaves = exported.leaves.length;
    fs.writeFileSync(path.join(dir, `${chain.key}.schema.json`), JSON.stringify({ schema: exported.schema }));
  }
  fs.copyFileSync(path.join(repo, 'tools', 'bench-apply', 'peer.html'), path.join(dir, 'peer.html'));
  await esbuild.build({
    entryPoints: [path.join(repo, 'tools', 'bench-apply', 'peer.jsx')],
    outfile: path.join(dir, 'peer.js'),
    bundle: true, minify: true, format: 'esm', target: 'es2022', jsx: 'automatic', logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return root;
}

// In the page, before anything else: the first frame showing the notice and the first form input, the app's
// 开始填表 tapped (after ticking every sub-item still to choose) in the frame it shows, and for every keystroke the
// time from the key event to the end of the next frame (a message posted from requestAnimationFrame runs once that
// frame has been rendered).
function instrument() {
  const bench = { keys: [] };
  window.sqBench = bench;
  let tappedOn = null; // the 开始填表 link tapped last
  const INPUT = ':is(form.sq-form, #root form) :is(input:not([type=hidden]), select, textarea)';
  // What is on screen: the app mounts hidden beside its prerendered screens until it takes over (boot.src.js).
  const visible = (selector) => [...document.querySelectorAll(selector)].filter((el) => el.checkVisibility());
  const look = () => {
    const now = performance.now();
    if (bench.notice === undefined && visible('#sq-notice-title').length) bench.notice = now;
    // Until the form shows: choices, then 开始填表 — again on a new notice (the prerendered notice cannot follow a
    // choice that changes the chain: the app's notice, once it takes over, asks the rest; boot.src.js).
    if (bench.notice !== undefined && !visible(INPUT).length) {
      const go = visible('.sq-notice a.sq-button').find((a) => a.textContent.trim() === '开始填表');
      // One choice per frame (at most 200, so that a notice that keeps changing cannot hold the bench forever).
      const choice = (bench.choices ?? 0) < 200 ? everySubItem() : null;
      if (choice) {
        bench.choosing ??= now;
        bench.chosen = now;
        bench.choices = (bench.choices ?? 0) + 1;
        choice.click();
      } else if (go && go !== tappedOn) {
        bench.tapped ??= now;
        tappedOn = go;
        bench.items = visible('.sq-notice-items > li').length;
        go.click();
      }
    }
    if (visible(INPUT).length) {
      bench.input = now;
      return;
    }
    requestAnimationFrame(look);
  };
  // The next control to click so that every item of the chain is picked: a sub-item not ticked, a situation
  // question (情形) not answered yet (its first answer), an answer of a multiple-choice question not ticked, an item
  // the answers left out (仍要办理). Null once everything is picked.
  function everySubItem() {
    const unticked = visible('.sq-choose input[type=checkbox]:not(:checked)')[0];
    if (unticked) return unticked;
    for (const question of visible('.sq-situation .sq-question')) {
      const radios = [...question.querySelectorAll('input[type=radio]')];
      if (radios.length > 0 && !radios.some((r) => r.checked)) return radios[0];
    }
    return visible('.sq-situation .sq-question input[type=checkbox]:not(:checked)')[0]
      ?? visible('.sq-situation .sq-applies-not .sq-applies-button')[0];
  }
  requestAnimationFrame(look);
  addEventListener('keydown', (e) => {
    const start = e.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => bench.keys.push(performance.now() - start);
      channel.port2.postMessage(null);
    });
  }, true);
}

async function visit(context, url, network) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.addInitScript(instrument);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.sqBench?.input !== undefined, null, { timeout: 180_000, polling: 100 });
  // The first text field, as the citizen would start typing. The app's first step may ask only a choice
  // (是否委托他人代办): answer the last option of each and go on until a step has a text field.
  // Visible ones only: the app mounts hidden beside its prerendered screens until it takes over (boot.src.js).
  const TEXT = ':is(form.sq-form, #root form) :is(input[type=text], input[type=tel], input:not([type]), textarea) >> visible=true';
  for (let step = 0; step < 6 && (await page.locator(TEXT).count()) === 0; step += 1) {
    await page.evaluate(() => {
      const radios = [...document.querySelectorAll('form.sq-form input[type=radio]')].filter((r) => r.checkVisibility());
      for (const name of new Set(radios.map((r) => r.name))) radios.filter((r) => r.name === name).at(-1).click();
    });
    // On a prerendered first step, 下一步 waits for the app (the warm-up visit's server compresses the wasm first).
    await page.getByRole('button', { name: '下一步' }).click({ timeout: 180_000 }).catch(async (error) => {
      // What the page shows instead, to say why.
      const shown = await page.evaluate(() => [...document.getElementById('app').children]
        .map((c) => `${c.className}${c.hidden ? ' (hidden)' : ''}: ${c.textContent.slice(0, 160)}`).join('\n'));
      throw new Error(`${error.message.split('\n')[0]} at ${page.url()}\n${shown}`);
    });
  }
  const field = page.locator(TEXT).first();
  await field.click();
  for (let i = 0; i < KEYSTROKES; i += 1) {
    await page.keyboard.press('a');
    await page.waitForFunction((n) => window.sqBench.keys.length > n, i, { timeout: 30_000, polling: 'raf' });
    await page.waitForTimeout(100);
  }
  const b = await page.evaluate(() => window.sqBench);
  // Where the time to the form went (BENCH_DETAIL=1 prints it): the full build's wasm and the chain's data files
  // received (resource timing), the app compiled and mounted (boot.js's marks).
  const steps = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource');
    const received = (test) => {
      const ends = resources.filter((r) => test.test(r.name)).map((r) => r.responseEnd);
      return ends.length > 0 ? Math.max(...ends) : NaN;
    };
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    return {
      boot: mark('sqsb:boot'),
      prerendered: mark('sqsb:prerendered-notice'),
      wasm: received(/\/full\/weihai_sqsb_bg\.wasm$/),
      compiled: mark('sqsb:app-compiled'),
      mounted: mark('sqsb:app-mounted'),
      data: received(/\/pkg\/data\/[^/]+\.json$/),
    };
  });
  await page.close();
  // Ticking sub-items is the citizen's time, not the page's.
  // From the first choice to one frame after the last (the first choice can come after the tap, on the app's notice).
  const choosing = b.choosing !== undefined ? b.chosen - b.choosing + 16.7 : 0;
  return { notice: b.notice ?? NaN, input: b.input - choosing, keys: b.keys, steps, items: b.items };
}

/** First and repeat visit in one fresh profile. */
async function visits(browser, url, network) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  try {
    const first = await visit(context, url, network);
    // The app's service worker has finished precaching (it is active) before the citizen comes back; nothing
    // typed the first time is kept (drafts live in localStorage).
    const page = await context.newPage();
    await page.goto(new URL('/', url).href);
    await page.evaluate(async () => {
      if (navigator.serviceWorker?.controller || (await navigator.serviceWorker?.getRegistration())) await navigator.serviceWorker.ready;
      localStorage.clear();
    });
    await page.close();
    const repeat = await visit(context, url, network);
    return { first, repeat };
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.round((xs.length - 1) * p))];
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '—').padStart(8);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`.padStart(7);

const peerRoot = await peerSite();
const app = await listen(0, '127.0.0.1', { compress: true });
const peer = await listen(0, '127.0.0.1', { compress: true, root: peerRoot, csp: CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'") });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  console.log(`median of ${RUNS} runs, CPU ${CPU_SLOWDOWN}× slower, 390×844; keystroke → next frame over ${KEYSTROKES} keys × ${RUNS} runs`);
  for (const chain of CHAINS) {
    // One visit of each page first, not counted: the server compresses every file once (brotli 11 takes seconds
    // for the full build's wasm) and keeps it, as a production server's static files are compressed ahead.
    await visits(browser, `${app.url}${chain.route}`, null);
    await visits(browser, `${peer.url}bench-peer/peer.html?chain=${chain.key}`, null);
    console.log(`\n${chain.label}: ${chain.leaves} leaves, ${chain.fields} fields`);
    console.log('network       visit    | notice     input   key p50  key p95 | peer input key p50  key p95 | ratio input  p50     p95');
    for (const [name, network] of Object.entries(NETWORKS)) {
      const ours = { first: [], repeat: [] };
      const theirs = { first: [], repeat: [] };
      for (let i = 0; i < RUNS; i += 1) {
        const a = await visits(browser, `${app.url}${chain.route}`, network);
        const p = await visits(browser, `${peer.url}bench-peer/peer.html?chain=${chain.key}`, network);
        for (const v of ['first', 'repeat']) {
          // The app's chain must be the exported one, or the two pages fill different forms.
          if (a[v].items !== undefined && a[v].items !== chain.leaves) {
            console.warn(`warning: the app's notice listed ${a[v].items} items, the peer's schema has ${chain.leaves} leaves`);
          }
          ours[v].push(a[v]);
          theirs[v].push(p[v]);
        }
      }
      for (const v of ['first', 'repeat']) {
        if (process.env.BENCH_DETAIL) {
          const step = (k) => ms(median(ours[v].map((r) => r.steps[k])));
          const spread = (xs) => `${ms(Math.min(...xs))} …${ms(Math.max(...xs))}`;
          console.log(`  ${name} ${v}: boot.js ran${step('boot')}, prerendered notice${step('prerendered')}, wasm received${step('wasm')}, compiled${step('compiled')}, mounted${step('mounted')},`
            + ` data received${step('data')}; input ${spread(ours[v].map((r) => r.input))}, peer ${spread(theirs[v].map((r) => r.input))}`);
        }
        const aKeys = ours[v].flatMap((r) => r.keys);
        const pKeys = theirs[v].flatMap((r) => r.keys);
        const aInput = median(ours[v].map((r) => r.input));
        const pInput = median(theirs[v].map((r) => r.input));
        console.log(`${name.padEnd(13)} ${v.padEnd(7)}  |${ms(median(ours[v].map((r) => r.notice)))} ${ms(aInput)} ${ms(pct(aKeys, 0.5))} ${ms(pct(aKeys, 0.95))} |`
          + `${ms(pInput)}   ${ms(pct(pKeys, 0.5))} ${ms(pct(pKeys, 0.95))} |`
          + `${ratio(aInput, pInput)}   ${ratio(pct(aKeys, 0.5), pct(pKeys, 0.5))} ${ratio(pct(aKeys, 0.95), pct(pKeys, 0.95))}`);
      }
    }
  }
} finally {
  await browser.close();
  app.server.close();
  peer.server.close();
  fs.rmSync(peerRoot, { recursive: true, force: true });
}
