// Boot code for the app-zone page. Kept in a file (not inline) so the strict CSP can forbid inline scripts.
// The page arrives with the home screen already in it (rendered at build time: src/bin/prerender.rs), so a first
// visit sees the home before the wasm has arrived; until the app mounts, this file makes that home answer (a tapped
// stage or scenario shows its prerendered screen; a search shows the search screen, answered by the first-screen
// search module, first/; other links show the loading state; 长辈版 switches), and the app replaces it when it
// mounts. It shows a readable message instead of a broken page when WebAssembly is missing or the module fails to
// load, and (after the app has mounted) loads notices.js: the service worker, the offline and update notices.

performance.mark('sqsb:boot'); // where the page's own work starts (tools/bench-apply.mjs BENCH_DETAIL)
const root = document.getElementById('app');
const PREFS_KEY = 'sqsb.prefs.v1';

function element(tag, className, text = '') {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = text;
  return el;
}

// #app as early.js may have hidden it (www/early.src.js): shown once boot.js has put the right screen in it.
const showPage = () => document.documentElement.classList.remove('sq-away');

// `reload`: the app has crashed (below); the box gets a 重新加载 button and sits in an .sq-app of its own, as
// src/crash.rs shows it, so that 长辈版 applies and the class sq-crash marks the crash as reported.
function showFailure(title, detail, reload = false) {
  showPage();
  const box = document.createElement('div');
  box.className = 'sq-boot-error';
  box.setAttribute('role', 'alert');
  const h = document.createElement('h1');
  h.textContent = title;
  const p = document.createElement('p');
  p.textContent = detail;
  box.append(h, p);
  if (!reload) {
    root.replaceChildren(box);
    return;
  }
  const elder = root.querySelector('.sq-app')?.classList.contains('sq-elder') ?? elderWanted();
  const frame = element('div', elder ? 'sq-app sq-crash sq-elder' : 'sq-app sq-crash');
  const button = element('button', 'sq-button', '重新加载');
  button.type = 'button';
  button.addEventListener('click', () => window.location.reload());
  box.append(button);
  frame.append(box);
  root.replaceChildren(frame);
  // The stopped app may still add to #app: app.css hides it.
  root.classList.add('sq-crashed');
  button.focus();
}

function showLoading() {
  if (root.querySelector('.sq-boot')) return;
  const box = document.createElement('div');
  box.className = 'sq-boot';
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  const spinner = document.createElement('div');
  spinner.className = 'sq-boot-spinner';
  spinner.setAttribute('aria-hidden', 'true');
  const text = document.createElement('p');
  text.className = 'sq-boot-text';
  text.textContent = '正在加载政务服务事项，请稍候…';
  box.append(spinner, text);
  root.replaceChildren(box);
}

// On a slow network, say so rather than leave the spinner alone.
const slowTimer = setTimeout(() => {
  const text = root.querySelector('.sq-boot-text');
  if (text) text.textContent = '网络较慢，仍在加载，请稍候…';
}, 8000);

function storedPrefs() {
  try {
    return JSON.parse(window.localStorage.getItem(PREFS_KEY)) ?? {};
  } catch {
    return {}; // storage blocked or unreadable: the app reads it again
  }
}

// The prerendered screens are Chinese, and right only where the hash decides the screen: not where the URL names a
// route (?route=, ?item=… as src/config.rs reads them); there they would show the wrong screen until the app mounts.
function staticScreensFit() {
  const params = new URLSearchParams(window.location.search);
  return !['route', 'item', 'scenario', 'stage', 'lifecycle'].some((name) => params.has(name)) && !prefersEnglish();
}

const atHome = (hash) => /^(#\/?)?$/.test(hash);

// The stage, scenario and search screens prerendered to files (src/bin/prerender.rs; the names as
// `prerender::page_file` writes them): the file for a hash, or null for a screen only the app shows.
const atSearch = (hash) => /^#\/search(\?.*)?$/.test(hash);
function staticScreenFile(hash) {
  if (atSearch(hash)) return 'search.html';
  const stage = /^#\/stage\/(enterprise|personal)\/(\d+)$/.exec(hash);
  if (stage) return `stage-${stage[1]}-${stage[2]}.html`;
  const scenario = /^#\/scenario\/(enterprise|personal)\/(\d+(?:\.\d+)*)$/.exec(hash);
  return scenario ? `scenario-${scenario[1]}-${scenario[2]}.html` : null;
}

// 长辈版 as the app will show it: the page URL (?elder=1/0) wins over the choice stored on this device.
function elderWanted() {
  const flag = new URLSearchParams(window.location.search).get('elder');
  if (flag === '1' || flag === 'true') return true;
  if (flag === '0' || flag === 'false') return false;
  return storedPrefs().elder === true;
}

function showElder(on) {
  root.querySelector('.sq-app')?.classList.toggle('sq-elder', on);
  const button = root.querySelector('.sq-elder-button');
  if (button) {
    button.setAttribute('aria-pressed', String(on));
    const box = button.querySelector('.sq-elder-box');
    if (box) box.textContent = on ? '✓' : '';
  }
}

// The home as the page brought it, to show again when the user comes back to it before the app mounts.
const staticHome = root.querySelector('.sq-app[data-build=static]')?.cloneNode(true);

// Shows the screen of the current hash before the app mounts: the home, a prerendered stage or scenario (fetched;
// the loading state meanwhile if it takes more than a moment), or the loading state for screens only the app has.
// `moved`: the user went there (a link, the back button), so reading and the view start at the new screen, as in
// the app (src/app.rs, focus_new_screen).
let screensAsked = 0;
async function showStaticScreen(moved) {
  const asked = ++screensAsked;
  const current = () => asked === screensAsked && !beforeMount.signal.aborted;
  const shown = () => {
    showElder(elderWanted());
    const box = atSearch(window.location.hash) ? root.querySelector('#sq-q') : null;
    if (box) {
      // As the app's search screen: the query from the address, the focus in the box, the results below it.
      box.value = searchQuery(window.location.hash);
      showResults();
    }
    if (!moved && !box) return;
    window.scrollTo(0, 0);
    (box ?? document.getElementById('sq-main'))?.focus();
  };
  const hash = window.location.hash;
  if (atHome(hash) && staticHome) {
    root.replaceChildren(staticHome.cloneNode(true));
    shown();
    return;
  }
  const file = staticScreenFile(hash);
  if (!file) {
    showLoading();
    return;
  }
  const slow = setTimeout(() => { if (current()) showLoading(); }, 300);
  try {
    const response = await fetch(`./pkg/pages/${file}`, { signal: beforeMount.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const html = await response.text();
    if (!current()) return;
    // Our own build output (src/bin/prerender.rs checks it against the CSP), from our own origin.
    root.innerHTML = html;
    shown();
  } catch {
    // Offline before the first visit completed, or an unknown stage: the app will show it (or say it is unknown).
    if (current()) showLoading();
  } finally {
    clearTimeout(slow);
  }
}

// The first-screen search (first/, src in Rust): the catalog and its search index without the UI framework, a
// fraction of the app's size. On a first visit it loads before the app, so that searching works early on a slow
// network; it answers with the results' HTML exactly as the app's search screen renders them.
let firstSearch = null;
// Downloads and compiles the module; returns the step that builds its index (run while the app downloads), or null.
async function loadFirstSearch() {
  try {
    const wasm = fetch('./pkg/first/sqsb_first_bg.wasm');
    wasm.catch(() => {});
    const module = await import('./pkg/first/sqsb_first.js');
    await module.default({ module_or_path: wasm });
    performance.mark('sqsb:search-loaded');
    return () => {
      let stored = null;
      try {
        stored = window.localStorage.getItem('sqsb.catalog.v1'); // a catalog update the app stored (catalog_update.rs)
      } catch {
        // storage blocked: the bundled catalog
      }
      try {
        // Today's date, which a stored update's version may not be after (the module has no clock of its own).
        const today = new Date();
        if (!module.prepare(stored, today.getFullYear(), today.getMonth() + 1, today.getDate())) return;
      } catch (error) {
        // Whatever goes wrong in the search module must not keep the app from starting.
        console.warn('weihai-sqsb: first-screen search not available', error);
        return;
      }
      firstSearch = module;
      performance.mark('sqsb:search-ready');
      if (!beforeMount.signal.aborted) showResults();
    };
  } catch (error) {
    // The app will search when it mounts.
    console.warn('weihai-sqsb: first-screen search not available', error);
    return null;
  }
}

// The query of a search address (#/search?q=…), decoded as the app decodes it (src/route.rs: `+` is a space;
// a malformed escape stays as typed).
function searchQuery(hash) {
  const query = hash.split('?')[1] ?? '';
  const q = query.split('&').map((kv) => kv.split('=')).find(([k]) => k === 'q')?.[1] ?? '';
  try {
    return decodeURIComponent(q.replace(/\+/g, ' '));
  } catch {
    return q;
  }
}

// The search screen's results for what is in its box; a short note while the search is still on its way.
function showResults() {
  const box = root.querySelector('.sq-app[data-build=static] #sq-q');
  const results = root.querySelector('.sq-app[data-build=static] .sq-results');
  if (!box || !results || !atSearch(window.location.hash)) return;
  if (firstSearch) {
    results.innerHTML = firstSearch.results(box.value);
  } else if (box.value.trim()) {
    const note = document.createElement('p');
    note.className = 'sq-muted';
    note.setAttribute('role', 'status');
    note.textContent = '正在准备搜索，请稍候…';
    results.replaceChildren(note);
  } else {
    results.replaceChildren();
  }
}

// Until the app mounts, the prerendered screens answer the user: a tapped stage or scenario shows its prerendered
// screen, a search the search screen with results from the first-screen search; other links change the hash (the
// app opens that screen when it mounts) and show the loading state meanwhile; the 长辈版 switch switches and is
// stored as the app stores it (src/prefs.rs). Undone when the app mounts.
const beforeMount = new AbortController();
// Returns whether the prerendered screens answer (false: the loading state shows until the app mounts).
function prepareHome() {
  const hash = window.location.hash;
  // An application's prerendered screens answer with their own handlers; the ones below serve a screen the citizen
  // goes to from there.
  const inApplication = prepareApplication(hash);
  if (!inApplication && (!staticScreensFit() || !(atHome(hash) || staticScreenFile(hash)))) {
    showLoading();
    return false;
  }
  if (atHome(hash)) showElder(elderWanted());
  else if (!inApplication) showStaticScreen(false);
  const options = { signal: beforeMount.signal };
  window.addEventListener('hashchange', () => {
    // Away from an application's prerendered screens: the usual stand-ins (after the mount, the app follows).
    applicationScreens = applicationScreens?.leave();
    showStaticScreen(true);
  }, options);
  // On the search screen, results follow typing, and the address records the query without a new history entry
  // (as the app's `Navigator::record`).
  root.addEventListener('input', (event) => {
    if (event.target.id !== 'sq-q' || !atSearch(window.location.hash)) return;
    const q = event.target.value;
    window.history.replaceState(null, '', q ? `#/search?q=${encodeURIComponent(q)}` : '#/search');
    showResults();
  }, options);
  root.addEventListener('submit', (event) => {
    const form = event.target.closest?.('.sq-search');
    if (!form) return;
    event.preventDefault();
    const query = (form.querySelector('input[name=q]')?.value ?? '').trim();
    window.location.hash = query ? `#/search?q=${encodeURIComponent(query)}` : '#/search';
  }, options);
  root.addEventListener('click', (event) => {
    // The skip link moves the focus, as in the app (src/app.rs), instead of putting "#sq-main" in the route.
    if (event.target.closest?.('.sq-skip')) {
      event.preventDefault();
      document.getElementById('sq-main')?.focus();
      return;
    }
    if (!event.target.closest?.('.sq-elder-button')) return;
    const on = !root.querySelector('.sq-app')?.classList.contains('sq-elder');
    showElder(on);
    try {
      window.localStorage.setItem(PREFS_KEY, JSON.stringify({ english: false, ...storedPrefs(), elder: on }));
    } catch {
      // storage blocked: the switch holds for this page only
    }
  }, options);
  // Not answering at an application: the app loads at once there, not after the first-screen search.
  return !inApplication;
}

// An application opened at its start route (`#/start/scenario/<lifecycle>/<code>`): its 一次告知 and the form's
// first step are prerendered (src/apply/prerendered.rs) and shown by apply-screens.js (www/apply-screens.src.js),
// loaded only here, never on the first screen. The files are asked for now, alongside that module (early.js has
// preloaded the same three URLs before this file ran: these requests take its answers, one download each).
let applicationScreens = null;
function prepareApplication(hash) {
  const match = /^#\/start\/scenario\/(enterprise|personal)\/(\d+(?:\.\d+)*)$/.exec(hash);
  if (!match || !staticScreensFit() || elderWanted()) return false;
  const stem = `./pkg/pages/start-${match[1]}-${match[2]}`;
  const page = (file) => fetch(file).then((r) => (r.ok ? r.text() : Promise.reject(r.status)));
  const files = { lifecycle: match[1], code: match[2], notice: page(`${stem}.html`), form: page(`${stem}-form.html`) };
  files.notice.catch(() => {});
  files.form.catch(() => {});
  showLoading();
  files.notice.then(() => { applicationArrived = true; }, () => {});
  applicationModule = import('./apply-screens.js').then((screens) => {
    if (!beforeMount.signal.aborted) applicationScreens = screens.prepare({ root, files, showLoading, element });
  }).catch(() => {}); // the loading state until the app runs
  return true;
}

// Once the wasm is compiled: whether to wait before the app mounts. A notice that has arrived is shown first (its
// module, asked for with it, may still be queued behind the wasm's compilation on a busy main thread), then
// apply-screens.js `settled` lets it be painted and answer a first tap. Nothing here waits for the network: a notice
// still on its way is not waited for, and a module that has not run a second after its notice came is given up.
let applicationModule = null;
let applicationArrived = false;
async function prerenderedApplicationFirst() {
  if (!applicationModule || !applicationArrived) return;
  await Promise.race([applicationModule, new Promise((resolve) => { setTimeout(resolve, 1000); })]);
  await applicationScreens?.settled();
}

// The app replaces a prerendered screen when it mounts, with the same markup: what the user typed into the home's
// search box, the focus (a keyboard user may have tabbed to a card already) and the scroll position go over to the
// app's screen. Focus goes to the control at the same place among the screen's controls.
const CONTROLS = 'a[href], button, input, select, textarea';
function carriedOver() {
  const screen = root.querySelector('.sq-app[data-build=static]');
  if (!screen) return () => {};
  const typed = screen.querySelector('#sq-q')?.value ?? '';
  const focusAt = [...screen.querySelectorAll(CONTROLS)].indexOf(document.activeElement);
  const scrolled = window.scrollY;
  // Yew renders the mounted app asynchronously: wait for its screen (a frame or two): the home's search box, or
  // another screen's heading.
  const ready = screen.querySelector('#sq-q') ? '#sq-q' : '.sq-main h1';
  const carryOver = (framesLeft) => {
    const app = root.querySelector('.sq-app:not([data-build=static])');
    if (!app?.querySelector(ready)) {
      if (framesLeft > 0) requestAnimationFrame(() => carryOver(framesLeft - 1));
      return;
    }
    const box = app.querySelector('#sq-q');
    if (typed && box) box.value = typed;
    if (focusAt >= 0) app.querySelectorAll(CONTROLS)[focusAt]?.focus();
    if (scrolled && window.scrollY !== scrolled) window.scrollTo(0, scrolled);
  };
  return () => carryOver(30);
}

// The first visit loads the lean build (pkg/): home, stages, scenarios, search, basket, settings. It switches to the
// full build (pkg/full/: guides and applications) when it needs it (src/upgrade.rs). A page opened straight at a
// guide or an application would only load the lean build to switch at once: load the full one instead. (A group
// item, which the lean build shows itself, also matches; that costs bytes, never correctness.)
// The lean build is also Chinese only, so English (asked for in the URL, or chosen earlier on this device, as
// src/config.rs and src/prefs.rs read them) loads the full build too.
function opensAtFullScreen() {
  const hash = window.location.hash;
  if (/^#\/(item|start|apply)\//.test(hash)) return true;
  if (prefersEnglish()) return true;
  const params = new URLSearchParams(window.location.search);
  return !/^#\/./.test(hash) && params.has('item') && !params.has('route');
}

function prefersEnglish() {
  const lang = new URLSearchParams(window.location.search).get('lang') ?? '';
  if (lang.startsWith('en')) return true;
  if (lang.startsWith('zh')) return false;
  // Storage blocked or unreadable: the lean build reads it again and switches if need be.
  return storedPrefs().english === true;
}

// An application opened from its link (`#/start/scenario/<lifecycle>/<code>`) needs the field dictionary and its
// stage's forms and guides (src/fetch.rs, pkg/data/) as soon as the full build runs. Ask for them now, alongside
// the wasm, instead of one after the other once it runs: the app's own fetches take the preloaded answers.
function preloadApplicationData() {
  const match = /^#\/start\/scenario\/(personal|enterprise)\/(\d+)\./.exec(window.location.hash);
  if (!match) return;
  const stem = `${match[1] === 'personal' ? 'P' : 'E'}${match[2]}`;
  for (const file of ['dictionary.json', `forms-${stem}.json`, `guides-${stem}.json`]) {
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    // fetch() asks in CORS mode: a preload matches it only with the same mode.
    link.crossOrigin = 'anonymous';
    link.href = new URL(`./pkg/data/${file}`, document.baseURI).href;
    document.head.append(link);
  }
}

async function boot() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    showFailure('当前浏览器无法打开本服务',
      '您的浏览器不支持 WebAssembly。请升级浏览器或爱山东 APP 后重试，也可拨打 12345 政务服务便民热线咨询。');
    return;
  }
  // An application's prerendered screens are asked for first: they show long before the data is needed.
  const answering = prepareHome();
  // The prerendered home, hidden by early.js at a link that opens another screen, has been replaced by now.
  showPage();
  preloadApplicationData();
  // A first visit (no service worker answers from the cache yet) at the home, a stage, a scenario or the search:
  // the first-screen search first, then the app, one after the other so that they do not share a slow connection.
  // A repeat visit gets the app from the cache at once and searches with it.
  const prepareSearch = answering && !navigator.serviceWorker?.controller ? await loadFirstSearch() : null;
  try {
    // Chosen now, not at the start: a guide tapped while the search was loading goes straight to the full build.
    const build = opensAtFullScreen() ? './pkg/full/' : './pkg/';
    // The wasm download starts now, alongside the JS glue and the snippet it imports, not after them: on a slow
    // network each of those is a round trip the wasm would otherwise wait for. (A failed download is reported
    // when the glue awaits it, below.)
    const wasm = fetch(`${build}weihai_sqsb_bg.wasm`);
    wasm.catch(() => {});
    const glue = import(`${build}weihai_sqsb.js`);
    glue.catch(() => {});
    // The search index is built while the app downloads.
    prepareSearch?.();
    const module = await glue;
    await module.default({ module_or_path: wasm });
    performance.mark('sqsb:app-compiled');
    // A prerendered application screen that has arrived is painted, and its first tap answered, before the app's
    // mounting work takes the main thread.
    await prerenderedApplicationFirst();
    beforeMount.abort();
    reportCrashes();
    if (applicationScreens?.showing()) {
      // The prerendered application stays in use until the app's same screen is there (apply-screens.js).
      const host = document.createElement('div');
      host.className = 'sq-app-host';
      host.hidden = true;
      root.append(host);
      module.mountPage(host);
      performance.mark('sqsb:app-mounted');
      applicationScreens.handOver(host, () => {
        performance.mark('sqsb:app-shown');
        document.documentElement.classList.add('sq-ready');
      });
    } else {
      applicationScreens?.leave();
      const carried = carriedOver();
      module.mountPage(root);
      performance.mark('sqsb:app-mounted');
      carried();
      document.documentElement.classList.add('sq-ready');
    }
  } catch (error) {
    console.error('weihai-sqsb: failed to start', error);
    // The prerendered home's stand-in handlers go too: a later hashchange must not cover the message.
    beforeMount.abort();
    showFailure('页面加载失败',
      '服务程序未能加载，可能是网络中断。请检查网络后刷新页面重试，也可拨打 12345 政务服务便民热线咨询。');
  } finally {
    clearTimeout(slowTimer);
  }
}

// A crash is never silent. A Rust panic in the app shows its own message (src/crash.rs) before the wasm traps;
// what reaches the page then, and any trap the panic hook cannot see (a stack overflow, say), shows this one
// instead of a page that has silently stopped answering. Ours only: a WebAssembly trap, or an error thrown by our
// scripts (this file, notices.js, the JS glue and snippets under pkg/, same origin). The portal page's and browser
// extensions' errors are not ours to report.
const OUR_PKG = new URL('./pkg/', import.meta.url).pathname;
const OUR_FILES = [new URL(import.meta.url).pathname, ...['./notices.js', './apply-screens.js'].map((f) => new URL(f, import.meta.url).pathname)];
function ourScript(filename) {
  if (!filename) return false;
  try {
    const url = new URL(filename, window.location.href);
    return url.origin === window.location.origin && (url.pathname.startsWith(OUR_PKG) || OUR_FILES.includes(url.pathname));
  } catch {
    return false;
  }
}
const isTrap = (error) => typeof WebAssembly === 'object' && error instanceof WebAssembly.RuntimeError;

let crashReported = false;
function showCrash() {
  // Once: a crashed module often throws again (each later call into it), and the Rust hook may have been first.
  if (crashReported) return;
  crashReported = true;
  if (root.querySelector('.sq-crash')) return;
  showFailure('页面出现问题',
    '很抱歉，页面出现问题，已停止运行。您填写的内容已自动保存在本机，重新加载后可以继续办理。', true);
  // Open forms save what was typed since their last autosave (as before an update), if the app still answers.
  window.dispatchEvent(new CustomEvent('sqsb:before-update'));
}

// From the mount on: before it, failures are boot()'s to report, and stand-in handlers failing stop nothing.
function reportCrashes() {
  window.addEventListener('error', (event) => {
    if (isTrap(event.error) || ourScript(event.filename)) showCrash();
  });
  window.addEventListener('unhandledrejection', (event) => {
    if (isTrap(event.reason)) showCrash();
  });
}

// The notices shown after the app has mounted (offline, app updates) and the service worker's registration live in
// notices.js (www/notices.src.js): the first screen does not wait for them. Opened offline, the page loads them at
// once, so that the offline indicator shows before the app.
const loadNotices = () => import('./notices.js').then((notices) => notices.start(root));
const noticesNow = navigator.onLine ? null : loadNotices();

// After the app has mounted and the page has loaded: the worker downloads the whole app for offline use, and that
// must not compete with the first load.
boot().finally(() => {
  const start = () => (noticesNow ?? loadNotices()).catch((error) => {
    // No offline notices or offline support this time; the app works as before.
    console.warn('weihai-sqsb: notices not loaded', error);
  });
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
});
