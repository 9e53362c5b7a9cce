#!/usr/bin/env node
// Size report: raw, gzip and brotli bytes of every file a first visit downloads, and their totals.
//   node tools/size.mjs [--check]
// A first visit downloads, in this order (www/boot.src.js): the FIRST SCREEN — the page with the home prerendered
// into it, the stylesheet, the boot code and the first-screen search (first/: the whole catalog and its search
// index, without the UI framework) — and then THE APP (the lean Yew build). The end-to-end suite checks that a real
// first visit requests nothing else.
// The budget, 150 KB brotli, is for the first screen: --check fails when it is over. The app is guarded against
// growth: --check fails when it exceeds tools/size-baseline.json by more than 3 %. Lowering the baseline (or
// raising it, with a reason in the commit) is a deliberate edit of that file.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { precacheFiles, snippetFiles } from './precache.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUDGET_BROTLI = 150 * 1024;

// URL path (as the browser asks for it) → file in the repo.
export const FIRST_SCREEN = [
  ['/', 'www/index.html'],
  ['/app.css', 'www/app.css'],
  ['/early.js', 'www/early.js'],
  ['/boot.js', 'www/boot.js'],
  ['/icon.svg', 'www/icon.svg'],
  ['/pkg/first/sqsb_first.js', 'pkg/first/sqsb_first.js'],
  ['/pkg/first/sqsb_first_bg.wasm', 'pkg/first/sqsb_first_bg.wasm'],
];
export const APP = [
  ['/pkg/weihai_sqsb.js', 'pkg/weihai_sqsb.js'],
  ['/pkg/weihai_sqsb_bg.wasm', 'pkg/weihai_sqsb_bg.wasm'],
  // JS snippets the glue imports (src/upgrade.js: how the lean build loads the full one, pkg/full/, on demand).
  ...snippetFiles(path.join(repo, 'pkg')).map((name) => [`/pkg/${name}`, `pkg/${name}`]),
  // The offline and update notices and the service worker's registration (www/notices.src.js), after the mount.
  ['/notices.js', 'www/notices.js'],
];
export const FIRST_LOAD = [...FIRST_SCREEN, ...APP];

// The page arrives with the home screen prerendered into it (src/bin/prerender.rs): it is on screen once the HTML,
// the stylesheet and early.js (the one parser-blocking script, www/early.src.js) have arrived (a module script does
// not hold up the first paint), and answers links (stages and
// scenarios are prerendered too) and the 长辈版 switch once boot.js has run; search answers once the first-screen
// search has arrived; the app then takes over.
export const HOME_ON_SCREEN = ['/', '/app.css', '/early.js'];
export const HOME_ANSWERS = [...HOME_ON_SCREEN, '/boot.js'];

export function measure() {
  return FIRST_LOAD.map(([url, file]) => {
    const bytes = fs.readFileSync(path.join(repo, file));
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    const brotli = zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length;
    return { url, file, raw: bytes.length, gzip, brotli };
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let rows;
  try {
    rows = measure();
  } catch (e) {
    console.error(`缺少构建结果（${e.message}）。请先运行 make build。`);
    process.exit(1);
  }
  const kb = (n) => (n / 1024).toFixed(1).padStart(8);
  const sum = (list) => list.reduce(
    (t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
  const firstScreen = rows.filter((r) => FIRST_SCREEN.some(([url]) => url === r.url));
  const app = rows.filter((r) => APP.some(([url]) => url === r.url));
  console.log(`${'file'.padEnd(34)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)} ${'br KB'.padStart(8)}`);
  const section = (title, list) => {
    for (const r of list) console.log(`${r.file.padEnd(34)} ${kb(r.raw)} ${kb(r.gzip)} ${kb(r.brotli)}`);
    const t = sum(list);
    console.log(`${title.padEnd(34)} ${kb(t.raw)} ${kb(t.gzip)} ${kb(t.brotli)}`);
    return t;
  };
  const screenTotal = section('total: first screen (budget)', firstScreen);
  const appTotal = section('total: the app, right after', app);
  const total = sum(rows);
  console.log(`${'total (first visit)'.padEnd(34)} ${kb(total.raw)} ${kb(total.gzip)} ${kb(total.brotli)}`);
  const brotliOf = (urls) => rows.filter((r) => urls.includes(r.url)).reduce((t, r) => t + r.brotli, 0);
  console.log(`of which: the prerendered home is on screen after ${(brotliOf(HOME_ON_SCREEN) / 1024).toFixed(1)} KB ` +
    `brotli (index.html, app.css, early.js), answers links and 长辈版 after ${(brotliOf(HOME_ANSWERS) / 1024).toFixed(1)} KB ` +
    `(+ boot.js) and search after ${(screenTotal.brotli / 1024).toFixed(1)} KB (+ the first-screen search); ` +
    `the app follows`);
  // Not part of the first load: once the app has mounted, the service worker downloads the whole app (wasm, data of
  // every stage) for offline use. Shown so that its cost stays visible; tools/precache.mjs makes the list.
  try {
    const offline = precacheFiles().map(({ file }) => fs.readFileSync(file));
    const raw = offline.reduce((t, b) => t + b.length, 0);
    const br = offline.reduce((t, b) => t + zlib.brotliCompressSync(b, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length },
    }).length, 0);
    console.log(`after load, for offline use (service worker precache, not in the budget): ${offline.length} files, ` +
      `${(raw / 1024).toFixed(1)} KB raw, ${(br / 1024).toFixed(1)} KB brotli (quality 9)`);
  } catch (e) {
    console.log(`offline precache not measured (${e.message})`);
  }
  const pct = ((screenTotal.brotli / BUDGET_BROTLI) * 100).toFixed(0);
  console.log(`budget for the first screen: ${(BUDGET_BROTLI / 1024).toFixed(0)} KB brotli; used ${pct}%`);
  const baselineFile = path.join(repo, 'tools', 'size-baseline.json');
  const baseline = JSON.parse(fs.readFileSync(baselineFile, 'utf8'));
  const baselineKB = (baseline.app_brotli / 1024).toFixed(1);
  console.log(`the app: ${(appTotal.brotli / 1024).toFixed(1)} KB brotli (baseline ${baselineKB} ` +
    `KB, recorded ${baseline.date}: ${baseline.why})`);
  if (screenTotal.brotli > BUDGET_BROTLI) {
    console.log(`OVER BUDGET by ${((screenTotal.brotli - BUDGET_BROTLI) / 1024).toFixed(1)} KB brotli`);
    if (process.argv.includes('--check')) process.exit(1);
  }
  if (process.argv.includes('--check') && appTotal.brotli > baseline.app_brotli * 1.03) {
    console.error(`the app grew past the recorded baseline (${baseline.app_brotli} B brotli + 3 %): ` +
      `${appTotal.brotli} B`);
    process.exit(1);
  }
}
