/* Microblog: follow the operating system's light/dark preference.
   Loaded synchronously in <head> so the page never flashes the wrong theme.
   Bootstrap 5.3 reads the data-bs-theme attribute on <html>. */
(function () {
  'use strict';

  var root = document.documentElement;
  var query = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function apply() {
    root.setAttribute('data-bs-theme', query && query.matches ? 'dark' : 'light');
  }

  apply();

  if (query) {
    if (typeof query.addEventListener === 'function') {
      query.addEventListener('change', apply);
    } else if (typeof query.addListener === 'function') {
      query.addListener(apply); // Safari < 14
    }
  }
})();
