#!/usr/bin/env node
// Does a repeat visit reuse the compiled wasm? (`node tools/wasm-cache-probe.mjs [route] [waitSeconds]`, after
// `make build`.) Opens the app at `route` (default: 出生's application) in a fresh profile, waits `waitSeconds`
// (default 20) with the page open so that V8 can tier up and Chromium can write its WebAssembly code cache, waits for
// the service worker to finish precaching, then opens the page again and prints Chromium's v8.wasm trace events of
// each visit: `v8.wasm.cachedModule` (the code was written to the cache), `v8.wasm.moduleCacheHit` (a visit compiled
// nothing: the code came from the cache), and the time from the wasm's response to the app's `sqsb:app-compiled`.
import { chromium } from 'playwright-core';
import { listen } from './serve.mjs';

const route = process.argv[2] ?? '#/start/scenario/personal/1.1';
const waitSeconds = Number(process.argv[3] ?? 20);
const app = await listen(0, '127.0.0.1', { compress: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

async function visit(context, label, linger) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.CPU_SLOWDOWN ?? 1) });
  await browser.startTracing(page, { categories: ['v8.wasm', 'disabled-by-default-v8.wasm', 'devtools.timeline', 'v8', 'blink', 'loading'] });
  await page.goto(`${app.url}${route}`);
  await page.waitForFunction(() => performance.getEntriesByName('sqsb:app-mounted').length > 0, null, { timeout: 120_000 });
  await page.waitForTimeout(linger * 1000);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const timing = await page.evaluate(() => {
    const wasm = performance.getEntriesByType('resource').find((r) => /weihai_sqsb_bg\.wasm$/.test(r.name));
    return {
      wasm: wasm?.name.replace(location.origin, ''),
      fromWorker: (wasm?.workerStart ?? 0) > 0,
      received: wasm?.responseEnd,
      compiled: performance.getEntriesByName('sqsb:app-compiled')[0]?.startTime,
    };
  });
  const events = (trace.traceEvents ?? []).filter((e) => /wasm|CodeCache|code_cache/i.test(e.name + ' ' + e.cat)).map((e) => e.name);
  const counts = {};
  for (const name of events) counts[name] = (counts[name] ?? 0) + 1;
  // Main-thread time spent compiling functions on their first call (lazy compilation), until the app mounted and
  // `linger` seconds after.
  const lazy = (trace.traceEvents ?? []).filter((e) => e.name === 'wasm.CompileLazy' && e.dur);
  counts['CompileLazy total ms'] = Math.round(lazy.reduce((sum, e) => sum + e.dur, 0) / 1000);
  console.log(`${label}: ${timing.wasm} ${timing.fromWorker ? 'from the service worker' : 'from the network/HTTP cache'}, `
    + `received ${Math.round(timing.received)} ms, compiled ${Math.round(timing.compiled)} ms; ${JSON.stringify(counts)}`);
  await page.close();
}

try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  await visit(context, 'first visit', waitSeconds);
  const page = await context.newPage();
  await page.goto(`${app.url}`);
  await page.evaluate(async () => { await navigator.serviceWorker?.ready; });
  await page.close();
  await visit(context, 'repeat visit', 3);
  await visit(context, 'third visit', 3);
  await context.close();
} finally {
  await browser.close();
  app.server.close();
}
