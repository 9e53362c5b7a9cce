// The app-zone page's notices, loaded by boot.js after the app has mounted (at once when the page opens offline):
// registering the service worker (sw.js), offering app updates, showing when we are offline. Notices go in their
// own box above #app, in the page flow: the app never replaces them, and they push the page down instead of
// covering it. Minified to www/notices.js by the build, like boot.js.

let root = null;
let notices = null;
function noticeArea() {
  if (!notices) {
    notices = document.createElement('div');
    notices.className = 'sq-notices';
    root.before(notices);
  }
  return notices;
}

function element(tag, className, text = '') {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = text;
  return el;
}

// Screen readers announce a live region's changes only once it is in the document: add it empty, fill it after.
function liveRegion(className) {
  const el = element('p', className);
  el.setAttribute('role', 'status');
  return el;
}
function fillSoon(el, text) {
  setTimeout(() => { el.textContent = text; }, 50);
}

// -- Offline indicator: made the first time we are offline, then kept (empty, so invisible, while online) so that
// going offline again is announced too.
const OFFLINE_TEXT = '当前处于离线状态，已保存的内容和办事指南仍可使用';
let offlineStatus = null;

function showConnection() {
  if (navigator.onLine) {
    if (offlineStatus) offlineStatus.textContent = '';
  } else if (offlineStatus) {
    offlineStatus.textContent = OFFLINE_TEXT;
  } else {
    offlineStatus = liveRegion('sq-offline');
    noticeArea().prepend(offlineStatus);
    fillSoon(offlineStatus, OFFLINE_TEXT);
  }
}

// -- App updates: a new version installs in the background and waits. Only the user's click applies it, because
// applying it reloads the page and the user may be halfway through a form.
const RELOAD_TEXT = '更新时页面会重新加载，您已填写的内容会自动保存。';
const NEW_VERSION_TEXT = `有新版本可用。${RELOAD_TEXT}`;
let updateBanner = null;
let reloading = false;

function reloadIntoNewVersion() {
  if (reloading) return;
  reloading = true;
  // The app listens for this and saves what the user has typed before the page goes away.
  window.dispatchEvent(new CustomEvent('sqsb:before-update'));
  window.location.reload();
}

function offerUpdate(registration, message) {
  if (updateBanner || reloading) return;
  updateBanner = element('div', 'sq-update');
  updateBanner.setAttribute('role', 'region');
  updateBanner.setAttribute('aria-label', '版本更新');
  const text = liveRegion('sq-update-text');
  const actions = element('div', 'sq-update-actions');
  const update = element('button', 'sq-button', '更新');
  const later = element('button', 'sq-button sq-button-secondary', '稍后');
  update.type = later.type = 'button';
  actions.append(update, later);
  updateBanner.append(text, actions);
  noticeArea().append(updateBanner);
  fillSoon(text, message);

  update.addEventListener('click', () => {
    update.disabled = later.disabled = true;
    text.textContent = '正在更新，请稍候…';
    const waiting = registration.waiting;
    // None waiting: another tab already applied the update, and this page only needs to reload.
    if (!waiting) return reloadIntoNewVersion();
    // Reload once the new worker controls the page, so that the new version serves the reload.
    navigator.serviceWorker.addEventListener('controllerchange', reloadIntoNewVersion, { once: true });
    waiting.postMessage({ type: 'SKIP_WAITING' });
    // Should the switch never come (the waiting worker was replaced meanwhile), reload anyway: the user asked to.
    setTimeout(reloadIntoNewVersion, 5000);
  });
  // Not now: the new version takes over once every tab of the app is closed.
  later.addEventListener('click', () => {
    updateBanner.remove();
    updateBanner = null;
  });
}

async function registerWorker() {
  // Service workers need http(s); file:// pages and webviews without them simply go without offline support.
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(window.location.protocol)) return;
  try {
    const container = navigator.serviceWorker;
    // A page without a controller is a first visit: the worker taking control then is not an update.
    let hadController = Boolean(container.controller);
    // updateViaCache 'none': update checks always ask the server for sw.js and pkg/precache.js.
    const registration = await container.register('./sw.js', { updateViaCache: 'none' });
    if (registration.waiting && hadController) offerUpdate(registration, NEW_VERSION_TEXT);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        // Installed while another worker controls the page: a new version is waiting.
        if (worker.state === 'installed' && container.controller) offerUpdate(registration, NEW_VERSION_TEXT);
      });
    });
    container.addEventListener('controllerchange', () => {
      if (!hadController) {
        hadController = true;
        return;
      }
      // Another tab applied an update while this page still runs the old code: offer the reload here too.
      if (!reloading) offerUpdate(registration, `新版本已在其他窗口启用。${RELOAD_TEXT}`);
    });
    // The browser looks for a new sw.js when the page opens; this single page may stay open for hours, so look
    // again every hour and when the network comes back.
    const check = () => registration.update().catch(() => { /* offline or server down: next time */ });
    setInterval(check, 60 * 60 * 1000);
    window.addEventListener('online', check);
  } catch (error) {
    // No offline support this time; the app works as before.
    console.warn('weihai-sqsb: service worker not registered', error);
  }
}

/** Shows the offline indicator whenever the phone is offline, and registers the service worker (updates). */
export function start(appRoot) {
  if (root) return;
  root = appRoot;
  window.addEventListener('online', showConnection);
  window.addEventListener('offline', showConnection);
  showConnection();
  registerWorker();
}
