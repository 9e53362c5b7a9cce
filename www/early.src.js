// Runs before the page is laid out (a classic script at the end of <head>: www/index.template.html), about 0.1 s
// before boot.js on a slow phone (a module script runs only once the page has been parsed).
//
// At a link that opens a screen other than the home the page brings prerendered — an application, a draft, a guide —
// boot.js replaces that home at once with the right screen or the loading state: hiding it until then spares a slow
// phone laying out and painting a screen nobody will see (about 0.2 s at 4× slowed CPU; README, "The application
// flow"). boot.js shows #app again as soon as it has replaced the home; should it never run, the page shows again
// after 10 s.
//
// At an application's start link (`#/start/scenario/<lifecycle>/<code>`), its prerendered 一次告知 and first step and
// the module that shows them (www/apply-screens.src.js) are asked for now: boot.js asks for the same URLs
// (`prepareApplication`) and takes these answers. Not where the URL asks for 长辈版, English or a route, which
// boot.js does not answer with them.
(() => {
  const hash = window.location.hash;
  if (!/^#\/(start|apply|item)\//.test(hash)) return;
  const page = document.documentElement;
  page.classList.add('sq-away');
  setTimeout(() => page.classList.remove('sq-away'), 10000);
  const start = /^#\/start\/scenario\/(enterprise|personal)\/(\d+(?:\.\d+)*)$/.exec(hash);
  if (!start || /[?&](lang|elder|route|item|scenario|stage|lifecycle)=/.test(window.location.search)) return;
  const ask = (rel, href) => {
    const link = document.createElement('link');
    link.rel = rel;
    link.href = href;
    if (rel === 'preload') {
      link.as = 'fetch';
      link.crossOrigin = 'anonymous'; // as fetch() asks: a preload is only taken by a request of the same mode
    }
    document.head.append(link);
  };
  const stem = `./pkg/pages/start-${start[1]}-${start[2]}`;
  ask('preload', `${stem}.html`);
  ask('preload', `${stem}-form.html`);
  ask('modulepreload', './apply-screens.js');
})();
