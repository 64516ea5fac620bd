/* Users' cards: a post author's name (<a data-user-popup="NAME">) shows that user's card, the
   fragment GET /user/NAME/popup, next to it.
   - Mouse: after HOVER_DELAY_MS over the name (nothing if the pointer leaves first); the card
     stays while the pointer is on the name or on the card.
   - Keyboard: focusing the name shows it at once; Tab goes on into the card (it sits right after
     the name in the document); Escape, or focus leaving both, hides it.
   - Touch: the first tap on a name opens the card instead of following the link; a second tap,
     or the name in the card, goes to the profile.
   Each card is fetched once per page; its follow button posts with fetch (Accept:
   application/json, answered without a redirect) and the card is fetched again. Every word the
   card shows comes from the server, in the page's language. */
(function () {
  'use strict';

  var HOVER_DELAY_MS = 500;
  var HIDE_DELAY_MS = 300;
  var FETCH_TIMEOUT_MS = 10 * 1000;
  var CARD_ID = 'user-popup';

  var cards = {}; // username -> promise of the card's HTML
  var card = null;
  var current = null; // the trigger whose card is shown (or loading)
  var showTimer = null;
  var hideTimer = null;
  var lastPointer = 'mouse';
  var updating = false; // a follow change is being sent and the card redrawn
  var pressed = null; // the name a pointer is pressing, whose focus is not the keyboard's

  function fetchWithTimeout(url, options) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, FETCH_TIMEOUT_MS) : null;
    options.credentials = 'same-origin';
    options.signal = controller ? controller.signal : undefined;
    return fetch(url, options).then(function (res) {
      if (timer !== null) {
        window.clearTimeout(timer);
      }
      return res;
    }, function (err) {
      if (timer !== null) {
        window.clearTimeout(timer);
      }
      throw err;
    });
  }

  function load(name) {
    if (!cards[name]) {
      cards[name] = fetchWithTimeout('/user/' + encodeURIComponent(name) + '/popup', {
        headers: { 'Accept': 'text/html' }
      }).then(function (res) {
        // A redirect is the sign-in page: the session is gone, there is no card to show.
        if (!res.ok || res.redirected) {
          throw new Error('no card');
        }
        return res.text();
      });
      cards[name]['catch'](function () {
        delete cards[name]; // a later hover tries again
      });
    }
    return cards[name];
  }

  function makeCard() {
    var el = document.createElement('div');
    el.id = CARD_ID;
    el.className = 'user-popup card shadow';
    el.setAttribute('role', 'dialog');
    el.hidden = true;
    el.addEventListener('pointerenter', function () { cancelHide(); });
    el.addEventListener('pointerleave', function (event) {
      if (event.pointerType !== 'touch') {
        scheduleHide();
      }
    });
    el.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && current) {
        var trigger = current;
        hide();
        pressed = trigger; // its focus coming back must not open the card again
        trigger.focus();
      }
    });
    el.addEventListener('focusout', function (event) {
      if (!updating && !isInside(event.relatedTarget)) {
        hide();
      }
    });
    el.addEventListener('submit', onFollowSubmit);
    return el;
  }

  function isInside(node) {
    return !!node && ((card && card.contains(node)) || node === current);
  }

  function cancelShow() {
    if (showTimer !== null) {
      window.clearTimeout(showTimer);
      showTimer = null;
    }
  }

  function cancelHide() {
    if (hideTimer !== null) {
      window.clearTimeout(hideTimer);
      hideTimer = null;
    }
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = window.setTimeout(hide, HIDE_DELAY_MS);
  }

  function position() {
    if (!current || card.hidden) {
      return;
    }
    var gap = 6;
    var rect = current.getBoundingClientRect();
    var width = card.offsetWidth;
    var height = card.offsetHeight;
    var left = Math.max(gap, Math.min(rect.left, document.documentElement.clientWidth - width - gap));
    var top = rect.bottom + gap;
    if (top + height > window.innerHeight && rect.top - gap - height >= 0) {
      top = rect.top - gap - height; // no room below: above the name
    }
    card.style.left = left + 'px';
    card.style.top = top + 'px';
  }

  function render(name, html) {
    card.innerHTML = html;
    card.setAttribute('aria-label', name);
    if (window.Microblog && window.Microblog.renderTimes) {
      window.Microblog.renderTimes(card);
    }
  }

  function show(trigger) {
    cancelShow();
    cancelHide();
    if (current && current !== trigger) {
      hide();
    }
    current = trigger;
    var name = trigger.getAttribute('data-user-popup');
    load(name).then(function (html) {
      if (current !== trigger) {
        return; // the reader moved on while it loaded
      }
      render(name, html);
      // Right after the name, so that Tab from the name reaches the card's button.
      trigger.insertAdjacentElement('afterend', card);
      card.hidden = false;
      trigger.setAttribute('aria-expanded', 'true');
      position();
    }, function () {
      if (current === trigger) {
        current = null;
      }
    });
  }

  function hide() {
    cancelShow();
    cancelHide();
    if (current) {
      current.setAttribute('aria-expanded', 'false');
    }
    current = null;
    if (card) {
      card.hidden = true;
    }
  }

  function showError(message) {
    var error = card.querySelector('.user-popup-error');
    if (error) {
      error.textContent = message || error.getAttribute('data-failed') || '';
    }
  }

  function onFollowSubmit(event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains('js-popup-follow') || !current) {
      return;
    }
    event.preventDefault();
    if (updating) {
      return;
    }
    // While the card is redrawn its focused button goes away: that is no reason to close it.
    updating = true;
    var trigger = current;
    var name = trigger.getAttribute('data-user-popup');
    var button = form.querySelector('button');
    if (button) {
      button.setAttribute('aria-disabled', 'true');
    }
    var data = new URLSearchParams(new FormData(form));
    fetchWithTimeout(form.action, {
      method: 'POST',
      headers: {
        'Accept': 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded'
      },
      body: data.toString()
    }).then(function (res) {
      return res.json()['catch'](function () { return {}; }).then(function (body) {
        if (!res.ok) {
          throw new Error(body.message || '');
        }
        // The counts and the button have changed: the kept card is stale.
        delete cards[name];
        return load(name);
      });
    }).then(function (html) {
      if (current === trigger) {
        render(name, html);
        position();
        var again = card.querySelector('.js-popup-follow button');
        if (again) {
          again.focus();
        }
      }
      updating = false;
    })['catch'](function (err) {
      updating = false;
      if (current !== trigger) {
        return;
      }
      if (button) {
        button.removeAttribute('aria-disabled');
      }
      showError(err && err.message);
    });
  }

  function attach(trigger) {
    trigger.setAttribute('aria-haspopup', 'dialog');
    trigger.setAttribute('aria-expanded', 'false');
    trigger.setAttribute('aria-controls', CARD_ID);
    trigger.addEventListener('pointerdown', function (event) {
      lastPointer = event.pointerType;
      pressed = trigger;
    });
    trigger.addEventListener('pointerenter', function (event) {
      if (event.pointerType === 'touch' || current === trigger) {
        cancelHide();
        return;
      }
      cancelShow();
      showTimer = window.setTimeout(function () { show(trigger); }, HOVER_DELAY_MS);
    });
    trigger.addEventListener('pointerleave', function (event) {
      if (event.pointerType === 'touch') {
        return;
      }
      cancelShow();
      if (current === trigger) {
        scheduleHide();
      }
    });
    trigger.addEventListener('focus', function () {
      // Not the focus a click or tap gives the link: the click navigates (or the tap opens it).
      if (pressed !== trigger) {
        show(trigger);
      }
      pressed = null;
    });
    trigger.addEventListener('blur', function (event) {
      if (current === trigger && !updating && !isInside(event.relatedTarget)) {
        hide();
      }
    });
    trigger.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && current === trigger) {
        hide();
      }
    });
    trigger.addEventListener('click', function (event) {
      // On a touch screen the first tap shows the card; a tap on the open card's name navigates.
      if (lastPointer === 'touch' && current !== trigger) {
        event.preventDefault();
        show(trigger);
      }
    });
  }

  function init() {
    var triggers = document.querySelectorAll('a[data-user-popup]');
    if (!triggers.length || !window.fetch || !window.URLSearchParams || !window.FormData) {
      return; // the names stay plain links
    }
    card = makeCard();
    document.body.appendChild(card);
    for (var i = 0; i < triggers.length; i++) {
      attach(triggers[i]);
    }
    // A mouse button comes up after the focus it gave; a finger lifts before the compatibility
    // mousedown and focus that follow a tap, so for touch `pressed` lasts until that focus.
    document.addEventListener('pointerup', function (event) {
      if (event.pointerType !== 'touch') {
        pressed = null;
      }
    });
    document.addEventListener('pointercancel', function () { pressed = null; });
    // A tap or click elsewhere closes the card.
    document.addEventListener('pointerdown', function (event) {
      if (current && !isInside(event.target) && !event.target.closest('a[data-user-popup]')) {
        hide();
      }
    });
    window.addEventListener('resize', position);
    window.addEventListener('scroll', position, { passive: true });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
