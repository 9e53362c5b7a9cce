// The portal demo's own script (a file, not inline: the page runs under the same strict CSP as the app).
// It shows what a portal does: import the module, mount it into an element with options, receive submissions
// in a callback, and unmount. See README "Embedding".
import init, { mount } from './pkg/weihai_sqsb.js';

const submissions = document.getElementById('portal-submissions');
const log = document.getElementById('portal-log');

function logLine(text) {
  const li = document.createElement('li');
  li.textContent = text;
  log.append(li);
}

// What the portal would send to its own back end; the demo shows it. Returning normally tells the module the
// portal has it (receipt: 已送达). A real portal returns its request's promise instead, e.g.
//   return fetch('/api/applications', { method: 'POST', body: JSON.stringify(submission) })
//     .then((r) => (r.ok ? undefined : { accepted: false, message: '系统繁忙，请稍后重新发送' }));
// and drops a `reference` it already has (delivery is at least once).
function received(submission) {
  document.getElementById('portal-submissions-empty').hidden = true;
  const li = document.createElement('li');
  li.className = 'portal-submission';
  li.dataset.reference = submission.reference;
  const title = document.createElement('p');
  const items = submission.applications.map((a) => `${a.item_name}（${a.item_id}）`).join('、');
  title.textContent = `${submission.reference}：${submission.applications.length} 个事项的申请 —— ${items}`;
  const pre = document.createElement('pre');
  pre.textContent = JSON.stringify(submission, null, 2);
  li.append(title, pre);
  submissions.append(li);
}

const params = new URLSearchParams(window.location.search);

await init();
let sidebar = mount(document.getElementById('portal-sidebar-app'), {
  scenario: params.get('scenario') ?? 'personal/1.1',
  elder: params.get('elder') === '1',
  lang: params.get('lang') === 'en' ? 'en' : 'zh',
  name: 'sidebar',
  onSubmit: received,
  onRate: (rating) => logLine(`评价：${rating.level} 星 ${rating.comment}`),
  onNavigate: (route) => logLine(`边栏：${route}`),
});
document.documentElement.classList.add('portal-ready');

document.getElementById('portal-second').addEventListener('click', (event) => {
  event.target.disabled = true;
  const slot = document.getElementById('portal-second-slot');
  mount(slot, {
    scenario: 'enterprise/1.1',
    name: 'main',
    onSubmit: received,
    onNavigate: (route) => logLine(`正文：${route}`),
  });
});

document.getElementById('portal-unmount').addEventListener('click', (event) => {
  event.target.disabled = true;
  sidebar?.unmount();
  sidebar = null;
  logLine('边栏实例已卸载');
});
