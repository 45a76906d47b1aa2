// Atelier's only script: countdowns. No inline scripts anywhere (CSP).
(function () {
  "use strict";

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown-to]").forEach(function (el) {
      var end = Date.parse(el.getAttribute("data-countdown-to"));
      var value = el.querySelector(".countdown-value") || el;
      if (isNaN(end)) return;
      var left = Math.max(0, Math.round((end - now) / 1000));
      if (left === 0) {
        value.textContent = el.getAttribute("data-expired") || "0:00";
        el.classList.add("expired");
        return;
      }
      var h = Math.floor(left / 3600);
      var m = Math.floor((left % 3600) / 60);
      var s = left % 60;
      value.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
      el.classList.toggle("ending", left <= 60);
    });
  }

  // Scanning every second also covers countdowns that htmx swaps in.
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
})();
