// Service worker: after one online visit the app opens, browses, searches, shows guides and fills forms with the
// network off. A classic worker at the site root, so that its scope covers the page. notices.js (loaded by boot.js)
// registers it after the app has mounted and the page has loaded, with updateViaCache 'none'; it is never part of
// the first load. ARCHITECTURE.md (“Offline”) lists the invariants; this header is the specification.
//
// - install: downloads every file listed in pkg/precache.js (written by tools/precache.mjs at build time:
//   `self.__PRECACHE = [{ url, revision }, …]; self.__VERSION = '…'`), in its order (the full build first, then
//   guides, forms and the dictionary, the page's own files last) and two at a time, into `sqsb-precache-<version>`:
//   the worker starts while the citizen is already tapping and shares the connection with the page. A file whose
//   revision (the first 16 hex digits of the SHA-256 of its bytes) is already in an older version's cache is copied
//   from there instead of downloaded again (downloads use cache: 'no-cache'). A downloaded file whose bytes do not
//   match its revision fails the install (half a deploy is on the server: a mixed cache could pair an old wasm with
//   new JS glue); the browser tries again on its next update check, and the old version keeps working meanwhile.
//   The deployment file (sqsb.config.json) is never precached (the deployer edits it after the build) but fetched
//   into the runtime cache at install, so that a page opened offline still knows its hosts.
// - fetch: precached files come from the cache first (immutable for this version). Opening the page (a navigation
//   to ./ or ./index.html) is answered by the cached page whatever its query string, because the query is
//   configuration the page reads itself; other precached files only match exactly, query included. Any other
//   same-origin GET goes to the network first; a cached copy is used after NETWORK_TIMEOUT_MS without an answer or
//   when the network fails, and 200 answers are kept in `sqsb-runtime-<version>` (at most RUNTIME_MAX_ENTRIES).
//   Non-GET and cross-origin requests are left to the browser and never cached. The cached page keeps the
//   server's headers, the CSP included.
// - updates: the page asks for an update check every hour and when the network comes back. A new version installs
//   in the background and then waits; notices.js offers “更新”, and only on that click does the page ask this worker
//   to take over (SKIP_WAITING); the page then dispatches `sqsb:before-update` (open forms save) and reloads.
// - activate: deletes the `sqsb-precache-*` / `sqsb-runtime-*` caches of other versions (no other caches) and
//   claims open pages, so that a first visit is offline-ready without a reload.
'use strict';

importScripts('./pkg/precache.js');

const VERSION = self.__VERSION;
const PRECACHE = `sqsb-precache-${VERSION}`;
const RUNTIME = `sqsb-runtime-${VERSION}`;
// Only caches with these prefixes are ours to delete; the app may keep other caches of its own.
const OUR_CACHES = /^sqsb-(precache|runtime)-/;
// Stored with every precached response, so that a later version can tell whether it may reuse it.
const REVISION_HEADER = 'X-Sqsb-Revision';
// On a slow connection (a train, a basement) a cached answer after this long beats waiting for the network.
const NETWORK_TIMEOUT_MS = 4000;
// The runtime cache holds answers to requests we did not foresee; keep it from growing without bound.
const RUNTIME_MAX_ENTRIES = 60;

// Absolute URL → revision, for every precached file.
const PRECACHED = new Map(self.__PRECACHE.map(({ url, revision }) => [new URL(url, self.location).href, revision]));
const START_URL = new URL('./', self.location).href;
const INDEX_URL = new URL('./index.html', self.location).href;

// ---------------------------------------------------------------------------------------------------------------
// Install: fill this version's cache.

self.addEventListener('install', (event) => {
  event.waitUntil(precacheAll().then(keepDeployment));
});

// The deployment file (README "Embedding") is the deployer's, edited after the build, so it has no revision to
// precache under; it is fetched like any other file (network first). A copy is kept now, at install, so that a page
// opened offline still knows its hosts: without it, a submission made offline would have nowhere to wait for.
async function keepDeployment() {
  const request = new Request('./sqsb.config.json', { cache: 'no-cache' });
  try {
    const response = await fetch(request);
    if (isCacheable(request, response)) await remember(request, response);
  } catch (error) {
    console.warn('sqsb-sw: the deployment file was not kept for offline use', error);
  }
}

// Downloads at a time. The worker starts right after the first screen, while the citizen is already tapping: with
// all fifty files requested at once, the page's own request (the full build for the guide just opened) would get a
// fiftieth of a slow connection. The list's order (tools/precache.mjs) puts what the next screens need first.
const PRECACHE_CONCURRENCY = 2;

async function precacheAll() {
  const cache = await caches.open(PRECACHE);
  const names = await caches.keys();
  const older = await Promise.all(
    names.filter((n) => n.startsWith('sqsb-precache-') && n !== PRECACHE).map((n) => caches.open(n)));
  const queue = [...PRECACHED];
  let failed = false;
  const download = async () => {
    while (queue.length > 0 && !failed) {
      const [url, revision] = queue.shift();
      try {
        await precacheOne(cache, older, url, revision);
      } catch (error) {
        // One failure fails the install (see above); the other lanes stop instead of downloading on for nothing.
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: PRECACHE_CONCURRENCY }, download));
}

async function precacheOne(cache, older, url, revision) {
  // This cache itself first: an earlier install of this same version may have been interrupted half-way.
  for (const source of [cache, ...older]) {
    const hit = await source.match(url);
    if (hit && hit.headers.get(REVISION_HEADER) === revision) {
      if (source !== cache) await cache.put(url, hit);
      return;
    }
  }
  // `no-cache`: revalidate with the server, never take a stale copy from the HTTP cache.
  const response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`precache ${url}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  const actual = await revisionOf(body);
  if (actual !== revision) {
    throw new Error(`precache ${url}: expected revision ${revision}, the server sent ${actual}`);
  }
  // A fresh Response that keeps the server's headers (Content-Type for the wasm, the CSP for the page) and adds
  // the revision. The body is already decoded, so the encoding and length headers no longer describe it.
  const headers = new Headers(response.headers);
  headers.delete('Content-Encoding');
  headers.delete('Content-Length');
  headers.set(REVISION_HEADER, revision);
  await cache.put(url, new Response(body, { status: 200, statusText: response.statusText, headers }));
}

/** The same hash tools/precache.mjs computes: SHA-256, hex, first 16 characters. */
async function revisionOf(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------------------------
// Activate: drop other versions' caches, and control the page that registered us (a first visit becomes
// offline-capable without a reload).

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((n) => OUR_CACHES.test(n) && n !== PRECACHE && n !== RUNTIME)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

// The page sends this when the user clicks “更新”; never on our own, so nobody's typing is interrupted.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

// ---------------------------------------------------------------------------------------------------------------
// Fetch.

self.addEventListener('fetch', (event) => {
  const { request } = event;
  // Submissions and other non-GET requests must reach the server (or fail) as they are: never answered from a cache.
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Other origins (a host's API, a portal) are theirs to cache or not.
  if (url.origin !== self.location.origin) return;
  // Chromium quirk: DevTools may issue these, and fetch() throws on them.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;

  const key = precacheKey(request, url);
  event.respondWith(key ? cacheFirst(request, key) : networkFirst(event));
});

/** The precache entry that answers this request, or null. */
function precacheKey(request, url) {
  const withoutQuery = url.origin + url.pathname;
  // Opening the page: its query string is configuration the page reads itself (e.g. ?scenario=…&elder=1), and the
  // HTML is the same for every query, so any query may be answered by the one cached page.
  if (request.mode === 'navigate' && (withoutQuery === START_URL || withoutQuery === INDEX_URL)) return START_URL;
  // Anything else only on an exact match: a query on a file may mean a different answer, so it goes to the network.
  url.hash = '';
  return PRECACHED.has(url.href) ? url.href : null;
}

async function cacheFirst(request, key) {
  const cached = await caches.match(key, { cacheName: PRECACHE });
  // Missing only if the browser evicted it or the install is still running: the network may still have it.
  return cached ?? fetch(request);
}

function networkFirst(event) {
  const { request } = event;
  const network = fetch(request);
  // Clone before the page reads the body; keep the worker alive until the copy is stored.
  const copy = network.then((response) => (isCacheable(request, response) ? response.clone() : null), () => null);
  event.waitUntil(copy.then((response) => response && remember(request, response)).catch((error) => {
    console.warn('sqsb-sw: could not keep a copy of', request.url, error);
  }));
  return (async () => {
    try {
      return await withTimeout(network, NETWORK_TIMEOUT_MS);
    } catch {
      // Offline, or too slow: an earlier answer if we have one…
      const cached = await caches.match(request, { cacheName: RUNTIME });
      if (cached) return cached;
      // …otherwise keep waiting for the network, or pass its error on, as if there were no worker.
      return network;
    }
  })();
}

function isCacheable(request, response) {
  // 200 only (no partial 206 answers, no errors); `basic` = same-origin and readable; `no-store` is respected.
  return response.status === 200 && response.type === 'basic' && request.cache !== 'no-store';
}

async function remember(request, response) {
  const cache = await caches.open(RUNTIME);
  await cache.put(request, response);
  // Keys come back in insertion order (a put replaces and appends), so the first ones are the oldest.
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - RUNTIME_MAX_ENTRIES)).map((k) => cache.delete(k)));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); });
  });
}
