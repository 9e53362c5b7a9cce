// The application's first screens before the app (loaded by boot.js only at `#/start/scenario/<lifecycle>/<code>`,
// never on the first screen): its 一次告知 and the form's first step, prerendered at build time as the app starts them
// on a first visit (src/apply/prerendered.rs; the 办事日程 is left to the app, its dates depend on today). The notice
// shows as soon as it arrives, 开始填表 shows the first step, and what is typed or chosen there goes over to the app
// when it has mounted beside them (handOverApplication, below). Kept in a file (not inline): the strict CSP.

// `application` is null when the prerendered screens are not (or no longer) in use.
let application = null;
const untilHandover = new AbortController();
// What the app's date fields hold as today where the build wrote a stand-in (`prerender::TODAY_STAND_IN`).
const TODAY_STAND_IN = '1000-01-01';
// From boot.js: the app's element, the files' texts (promises), its loading state and element maker.
let root = null;
let showLoading = () => {};
let element = null;

// Whether the app would show something the build cannot know: a draft of this chain stored on this device (the app
// continues it, src/apply/store.rs `draft_for_chain`), or a stored profile (一人一档) that prefills the form. The key
// names are the app's own, written by the build on the prerendered notice (`prerender::STORAGE_KEY_ATTRIBUTES`), so
// that renaming one in Rust cannot leave this check reading the old name. A notice without them, or storage that
// cannot be read, counts as yes: the app decides then.
function storedForApplication(files, notice) {
  const { storedProfile, storedDrafts, storedDraftPrefix } = notice.dataset;
  if (!storedProfile || !storedDrafts || !storedDraftPrefix) return true;
  try {
    const storage = window.localStorage;
    if (storage.getItem(storedProfile) !== null) return true;
    const ids = JSON.parse(storage.getItem(storedDrafts) ?? '[]');
    return ids.some((id) => {
      const scenario = JSON.parse(storage.getItem(`${storedDraftPrefix}${id}`) ?? 'null')?.chain?.scenario;
      return scenario?.lifecycle === files.lifecycle && scenario?.code === files.code;
    });
  } catch {
    return true;
  }
}

// Once the prerendered notice is on screen: resolved after it has been painted and the page has had a frame and an
// idle moment to answer the citizen (see `settled`).
let noticePainted = null;

/**
 * Shows the notice (boot.js has shown the loading state and checked the language, 长辈版 and the URL) unless a
 * stored draft or profile means the app must decide. Returns what boot.js needs: `showing()` (a prerendered screen
 * is in use), `settled()` (when the app may start its mounting work, below), `handOver(host, done)` (the app has
 * mounted, hidden, in `host`) and `leave()` (the citizen went elsewhere, or the app mounts the ordinary way).
 */
export function prepare(context) {
  ({ root, showLoading, element } = context);
  const controller = {
    showing: () => application !== null && prerenderedScreen() !== null,
    settled,
    handOver: handOverApplication,
    leave: () => { leaveApplication(); return null; },
  };
  const { files } = context;
  application = { files, step: 'notice', changed: [], next: false, form: files.form };
  files.notice.then((html) => {
    if (application?.files !== files) return;
    const notice = parseScreen(html);
    // A stored draft or profile: the app decides (see storedForApplication). A notice that asks (situation
    // questions, sub-items to pick) changes with each answer, which only the app can follow. Either way the loading
    // state until the app runs, as before. (The mark tells tests the decision is made.)
    if (!notice || storedForApplication(files, notice) || notice.querySelector('.sq-question, .sq-choose')) {
      performance.mark('sqsb:prerendered-apply-declined');
      leaveApplication();
      return;
    }
    putScreen(notice);
    performance.mark('sqsb:prerendered-notice');
    noticePainted = afterPaintAndIdle();
  }).catch(() => {
    // Not prerendered (a scenario a catalog update added) or offline before the first visit completed.
    if (application?.files === files) leaveApplication();
  });
  const options = { signal: untilHandover.signal };
  root.addEventListener('click', (event) => onApplicationClick(event), options);
  root.addEventListener('change', (event) => onApplicationChange(event), options);
  window.addEventListener('popstate', (event) => onApplicationHistory(event), options);
  // Enter in a field must not send the page's form anywhere: the app's 下一步 comes after the hand-over.
  root.addEventListener('submit', (event) => {
    if (!application || !prerenderedScreen()?.contains(event.target)) return;
    event.preventDefault();
    application.next = true;
  }, options);
  return controller;
}

// When the app may start mounting (boot.js asks once the wasm is compiled). Mounting is about a second of work on the
// main thread on a slow phone, in long tasks the page cannot answer during: started in the same moment the
// prerendered notice arrives, it would hold back the notice's own first paint and the citizen's first tap on it
// (开始填表, which shows the first step at once). So the app waits until the notice has been painted and the page
// has been idle once after it — a frame or two. It never waits for the network: when the notice has not arrived
// yet (or is not used), the app mounts at once, as it did before the prerendered screens.
function settled() {
  return application !== null && noticePainted !== null ? noticePainted : Promise.resolve();
}

// Resolves after the next frame has been painted and then an idle period (or, in a browser without
// requestIdleCallback — WKWebView —, a task after a second frame).
function afterPaintAndIdle() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(() => resolve(), { timeout: 500 });
      else setTimeout(resolve, 0);
    }));
  });
}

function leaveApplication() {
  const shown = application !== null;
  application = null;
  untilHandover.abort();
  if (shown) showLoading();
}

// Puts a prerendered screen (HTML from our own build, checked against the CSP, from our own origin; or a kept node)
// in place of the one showing or of the loading state — never over the app, which may be mounting beside it.
function putScreen(html) {
  const screen = typeof html === 'string' ? parseScreen(html) : html;
  const current = prerenderedScreen() ?? root.querySelector(':scope > .sq-boot');
  if (current) current.replaceWith(screen);
  else root.prepend(screen);
  withToday(screen);
}

const startHash = () => `#/start/scenario/${application.files.lifecycle}/${application.files.code}`;

function parseScreen(html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content.firstElementChild;
}

const prerenderedScreen = () => root.querySelector(':scope > .sq-app[data-build=static]');

function withToday(element) {
  const now = new Date();
  const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-');
  for (const input of element.querySelectorAll('input[type=date]')) {
    if (input.min === TODAY_STAND_IN) input.min = today;
    if (input.max === TODAY_STAND_IN) input.max = today;
  }
}

// Moving between the notice and the first step, as the app does (to the top of the new screen, focus on <main>).
// 开始填表 adds a history entry, as the app's does (its notice and its steps are entries of their own): the
// browser's back button then returns to the notice instead of leaving the application. The entry keeps the address
// (no draft is named before the app makes one); only its state says which step it is. `fromHistory`: the citizen
// went back or forward to that entry, which is already there.
async function showApplicationStep(step, fromHistory = false) {
  const screen = prerenderedScreen();
  if (!application || !screen) return;
  let html = null;
  if (step === 'form') {
    // The citizen's intent, at once: an app taking over meanwhile follows its own 开始填表.
    application.step = 'form';
    try {
      html = await application.form;
    } catch {
      // The first step did not arrive: the app shows it when it runs.
    }
    if (!application) return;
    if (html === null) {
      // The app shows the step (following its own 开始填表 if it is mounting already); meanwhile the loading state,
      // unless the app is mounting beside the notice.
      application.step = 'form';
      if (!root.querySelector(':scope > .sq-app-host')) showLoading();
      return;
    }
    application.notice ??= screen;
    putScreen(html);
    // Only while the address is still the start route: once the app has put its notice's address there, the app
    // owns the history (an entry pushed now would be one the hand-over could not rewind).
    if (!fromHistory && window.location.hash === startHash()) {
      window.history.pushState({ sqsbPrerendered: 'form' }, '');
      application.pushedForm = true;
    }
    // Nothing is saved before the app runs: the step's 已自动保存 would not be true yet. The app says it again after
    // the hand-over, when what was typed here has gone into the draft.
    const saved = prerenderedScreen()?.querySelector('.sq-form-actions + p[aria-live]');
    if (saved) saved.textContent = '';
  } else {
    putScreen(application.notice);
  }
  application.step = step;
  window.scrollTo(0, 0);
  document.getElementById('sq-main')?.focus();
}

function onApplicationClick(event) {
  // Only the prerendered screen's: the app mounting beside it (handOverApplication) answers its own.
  if (!application || !prerenderedScreen()?.contains(event.target)) return;
  const target = event.target;
  if (target.closest?.('.sq-skip')) {
    event.preventDefault();
    document.getElementById('sq-main')?.focus();
  } else if (target.closest?.('.sq-notice .sq-actions a.sq-button')) {
    // 开始填表: its link names no draft yet (the app makes it). After a choice that changed the chain, the
    // prerendered first step is not this chain's: the citizen taps it again on the app's notice.
    event.preventDefault();
    if (application.step !== 'diverged') showApplicationStep('form');
    else target.closest('.sq-actions').querySelector('.sq-boot-note')
      ?? target.closest('.sq-actions').append(element('p', 'sq-muted sq-boot-note', '正在准备，请稍候…'));
  } else if (target.closest?.('.sq-notice .sq-actions button')) {
    window.print(); // 打印告知单
  } else if (target.closest?.('.sq-form-actions a')) {
    // 上一步: back to the notice. The app's 上一步 is a link to its notice (a new entry); here the form's entry
    // is left the way the back button leaves it, so that back from the notice leaves the application as it would.
    event.preventDefault();
    if (application.pushedForm && window.history.state?.sqsbPrerendered === 'form') window.history.back();
    else showApplicationStep('notice');
  } else if (target.closest?.('.sq-form-actions button')) {
    // 下一步 checks the answers: the app does it as soon as it runs, where the citizen is.
    application.next = true;
    const saved = root.querySelector('.sq-form-actions + p[aria-live]');
    if (saved) saved.textContent = '正在准备，请稍候…';
  }
}

// The browser's back (or forward) button between the prerendered notice and first step (see showApplicationStep).
// While the hand-over rewinds the history (handOverApplication), or when the address is no longer the start route
// (the app, mounting hidden, replaced it with its notice's: that fires popstate too), the app is moving, not the
// citizen.
function onApplicationHistory(event) {
  if (!application || application.rewinding || !prerenderedScreen() || window.location.hash !== startHash()) return;
  const step = event.state?.sqsbPrerendered === 'form' ? 'form' : 'notice';
  if (step === application.step || application.step === 'diverged') return;
  showApplicationStep(step, true);
}

// On the notice, a tick of the materials checklist is kept and given to the app; any other choice there (a
// situation, a sub-item, 帮办代办) changes the chain, which the prerendered screens cannot follow: the app takes
// over as soon as it runs, with the choice made again there.
function onApplicationChange(event) {
  const notice = application && prerenderedScreen()?.querySelector('.sq-notice');
  if (!notice || !notice.contains(event.target) || !event.target.matches('input[type=checkbox], input[type=radio]')) return;
  const index = [...notice.querySelectorAll('input')].indexOf(event.target);
  application.changed.push({ ...describeControl(event.target), index });
  if (!event.target.closest('.sq-checklist')) application.step = 'diverged';
}

// What the citizen typed or chose on the prerendered first step, to give to the app's same fields.
function typedOnStep(screen) {
  const controls = [...screen.querySelectorAll('.sq-step input, .sq-step select, .sq-step textarea')];
  return controls.map(describeControl);
}

// A control as the app's same control is found again: by id, else (a choice's options have none) by its place
// among the options of the same name.
function describeControl(el) {
  const group = el.name ? [...el.form?.elements ?? root.querySelectorAll('input')].filter((o) => o.name === el.name) : [];
  return { id: el.id, name: el.name, option: group.indexOf(el), type: el.type, value: el.value, checked: el.checked,
    focused: el === document.activeElement };
}

function sameControl(app, typed) {
  if (typed.id) return app.querySelector(`[id="${CSS.escape(typed.id)}"]`);
  if (!typed.name || typed.option < 0) return null;
  return app.querySelectorAll(`input[name="${CSS.escape(typed.name)}"]`)[typed.option] ?? null;
}

// The app mounts hidden next to the prerendered screens and runs its own way to the same step (it makes the draft,
// loads the chain's data, and, when the citizen is on the first step, follows its own 开始填表); the moment its
// screen is there, it replaces the prerendered one, with what was typed given to its fields as input events (so
// that it goes into the draft as any typing does), the focus and the scroll kept. No timer: each change of the
// app's DOM is looked at. If the app shows anything else (an error, another screen the citizen went to), that
// shows at once.
function handOverApplication(host, done) {
  let followed = false;
  const observer = new MutationObserver(() => check());
  const watching = new AbortController();
  const finish = (step) => {
    observer.disconnect();
    watching.abort();
    const screen = prerenderedScreen();
    const typed = screen && step === 'form' ? typedOnStep(screen) : [];
    const scrolled = window.scrollY;
    const hadFocus = screen?.contains(document.activeElement);
    const { changed, next } = application ?? { changed: [], next: false };
    application = null;
    untilHandover.abort();
    screen?.remove();
    root.querySelector(':scope > .sq-boot')?.remove();
    host.hidden = false;
    const app = host.querySelector('.sq-app');
    for (const t of typed) {
      const el = app && sameControl(app, t);
      if (!el) continue;
      if (t.type === 'radio' || t.type === 'checkbox') {
        if (el.checked !== t.checked) el.click();
      } else if (el.value !== t.value) {
        el.value = t.value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        if (el.tagName === 'SELECT') el.dispatchEvent(new Event('change', { bubbles: true }));
      }
      if (t.focused) el.focus();
    }
    // Focus on the prerendered screen outside a field (its <main>, a link) goes to the app's <main>, as a screen
    // change in the app does.
    if (hadFocus && !host.contains(document.activeElement)) app?.querySelector('#sq-main')?.focus({ preventScroll: true });
    if (scrolled && window.scrollY !== scrolled) window.scrollTo(0, scrolled);
    if (step === 'notice') replayNoticeChanges(host, changed);
    if (step === 'form' && next) requestAnimationFrame(() => host.querySelector('.sq-form-actions button.sq-button:not(.sq-button-secondary)')?.click());
    done();
  };
  const check = () => {
    const app = host.querySelector('.sq-app');
    if (!app) return;
    const hash = window.location.hash;
    if (!application) return finish(null);
    if (app.querySelector('[role=alert]')) return finish(null);
    // The way back (below) is under way: what the app shows at the address it is leaving does not count (its old
    // notice's 开始填表 clicked now would race the traversal and leave the app at its notice).
    if (application.rewinding && hash === application.rewinding) return;
    if (hash === startHash()) return; // making the draft
    const at = /^#\/apply\/[^/]+\/(notice|form\/\d+)$/.exec(hash)?.[1];
    if (!at) return finish(null);
    if (at === 'notice') {
      // The notice is complete when its closing actions are there (the chain's data arrived). Its 开始填表 is
      // followed when the citizen tapped it on the prerendered notice; a notice without one (it asks a choice
      // first, or asks situation questions one at a time) is handed over as it is, so the app is never left hidden
      // waiting for a link it does not show.
      const actions = app.querySelector('.sq-notice > .sq-actions');
      if (!actions && !app.querySelector('.sq-notice .sq-question, .sq-notice .sq-choose')) return;
      const start = actions?.querySelector('a.sq-button');
      if (application.step === 'form' && application.pushedForm && !application.rewinding && start) {
        // The citizen is on the prerendered step's own history entry, which the app has just replaced with its
        // notice: back to the prerendered notice's entry first, which the app (at the start route again) replaces
        // with the same notice; its 开始填表 then adds the step after it. Back from the app's step is then its
        // notice, and back again leaves, as when the app ran from the start.
        application.rewinding = hash;
        window.history.back();
        return;
      }
      if (application.step === 'form' && !followed && start) {
        followed = true;
        start.click();
        return;
      }
      return finish('notice');
    }
    // A form step: the same fields as the prerendered one, or whatever the app shows there.
    const first = prerenderedScreen()?.querySelector('.sq-step [id^=sq-f-]');
    if (!app.querySelector('.sq-form-actions')) return;
    if (first && !app.querySelector(`[id="${CSS.escape(first.id)}"]`)) return finish(null);
    finish('form');
  };
  observer.observe(host, { childList: true, subtree: true });
  window.addEventListener('hashchange', check, { signal: watching.signal });
  check();
}

// The ticks (and, when the chain diverged, the choices) made on the prerendered notice, made again on the app's,
// one per frame (each may re-render the notice).
function replayNoticeChanges(host, changed) {
  if (!changed.length) return;
  const [first, ...rest] = changed;
  const notice = host.querySelector('.sq-notice');
  // By id or name (the checklist's ticks, the situations' answers), else by place (what comes before the 办事日程,
  // which only the app's notice has).
  const input = notice && (sameControl(notice, first) ?? notice.querySelectorAll('input')[first.index]);
  if (input && input.checked !== first.checked) input.click();
  requestAnimationFrame(() => replayNoticeChanges(host, rest));
}
