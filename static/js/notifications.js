/* Notifications for the signed-in visitor (base.tpl loads this file only for them; no inline
   script: the CSP allows scripts from 'self' only).
   Every 10 seconds while the tab is visible it asks GET /notifications?since=<seconds> for what
   changed after the newest notification it has seen, oldest first, and applies each one:
   - unread_message_count: the navbar badge #message_count (its .js-message-count is the number;
     the badge is hidden with d-none at 0);
   - task_progress: every element with a data-task-progress attribute (see setTaskProgress).
   Hidden tabs do not poll (Page Visibility API); a tab that becomes visible polls at once. */
(function () {
  'use strict';

  var POLL_INTERVAL = 10 * 1000;

  // The first poll asks for everything the user has: only the latest notification of each name
  // is kept, so that is at most one per kind, and it brings the page up to date.
  var since = 0;
  var timer = null;
  var busy = false;
  // Polls answered and applied so far, shown on <html data-notifications-polls>: what tells a
  // browser test that a tick's answer is on the page.
  var polls = 0;

  function setMessageCount(count) {
    var badge = document.getElementById('message_count');
    if (!badge) {
      return;
    }
    var n = Number(count) || 0;
    var number = badge.querySelector('.js-message-count');
    if (number) {
      number.textContent = String(n);
    }
    badge.classList.toggle('d-none', n <= 0);
  }

  /* The hook for background tasks (the posts export): a page shows a task's progress in
     an element with a data-task-progress attribute, empty to follow any task or holding the
     task's id to follow only that one. A <progress> element gets its value; any other element
     gets "<n>%" as its text. `data` is the notification's payload: {"task_id": ...,
     "progress": 0..100}. */
  function setTaskProgress(data) {
    if (!data || typeof data.progress !== 'number') {
      return;
    }
    var elements = document.querySelectorAll('[data-task-progress]');
    Array.prototype.forEach.call(elements, function (el) {
      var wanted = el.getAttribute('data-task-progress');
      if (wanted && data.task_id !== undefined && wanted !== String(data.task_id)) {
        return;
      }
      if (el.tagName === 'PROGRESS') {
        el.value = data.progress;
      } else {
        el.textContent = data.progress + '%';
      }
    });
    if (data.progress >= 100) {
      finishTask(data.task_id);
    }
  }

  /* A finished task's banner (.js-task, from base.tpl) says so: its .js-task-running part is
     hidden and its .js-task-done part shown. */
  function finishTask(taskId) {
    var banners = document.querySelectorAll('.js-task');
    Array.prototype.forEach.call(banners, function (banner) {
      var id = banner.getAttribute('data-task-id');
      if (id && taskId !== undefined && id !== String(taskId)) {
        return;
      }
      Array.prototype.forEach.call(banner.querySelectorAll('.js-task-running'), function (el) {
        el.hidden = true;
      });
      Array.prototype.forEach.call(banner.querySelectorAll('.js-task-done'), function (el) {
        el.hidden = false;
      });
    });
  }

  var handlers = {
    unread_message_count: setMessageCount,
    task_progress: setTaskProgress
  };

  function stop() {
    if (timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  }

  function apply(list) {
    if (!Array.isArray(list)) {
      return;
    }
    list.forEach(function (n) {
      // Oldest first: the last one seen is where the next poll starts.
      if (typeof n.timestamp === 'number' && n.timestamp > since) {
        since = n.timestamp;
      }
      var handle = handlers[n.name];
      if (handle) {
        handle(n.data);
      }
    });
  }

  function poll() {
    // A slow answer is not asked for twice.
    if (busy) {
      return;
    }
    busy = true;
    fetch('/notifications?since=' + encodeURIComponent(String(since)), {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Accept': 'application/json' }
    })
      .then(function (res) {
        if (res.status === 401) {
          stop(); // signed out in another tab: nothing more to ask for
          return null;
        }
        return res.ok ? res.json() : null;
      })
      .then(apply)
      .catch(function () {
        // Offline or the server restarting: the next tick tries again.
      })
      .then(function () {
        busy = false;
        polls += 1;
        document.documentElement.setAttribute('data-notifications-polls', String(polls));
      });
  }

  function start() {
    if (timer === null) {
      poll();
      timer = window.setInterval(poll, POLL_INTERVAL);
    }
  }

  window.microblog = window.microblog || {};
  window.microblog.setTaskProgress = setTaskProgress;
  window.microblog.setMessageCount = setMessageCount;

  document.addEventListener('visibilitychange', function () {
    if (document.hidden) {
      stop();
    } else {
      start();
    }
  });
  if (!document.hidden) {
    start();
  }
})();
