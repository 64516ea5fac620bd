/* Microblog page behaviour (no inline scripts: the CSP only allows files from 'self').
   - <time class="js-time" data-format="relative|full" datetime="...Z">: local dates, in the
     language of the page (<html lang>), so they follow the interface language.
   - <textarea maxlength data-maxlength-counter="ID">: live "characters left" counter, worded by
     the counter's data-left-one/-other and data-over-one/-other ("{n}" is the number).
   - <select class="js-autosubmit">: sends its form on change (the language selector).
   - Navbar: mark the link of the current page; forms: flag and focus invalid fields.
   - <button class="js-translate" data-post-id data-dest-language data-label-*>: swaps the post's
     text for its translation (POST /translate) and back; the words come from the page.
   - window.Microblog.renderTimes(root): the dates of a part put in later (popups.js). */
(function () {
  'use strict';

  var MINUTE = 60 * 1000;

  var pageLang = document.documentElement.lang;

  // The page's language first: dates read like the text around them. The browser's own
  // languages follow, for a page without one.
  function browserLocales() {
    if (pageLang) {
      return [pageLang];
    }
    var langs = navigator.languages;
    if (langs && langs.length) {
      return Array.prototype.slice.call(langs);
    }
    return navigator.language ? [navigator.language] : undefined;
  }

  // Intl throws RangeError on a malformed locale tag; fall back to the default locale.
  function makeFormatter(Ctor, options) {
    if (typeof Ctor !== 'function') {
      return null;
    }
    try {
      return new Ctor(browserLocales(), options);
    } catch (e) {
      try {
        return new Ctor(undefined, options);
      } catch (e2) {
        return null;
      }
    }
  }

  var fullFormat = makeFormatter(window.Intl && Intl.DateTimeFormat, { dateStyle: 'long', timeStyle: 'short' });
  var relativeFormat = makeFormatter(window.Intl && Intl.RelativeTimeFormat, { numeric: 'auto' });

  function formatFull(date) {
    if (fullFormat) {
      return fullFormat.format(date);
    }
    return date.toLocaleString();
  }

  // Pick a unit the way people speak: "now", "5 minutes ago", "3 hours ago", "yesterday", ...
  function formatRelative(date, now) {
    var seconds = (date.getTime() - now) / 1000; // negative: in the past
    var abs = Math.abs(seconds);
    var value;
    var unit;
    if (abs < 45) {
      value = 0;
      unit = 'second';
    } else if (abs < 45 * 60) {
      value = seconds / 60;
      unit = 'minute';
    } else if (abs < 22 * 3600) {
      value = seconds / 3600;
      unit = 'hour';
    } else if (abs < 26 * 86400) {
      value = seconds / 86400;
      unit = 'day';
    } else if (abs < 320 * 86400) {
      value = seconds / (30.436875 * 86400);
      unit = 'month';
    } else {
      value = seconds / (365.2425 * 86400);
      unit = 'year';
    }
    value = Math.round(value);
    if (unit !== 'second' && value === 0) {
      value = seconds < 0 ? -1 : 1;
    }
    return relativeFormat.format(value, unit);
  }

  // `root`: a part of the page put in later (a user's card); the whole page when absent.
  function renderTimes(root) {
    var now = Date.now();
    var nodes = (root || document).querySelectorAll('time.js-time[datetime]');
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var date = new Date(el.getAttribute('datetime'));
      if (isNaN(date.getTime())) {
        continue; // leave the server's UTC text alone
      }
      var full = formatFull(date);
      el.title = full;
      var format = el.getAttribute('data-format');
      if (format === 'relative' && relativeFormat) {
        el.textContent = formatRelative(date, now);
      } else if (format === 'full') {
        el.textContent = full;
      }
    }
  }

  // For popups.js, whose cards bring their own dates.
  window.Microblog = window.Microblog || {};
  window.Microblog.renderTimes = renderTimes;

  function initTimes() {
    renderTimes();
    if (document.querySelector('time.js-time[data-format="relative"]')) {
      window.setInterval(function () { renderTimes(); }, MINUTE);
      document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'visible') {
          renderTimes();
        }
      });
    }
  }

  // Character counters. The count uses the same units as the browser's maxlength
  // (UTF-16 code units), so the counter and the hard limit always agree.
  function initCounters() {
    var fields = document.querySelectorAll('[data-maxlength-counter]');
    for (var i = 0; i < fields.length; i++) {
      attachCounter(fields[i]);
    }
  }

  function attachCounter(field) {
    var counter = document.getElementById(field.getAttribute('data-maxlength-counter'));
    var max = field.maxLength;
    if (!counter || !(max > 0)) {
      return;
    }
    // A separate, visually hidden live region speaks only at a few thresholds,
    // so screen reader users are not interrupted on every keystroke.
    var announcer = document.createElement('span');
    announcer.className = 'visually-hidden';
    announcer.setAttribute('aria-live', 'polite');
    counter.parentNode.insertBefore(announcer, counter.nextSibling);
    var lastBand = null;

    var plurals = makeFormatter(window.Intl && Intl.PluralRules, {});

    function wording(kind, n) {
      var form = plurals ? plurals.select(n) : n === 1 ? 'one' : 'other';
      var text = counter.getAttribute('data-' + kind + '-' + form) ||
        counter.getAttribute('data-' + kind + '-other');
      if (!text) {
        text = kind === 'over' ? '{n} characters too many' : '{n} characters left';
      }
      return text.replace('{n}', String(n));
    }

    // A value longer than maxlength can only come back from the server (the browser
    // stops typing at the limit), e.g. after a rejected submission: say how far over it is.
    function describe(left) {
      return left < 0 ? wording('over', -left) : wording('left', left);
    }

    function update() {
      var left = max - field.value.length;
      counter.textContent = describe(left);
      counter.classList.toggle('is-near-limit', left <= 20 && left > 0);
      counter.classList.toggle('is-at-limit', left <= 0);
      var band = left <= 0 ? 0 : left <= 10 ? 10 : left <= 20 ? 20 : null;
      if (band !== lastBand) {
        announcer.textContent = band === null ? '' : describe(left);
        lastBand = band;
      }
    }

    field.addEventListener('input', update);
    update();
    lastBand = null; // do not announce the initial state
    announcer.textContent = '';
  }

  // Mark the navbar link for the page being shown.
  function initNav() {
    var path = window.location.pathname === '/' ? '/index' : window.location.pathname;
    var links = document.querySelectorAll('.navbar a.nav-link[href]');
    for (var i = 0; i < links.length; i++) {
      if (links[i].pathname === path) {
        links[i].classList.add('active');
        links[i].setAttribute('aria-current', 'page');
      }
    }
  }

  // Server-side validation marks fields with .is-invalid: expose that to assistive
  // technology and put the cursor in the first field that needs attention.
  function initInvalidFields() {
    var invalid = document.querySelectorAll('.form-control.is-invalid, .form-check-input.is-invalid, .form-select.is-invalid');
    for (var i = 0; i < invalid.length; i++) {
      invalid[i].setAttribute('aria-invalid', 'true');
    }
    if (invalid.length) {
      invalid[0].focus();
    }
  }

  // Selects that choose at once (the language selector): its button stays for pages without
  // scripts, and is hidden here.
  function initAutosubmit() {
    var selects = document.querySelectorAll('select.js-autosubmit');
    for (var i = 0; i < selects.length; i++) {
      var select = selects[i];
      select.addEventListener('change', function (event) {
        event.target.form.submit();
      });
      var button = select.form && select.form.querySelector('button[type="submit"]');
      if (button) {
        button.classList.add('d-none');
      }
    }
  }

  // Translate buttons. The first click asks the server (a spinner meanwhile), later clicks
  // swap between the translation and the original without another request.
  var TRANSLATE_TIMEOUT_MS = 30 * 1000;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function initTranslate() {
    var buttons = document.querySelectorAll('button.js-translate[data-post-id]');
    for (var i = 0; i < buttons.length; i++) {
      attachTranslate(buttons[i]);
    }
  }

  function attachTranslate(button) {
    var post = button.closest('.post');
    var body = post && post.querySelector('.post-body');
    var error = post && post.querySelector('.js-translate-error');
    if (!body || !window.fetch) {
      return; // without fetch the button would do nothing: leave it hidden
    }
    var original = body.textContent;
    var originalLang = body.getAttribute('lang');
    var translated = null;
    var showing = 'original';
    var busy = false;

    function label(name) {
      return button.getAttribute('data-label-' + name) || '';
    }

    function showOriginal() {
      body.textContent = original;
      body.setAttribute('lang', originalLang);
      button.textContent = label('translate');
      showing = 'original';
    }

    function showTranslation() {
      body.textContent = translated;
      body.setAttribute('lang', button.getAttribute('data-dest-language'));
      button.textContent = label('original');
      showing = 'translation';
    }

    function showSpinner() {
      body.textContent = '';
      var spinner = document.createElement('span');
      spinner.className = 'spinner-border spinner-border-sm js-translate-spinner';
      spinner.setAttribute('role', 'status');
      var text = document.createElement('span');
      text.className = 'visually-hidden';
      text.textContent = label('busy');
      spinner.appendChild(text);
      body.appendChild(spinner);
      body.setAttribute('aria-busy', 'true');
    }

    function fail(message) {
      showOriginal();
      if (error) {
        error.textContent = message || label('failed');
      }
    }

    function request() {
      var controller = window.AbortController ? new AbortController() : null;
      var timer = controller ? window.setTimeout(function () { controller.abort(); }, TRANSLATE_TIMEOUT_MS) : null;
      busy = true;
      button.disabled = true;
      if (error) {
        error.textContent = '';
      }
      showSpinner();
      fetch('/translate', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json',
          'Accept': 'application/json',
          'X-CSRF-Token': csrfToken()
        },
        body: JSON.stringify({
          post_id: Number(button.getAttribute('data-post-id')),
          dest_language: button.getAttribute('data-dest-language')
        }),
        signal: controller ? controller.signal : undefined
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (res.ok && typeof data.text === 'string') {
            translated = data.text;
            showTranslation();
          } else {
            fail(data.message);
          }
        });
      }).catch(function () {
        fail();
      }).then(function () {
        if (timer !== null) {
          window.clearTimeout(timer);
        }
        busy = false;
        button.disabled = false;
        body.removeAttribute('aria-busy');
      });
    }

    button.addEventListener('click', function () {
      if (busy) {
        return;
      }
      if (showing === 'translation') {
        showOriginal();
      } else if (translated !== null) {
        showTranslation();
      } else {
        request();
      }
    });
    button.classList.remove('d-none');
  }

  function init() {
    initTimes();
    initAutosubmit();
    initTranslate();
    initCounters();
    initNav();
    initInvalidFields();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
