#!/usr/bin/env node
// Writes pkg/precache.js, the list of files the service worker (www/sw.js) keeps for offline use:
//   self.__PRECACHE = [{ url, revision }, …]; self.__VERSION = '…';
//   node tools/precache.mjs [--root DIR]      (DIR holds www/ and pkg/; default: the repository)
// Run by tools/build.sh after everything in pkg/ is written. The revision of a file is a hash of its bytes, so the
// worker re-downloads only files that changed and can check that it got the bytes this list promises. The version
// is a hash of the whole list and of sw.js itself: it names the cache, and because pkg/precache.js changes whenever
// any file changes, the browser's update check (which compares sw.js and its imported scripts byte for byte) sees a
// new version after every build that changed something, and never otherwise.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Files in www/ that are not part of the offline shell: the worker itself (the browser keeps it and checks it for
// updates on its own; caching it would freeze updates), the sources the build writes index.html, boot.js and
// notices.js from, and
// the deployment file with its example: the deployer writes sqsb.config.json after the build, so a revision taken
// here would fail the worker's install the moment it is edited; the worker keeps it network-first instead.
const WWW_EXCLUDE = new Set(['sw.js', 'index.template.html', 'boot.src.js', 'early.src.js', 'notices.src.js', 'apply-screens.src.js', 'sqsb.config.json',
  'sqsb.config.example.json']);
// From pkg/ only what the page loads: the JS glue and wasm of both builds (the lean one in pkg/, the full one in
// pkg/full/: src/upgrade.rs), wasm-bindgen's JS snippets, and the on-demand data. Type declarations and wasm-pack's
// bookkeeping are for developers.
const PKG_FILES = ['weihai_sqsb.js', 'weihai_sqsb_bg.wasm', 'full/weihai_sqsb.js', 'full/weihai_sqsb_bg.wasm'];

/** The JS snippets wasm-bindgen copied under pkg/snippets/ (imported by the glue), relative to pkg/, sorted. */
export function snippetFiles(pkg) {
  const dir = path.join(pkg, 'snippets');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.js'))
    .map((name) => `snippets/${name.split(path.sep).join('/')}`)
    .sort();
}

/** SHA-256 of the bytes, hex, first 16 characters (64 bits: plenty to tell two builds of one file apart). */
export function revisionOf(bytes) {
  return crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/**
 * Download order (sw.js fetches the list in this order, a few at a time): what the citizen's next screen needs
 * first, because the worker starts right after the first screen and shares the connection with the page. A guide
 * or an application needs the full build; a guide is the likelier next screen, so guides come before forms. The
 * page's own files come last: this visit has just loaded them, so they cost a revalidation, not a download.
 */
function downloadRank(url) {
  if (url.startsWith('./pkg/full/') || url.startsWith('./pkg/snippets/')) return 0;
  if (url.startsWith('./pkg/data/guides-')) return 1;
  if (url.startsWith('./pkg/data/')) return 2;
  // The applications' prerendered first screens: shown before the app, so they matter on a later visit, not this one.
  if (url.startsWith('./pkg/pages/')) return 4;
  // Not the citizen's: the portal demo and the counter's page (counter.html, read by the 一窗受理 clerk).
  if (url.startsWith('./portal-demo') || url.startsWith('./counter.')) return 5;
  return 3;
}

/** The files to precache under `root`: [{ url, file }], urls relative to the worker's scope (the site root). */
export function precacheFiles(root = repo) {
  const www = path.join(root, 'www');
  const pkg = path.join(root, 'pkg');
  const files = [];
  for (const name of fs.readdirSync(www).sort()) {
    if (WWW_EXCLUDE.has(name) || !fs.statSync(path.join(www, name)).isFile()) continue;
    // The page is asked for as "./" (the start_url), not as "./index.html".
    files.push({ url: name === 'index.html' ? './' : `./${name}`, file: path.join(www, name) });
  }
  for (const name of [...PKG_FILES, ...snippetFiles(pkg)]) files.push({ url: `./pkg/${name}`, file: path.join(pkg, name) });
  const data = path.join(pkg, 'data');
  for (const name of fs.readdirSync(data).filter((n) => n.endsWith('.json')).sort()) {
    files.push({ url: `./pkg/data/${name}`, file: path.join(data, name) });
  }
  // Each application's prerendered notice and first step (src/bin/prerender.rs, shown by apply-screens.js before
  // the app at `#/start/scenario/…`): kept, so that a later visit shows them at once, offline too, and from the same
  // build as the cached app (network first, a new build's page could pair with the old app). About 159 KB brotli for
  // the 80 files (README, "Size"). The stage and scenario screens are not: on a visit the worker controls, the app
  // is cached and shows them itself.
  const pages = path.join(pkg, 'pages');
  for (const name of fs.readdirSync(pages).filter((n) => /^start-.+\.html$/.test(n)).sort()) {
    files.push({ url: `./pkg/pages/${name}`, file: path.join(pages, name) });
  }
  // Array.prototype.sort is stable: within a rank, the alphabetical order above.
  return files.sort((a, b) => downloadRank(a.url) - downloadRank(b.url));
}

/** Builds the list with revisions and the version; writes root/pkg/precache.js. Returns a summary. */
export function writePrecache(root = repo) {
  const files = precacheFiles(root);
  const entries = [];
  let bytes = 0;
  for (const { url, file } of files) {
    const content = fs.readFileSync(file);
    bytes += content.length;
    entries.push({ url, revision: revisionOf(content), file });
  }
  const sw = fs.readFileSync(path.join(root, 'www', 'sw.js'));
  const version = revisionOf(Buffer.concat([sw, Buffer.from(entries.map((e) => `${e.url} ${e.revision}\n`).join(''))]));
  const list = entries.map(({ url, revision }) => `  { url: ${JSON.stringify(url)}, revision: ${JSON.stringify(revision)} },`);
  const text = [
    '// Generated by tools/precache.mjs at build time; do not edit. Read by sw.js through importScripts.',
    'self.__PRECACHE = [',
    ...list,
    '];',
    `self.__VERSION = ${JSON.stringify(version)};`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(root, 'pkg', 'precache.js'), text);
  return { version, count: entries.length, bytes, entries };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--root');
  const root = i >= 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : repo;
  const { version, count, bytes, entries } = writePrecache(root);
  // What a first visit downloads in the background for offline use, compressed as a server would send it.
  let brotli = 0;
  for (const { file } of entries) {
    const content = fs.readFileSync(file);
    brotli += zlib.brotliCompressSync(content, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length },
    }).length;
  }
  const kb = (n) => (n / 1024).toFixed(1);
  console.log(`[precache] pkg/precache.js: ${count} files, ${kb(bytes)} KB raw (${kb(brotli)} KB brotli), ` +
    `version ${version}`);
}
