// The 一窗受理 counter's page (counter.html): loads the full build and mounts the reader (src/counter.rs), makes the
// page work offline (the service worker, as the app's page does), and runs the camera where the browser can read
// QR codes (BarcodeDetector). A hand-written module, served as it is: the counter's computer is not on the
// citizen's first-visit budget.
//
// The camera and the reader talk through DOM events: the reader dispatches `sqsb:camera-start` from the element
// the video goes into and `sqsb:camera-stop` when it no longer wants it; each new text the camera reads goes back
// as `sqsb:scan` (detail: the text), and a camera that cannot open as `sqsb:camera-failed`, both bubbling from
// that element to the reader's root.
import init, { mountCounter } from './pkg/full/weihai_sqsb.js';

const root = document.getElementById('counter');

function showFailure(text) {
  const box = document.createElement('p');
  box.className = 'sq-boot-error';
  box.setAttribute('role', 'alert');
  box.textContent = text;
  root.replaceChildren(box);
}

// Kept for as long as the page is open (the reader is never unmounted).
let handle = null;
if (typeof WebAssembly !== 'object') {
  showFailure('当前浏览器版本过低，无法使用本页面。请使用最新版的浏览器打开。');
} else {
  try {
    await init();
    handle = mountCounter(root);
    document.documentElement.classList.add('sq-ready');
  } catch (error) {
    console.error('sqsb-counter: the reader could not start', error);
    showFailure('页面加载失败，请刷新页面重试。');
  }
}

// Offline: the worker keeps every file of the site, this page included, after one visit with the network on.
function registerWorker() {
  if (!handle || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  navigator.serviceWorker.register('./sw.js', { updateViaCache: 'none' })
    .catch((error) => console.warn('sqsb-counter: no offline use', error));
}
if (document.readyState === 'complete') registerWorker();
else window.addEventListener('load', registerWorker);

// ---------------------------------------------------------------------------------------------------------------
// The camera. One session at a time; each text is handed over once per session (the camera sees a code many
// times a second, and reading it again changes nothing).

const SCAN_EVERY_MS = 300;
let session = null;

root.addEventListener('sqsb:camera-start', (event) => {
  stopCamera();
  startCamera(event.target);
});
root.addEventListener('sqsb:camera-stop', () => stopCamera());

async function startCamera(slot) {
  const current = { stopped: false, stream: null, timer: 0, seen: new Set() };
  session = current;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats?.() ?? ['qr_code'];
    if (!formats.includes('qr_code')) throw new Error('this browser reads no QR codes');
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    current.stream = stream;
    if (current.stopped) return stopTracks(stream);
    const video = document.createElement('video');
    video.className = 'sq-camera-video';
    video.muted = true;
    video.playsInline = true;
    // The text above the video says what it is for; the picture itself tells a screen reader nothing.
    video.setAttribute('aria-hidden', 'true');
    video.srcObject = stream;
    slot.replaceChildren(video);
    await video.play();
    const look = async () => {
      if (current.stopped || !slot.isConnected) return stopCamera(current);
      try {
        // Before the first frame there is nothing to read.
        if (video.readyState >= 2) {
          for (const code of await detector.detect(video)) {
            const text = code.rawValue;
            if (!text || current.seen.has(text) || current.stopped) continue;
            current.seen.add(text);
            slot.dispatchEvent(new CustomEvent('sqsb:scan', { detail: text, bubbles: true }));
          }
        }
      } catch (error) {
        console.warn('sqsb-counter: a frame could not be read', error);
      }
      if (!current.stopped) current.timer = setTimeout(look, SCAN_EVERY_MS);
    };
    look();
  } catch (error) {
    console.warn('sqsb-counter: the camera could not be opened', error);
    const wanted = !current.stopped;
    stopCamera(current);
    if (wanted && slot.isConnected) slot.dispatchEvent(new CustomEvent('sqsb:camera-failed', { bubbles: true }));
  }
}

function stopCamera(which = session) {
  if (!which) return;
  which.stopped = true;
  clearTimeout(which.timer);
  if (which.stream) stopTracks(which.stream);
  if (session === which) session = null;
}

function stopTracks(stream) {
  for (const track of stream.getTracks()) track.stop();
}
