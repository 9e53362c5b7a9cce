#!/usr/bin/env node
// Load benchmark: how soon a first visit sees the home, can search and can use the app, on a slow network and a slow
// phone.
//   node tools/bench-load.mjs [runs]        (after make build; Debian's Chromium through playwright-core)
// Each run is a fresh first visit (empty cache, no service worker; files sent brotli-compressed, as a production
// server would) through Chromium's throttling: "slow 3G" (400 kbit/s down, 400 ms round trip) or "fast 3G"
// (1.6 Mbit/s, 150 ms), with the CPU 4× slower than this machine's. It reports the median of: first contentful
// paint, the first frame showing the home (its stage cards), when search answers (boot.js marks `sqsb:search-ready`
// once the first-screen search is ready; without it, search comes with the app) and when the app has mounted
// (boot.js sets html.sq-ready) — for the page as built and, for comparison, for the same page whose boot code
// skips the first-screen search (the app alone, as before it existed).
// Numbers, not a pass/fail test: the machine running it sets the scale.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { listen } from './serve.mjs';
import { precacheFiles } from './precache.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const RUNS = Number(process.argv[2] ?? 3);
const NETWORKS = {
  'slow 3G': { latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 },
  'fast 3G': { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
};
const CPU_SLOWDOWN = 4;
// BENCH_ONLY=guide: only the first-guide part (below); BENCH_ONLY=visit: only the first-visit part.
const ONLY = process.env.BENCH_ONLY;

// The comparison page: a copy of the site whose boot code skips the first-screen search (boot.src.js, unminified:
// about 2 KB more than the built boot.js), served by a second server so that both pages cross the same throttled
// network.
function siteWithoutFirstSearch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqsb-bench-'));
  fs.cpSync(path.join(repo, 'www'), path.join(dir, 'www'), { recursive: true });
  const boot = fs.readFileSync(path.join(repo, 'www', 'boot.src.js'), 'utf8');
  const firstSearch = 'answering && !navigator.serviceWorker?.controller ? await loadFirstSearch() : null';
  if (!boot.includes(firstSearch)) throw new Error('bench-load: boot.src.js no longer loads the first-screen search that way');
  fs.writeFileSync(path.join(dir, 'www', 'boot.js'), boot.replace(firstSearch, 'null'));
  fs.symlinkSync(path.join(repo, 'pkg'), path.join(dir, 'pkg'));
  fs.symlinkSync(path.join(repo, 'data'), path.join(dir, 'data'));
  return dir;
}

async function visit(browser, url, network) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.addInitScript(() => {
    // The first frame that shows a stage card: animation-frame callbacks run just before the browser paints (not
    // while the stylesheet is still loading), so this is when the home reaches the screen.
    const look = () => {
      if (document.querySelector('.sq-stage-card')) window.sqHomeFrame = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('html.sq-ready', { timeout: 180_000 });
  await page.waitForFunction(() => window.sqHomeFrame !== undefined);
  // Times from navigation start, in the page's own clock. `ready` is read just after the class appeared (polling
  // adds a few milliseconds).
  const { fcp, home, search, ready } = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    // Nothing reaches the screen before the first contentful paint.
    home: Math.max(window.sqHomeFrame, performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0),
    // Without the first-screen search, search answers when the app does.
    search: performance.getEntriesByName('sqsb:search-ready')[0]?.startTime ?? performance.now(),
    ready: performance.now(),
  }));
  await context.close();
  return { fcp, home, search, ready };
}

// The first guide of a first visit: the citizen waits THINK_MS after the app has mounted (reads the home, searches),
// then opens an item's guide. That needs the full build and the stage's guide data — while the service worker,
// registered once the app has mounted, is downloading the whole app for offline use over the same connection.
// Chromium's throttling does not reach service workers, so here the server itself is the slow link (serve.mjs
// `throttle`), shared by the page and the worker. Reported: how long the guide took to show after the tap, and the
// bytes the server sent until then.
const THINK_MS = 3000;
const GUIDE = { route: '#/item/P003', heading: '户口登记（出生登记）' };

async function firstGuide(browser, network, serviceWorkers) {
  const bytesPerSecond = network.downloadThroughput;
  const server = await listen(0, '127.0.0.1', { compress: true, throttle: { bytesPerSecond, latencyMs: network.latency } });
  let sent = 0;
  server.server.on('request', (req, res) => {
    const write = res.write.bind(res);
    res.write = (chunk, ...rest) => { sent += chunk?.length ?? 0; return write(chunk, ...rest); };
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  try {
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.waitForSelector('html.sq-ready', { timeout: 180_000 });
    await page.waitForTimeout(THINK_MS);
    const tapped = await page.evaluate((route) => {
      window.location.hash = route;
      return performance.now();
    }, GUIDE.route);
    await page.waitForFunction((heading) => document.querySelector('main h1')?.textContent === heading,
      GUIDE.heading, { timeout: 180_000, polling: 50 });
    const shown = await page.evaluate(() => performance.now());
    return { wait: shown - tapped, sentKB: sent / 1024 };
  } finally {
    await context.close();
    server.server.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`.padStart(8);

const built = await listen(0, '127.0.0.1', { compress: true });
const before = siteWithoutFirstSearch();
const comparison = await listen(0, '127.0.0.1', { compress: true, root: before });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  console.log(`first visit, median of ${RUNS} runs, CPU ${CPU_SLOWDOWN}× slower        FCP     home   search  app mounted`);
  for (const [name, network] of Object.entries(ONLY === 'guide' ? {} : NETWORKS)) {
    for (const withoutFirstSearch of [false, true]) {
      const runs = [];
      const url = withoutFirstSearch ? comparison.url : built.url;
      for (let i = 0; i < RUNS; i += 1) runs.push(await visit(browser, url, network));
      const label = `${name}, ${withoutFirstSearch ? 'app alone (before)' : 'first-screen search, then app'}`;
      console.log(`${label.padEnd(48)} ${s(median(runs.map((r) => r.fcp)))} ${s(median(runs.map((r) => r.home)))} ` +
        `${s(median(runs.map((r) => r.search)))} ${s(median(runs.map((r) => r.ready)))}`);
    }
  }
  // Warm the server's brotli cache (shared by every server in this process) so no run pays for compressing.
  for (const { url } of precacheFiles()) await fetch(new URL(url, built.url), { headers: { 'accept-encoding': 'br' } });
  console.log(`\nfirst guide, ${THINK_MS / 1000} s after the app mounted, median of ${RUNS}      wait   KB sent by then`);
  for (const [name, network] of Object.entries(ONLY === 'visit' ? {} : NETWORKS)) {
    for (const serviceWorkers of ['allow', 'block']) {
      const runs = [];
      for (let i = 0; i < RUNS; i += 1) runs.push(await firstGuide(browser, network, serviceWorkers));
      const label = `${name}, service worker ${serviceWorkers === 'allow' ? 'precaching' : 'blocked'}`;
      console.log(`${label.padEnd(48)} ${s(median(runs.map((r) => r.wait)))} ${median(runs.map((r) => r.sentKB)).toFixed(0).padStart(9)}`);
    }
  }
} finally {
  await browser.close();
  built.server.close();
  comparison.server.close();
  fs.rmSync(before, { recursive: true, force: true });
}
