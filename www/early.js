// Runs before the page is laid out (a classic script at the end of <head>: www/index.template.html). At a link that
// opens a screen other than the home the page brings prerendered — an application, a draft, a guide — boot.js
// replaces that home at once with the right screen or the loading state: hiding it until then spares a slow phone
// laying out and painting a screen nobody will see (about 0.2 s at 4× slowed CPU; README, "The application flow").
// boot.js shows #app again as soon as it has replaced the home; should it never run, the page shows again after 10 s.
if (/^#\/(start|apply|item)\//.test(window.location.hash)) {
  const page = document.documentElement;
  page.classList.add('sq-away');
  setTimeout(() => page.classList.remove('sq-away'), 10000);
}
