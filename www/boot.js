// Boot code for the app-zone page. Kept in a file (not inline) so the strict CSP can forbid inline scripts.
// It shows a readable message instead of a blank page when WebAssembly is missing or the module fails to load.

const root = document.getElementById('app');

function showFailure(title, detail) {
  const box = document.createElement('div');
  box.className = 'sq-boot-error';
  box.setAttribute('role', 'alert');
  const h = document.createElement('h1');
  h.textContent = title;
  const p = document.createElement('p');
  p.textContent = detail;
  box.append(h, p);
  root.replaceChildren(box);
}

// On a slow network, say so rather than leave the spinner alone.
const slowTimer = setTimeout(() => {
  const text = root.querySelector('.sq-boot-text');
  if (text) text.textContent = '网络较慢，仍在加载，请稍候…';
}, 8000);

async function boot() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    showFailure('当前浏览器无法打开本服务',
      '您的浏览器不支持 WebAssembly。请升级浏览器或爱山东 APP 后重试，也可拨打 12345 政务服务便民热线咨询。');
    return;
  }
  try {
    const module = await import('./pkg/weihai_sqsb.js');
    await module.default();
    module.mount(root);
    document.documentElement.classList.add('sq-ready');
  } catch (error) {
    console.error('weihai-sqsb: failed to start', error);
    showFailure('页面加载失败',
      '服务程序未能加载，可能是网络中断。请检查网络后刷新页面重试，也可拨打 12345 政务服务便民热线咨询。');
  } finally {
    clearTimeout(slowTimer);
  }
}

boot();
