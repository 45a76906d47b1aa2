// Atelier's script for every page: countdowns, scoring cards. No inline scripts anywhere (CSP).
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
      running[key] = true;
      var h = Math.floor(left / 3600);
      var m = Math.floor((left % 3600) / 60);
      var s = left % 60;
      value.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
      el.classList.toggle("ending", left <= 60);
    });
  }

  // The phone's scoring cards change by fragment links (CSS :target); move the focus
  // with them, so keyboard and screen-reader users land on the card they asked for.
  window.addEventListener("hashchange", function () {
    var card = document.getElementById(window.location.hash.slice(1));
    if (card && card.classList.contains("score-card")) card.focus();
  });

  // Scanning every second also covers countdowns that htmx swaps in.
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
})();
