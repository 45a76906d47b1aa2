// Atelier's only script: countdowns, scoring cards, and the keyboard focus across live updates. No inline scripts (CSP).
(function () {
  "use strict";

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  // End times this page has seen counting down: only those announce their end, once,
  // so a page opened after the end (or a fragment swapped in again) stays quiet.
  var running = {};

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown-to]").forEach(function (el) {
      var key = el.getAttribute("data-countdown-to");
      var end = Date.parse(key);
      var value = el.querySelector(".countdown-value") || el;
      if (isNaN(end)) return;
      var left = Math.max(0, Math.round((end - now) / 1000));
      if (left === 0) {
        value.textContent = el.getAttribute("data-expired") || "0:00";
        el.classList.add("expired");
        el.classList.remove("ending");
        if (running[key]) {
          delete running[key];
          el.dispatchEvent(new CustomEvent("atelier:countdown-end", { bubbles: true }));
        }
        return;
      }
      // The first time left this page saw: a 30 s timebox is not "ending" from its first second.
      if (!running[key]) running[key] = left;
      var h = Math.floor(left / 3600);
      var m = Math.floor((left % 3600) / 60);
      var s = left % 60;
      value.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
      el.classList.toggle("ending", left <= Math.min(60, Math.max(10, Math.round(running[key] / 4))));
    });
  }

  // The phone's scoring cards change by fragment links (CSS :target); move the focus
  // with them, so keyboard and screen-reader users land on the card they asked for.
  // The card's top (its position and title) lands just below the sticky progress bar,
  // whatever that bar's height (a "Saved: <title>" line can wrap): its scroll margin is
  // the bar's height, measured when the card is shown.
  function showCard(card) {
    var bar = document.getElementById("score-progress");
    var sticky = bar && window.getComputedStyle(bar).position === "sticky";
    var margin = sticky ? Math.ceil(bar.getBoundingClientRect().height) + 8 : 0;
    card.style.scrollMarginTop = margin + "px";
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", function () {
    var card = document.getElementById(window.location.hash.slice(1));
    if (card && card.classList.contains("score-card")) showCard(card);
  });

  // Scanning every second also covers countdowns that htmx swaps in.
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);

  // Live updates replace parts of the page. htmx gives the focus back to an element with
  // the same id; when that element is gone or disabled now (the last vote spent, a use case
  // just shortlisted), the focus would fall to <body>. Keep it near where the user was:
  // the first usable action in the same block (the nearest ancestor with an id), else its first
  // usable control, or the block.
  var last = null;

  function usable(el) {
    return el && !el.disabled && el.getClientRects().length > 0;
  }

  document.addEventListener("focusin", function (event) {
    var el = event.target;
    var home = el.parentElement && el.parentElement.closest("[id]");
    last = { el: el, id: el.id, homeId: home ? home.id : "" };
  });

  function restoreFocus() {
    if (!last || document.body.contains(last.el)) return; // still there: nothing was lost
    var active = document.activeElement;
    if (active && active !== document.body) return; // htmx or the user already moved it
    var target = last.id ? document.getElementById(last.id) : null;
    if (!usable(target)) {
      var home = last.homeId ? document.getElementById(last.homeId) : null;
      var controls = "button, a[href], input:not([type=hidden]), select, textarea";
      // The block's own actions first (Edit after Shortlist), then anything in it (a chip, a link).
      var actions = home ? home.querySelectorAll(".actions :is(" + controls + ")") : [];
      var candidates = home ? home.querySelectorAll(controls) : [];
      target = Array.prototype.find.call(actions, usable) || Array.prototype.find.call(candidates, usable) || null;
      if (!target && home) {
        if (!home.hasAttribute("tabindex")) home.setAttribute("tabindex", "-1");
        target = home;
      }
    }
    if (target) target.focus({ preventScroll: true });
  }

  // Once the swap has settled, and once more a moment later: htmx may still be moving the focus
  // (to a same-id element that is now disabled) when the settle event fires.
  document.addEventListener("htmx:afterSettle", function () {
    restoreFocus();
    setTimeout(restoreFocus, 150);
  });
})();
