// The presenter screen: a chime when a countdown reaches zero, and full screen. No inline script (CSP).
// atelier.js ticks the countdown and fires "atelier:countdown-end" when one it watched reaches zero.
(function () {
  "use strict";

  var audio = null;

  function tone(context, start, frequency) {
    var oscillator = context.createOscillator();
    var gain = context.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.5, start + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.6);
    oscillator.connect(gain);
    gain.connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.65);
  }

  function chime() {
    var played = audio !== null && audio.state === "running";
    if (played) {
      var now = audio.currentTime;
      [880, 660, 880].forEach(function (frequency, i) {
        tone(audio, now + i * 0.7, frequency);
      });
    }
    // Says which cue the room got: the visible one always, the sound when switched on.
    document.body.setAttribute("data-cue", played ? "sound" : "visual");
  }

  function setUp() {
    var sound = document.getElementById("sound-toggle");
    var full = document.getElementById("fullscreen-toggle");
    var AudioContext = window.AudioContext || window.webkitAudioContext;
    if (sound) {
      if (!AudioContext) {
        sound.hidden = true;
      } else {
        // Browsers let a page play sound only after a click: this button is that click.
        sound.addEventListener("click", function () {
          var on = sound.getAttribute("aria-pressed") !== "true";
          if (on && audio === null) audio = new AudioContext();
          if (audio !== null) {
            if (on) audio.resume();
            else audio.suspend();
          }
          sound.setAttribute("aria-pressed", on ? "true" : "false");
        });
      }
    }
    if (full) {
      if (!document.documentElement.requestFullscreen) {
        full.hidden = true;
      } else {
        full.addEventListener("click", function () {
          if (document.fullscreenElement) document.exitFullscreen();
          else document.documentElement.requestFullscreen().catch(function () {});
        });
      }
    }
    document.addEventListener("atelier:countdown-end", chime);
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
