/* The interview timer: start, pause and reset the problem's time budget. It shows
 * the current phase of the page's pacing and the next checkpoint, and cues each
 * boundary (a highlight and a spoken status, with the check-in question the
 * framework suggests there). Its state is stored per problem, so it survives a
 * reload; while it runs off screen, a small copy stays in the corner. Needs
 * practice.js (SDGPractice). Classic script. */
(function () {
  "use strict";

  var P = window.SDGPractice, store = window.SDGStore;
  var mount = document.querySelector("[data-sdg-timer]");
  if (!P || !store || !mount) return;
  var el = P.el, data = P.data;
  var KEY = "timer." + data.slug;
  var TOTAL = data.minutes * 60;
  var CUE_MS = 8000;
  var state = Object.assign({ elapsed: 0, started: null }, store.get(KEY) || {});

  function seconds() {
    var ms = state.elapsed + (state.started === null ? 0 : Math.max(0, Date.now() - state.started));
    return Math.floor(ms / 1000);
  }

  function mmss(total) {
    var m = Math.floor(total / 60), s = total % 60;
    return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  /* Index of the pacing slot at `t` seconds; data.pacing.length once the budget is spent. */
  function phaseAt(t) {
    for (var i = 0; i < data.pacing.length; i++) if (t < data.pacing[i].ends * 60) return i;
    return data.pacing.length;
  }

  var elapsed = el("span", { className: "sdg-timer__elapsed", text: "00:00" });
  var clock = el("p", { className: "sdg-timer__clock" }, [el("span", { className: "sdg-timer__label", text: "Interview clock " }), elapsed, " / " + mmss(TOTAL)]);
  var phase = el("span", { className: "sdg-timer__phase" });
  var next = el("span", { className: "sdg-timer__next" });
  var cue = el("p", { className: "sdg-timer__cue", role: "status" });
  var segments = data.pacing.map(function (slot) {
    return el("span", { style: "flex-grow: " + slot.minutes, title: slot.title + " (" + slot.minutes + " min)" });
  });
  var bar = el("div", { className: "sdg-timer__bar", "aria-hidden": "true" }, segments);
  var run = P.button("Start", toggle, { className: "sdg-button sdg-button--primary" });
  var reset = P.button("Reset", function () {
    state = { elapsed: 0, started: null };
    save();
    last = phaseAt(0);
    cue.textContent = "";
    mount.classList.remove("sdg-timer--cue");
    draw();
  });
  mount.classList.add("sdg-practice-only");
  mount.setAttribute("role", "group");
  mount.setAttribute("aria-label", "Interview timer");
  clock.append(" ", run, " ", reset);
  mount.append(clock, bar, el("p", { className: "sdg-timer__where" }, [phase, " ", next]), cue);

  var chipTime = el("span", { className: "sdg-timer-chip__time" });
  var chipPause = P.button("Pause", toggle, { className: "sdg-timer-chip__button" });
  var chip = el("div", { className: "sdg-timer-chip sdg-practice-only", role: "group", "aria-label": "Interview timer (copy)" }, [chipTime, " ", chipPause]);
  chip.hidden = true;
  document.body.append(chip);

  function save() { store.set(KEY, state); }

  function toggle() {
    if (state.started === null) state.started = Date.now();
    else { state.elapsed += Date.now() - state.started; state.started = null; }
    save();
    draw();
  }

  function link(slot) { return el("a", { href: "#" + slot.id, text: slot.title }); }

  var last = phaseAt(seconds());
  var cueTimer = null;

  function boundary(index) {
    var done = data.pacing[index - 1];
    var message = index >= data.pacing.length
      ? "Time is up: close with your 30-second summary."
      : "Time for " + data.pacing[index].title + ": " + data.pacing[index].minutes + " min, until " + data.pacing[index].ends + ":00.";
    var ask = done && data.checkpoints[done.id];
    cue.textContent = message + (ask ? " Check in first: " + ask : "");
    mount.classList.add("sdg-timer--cue");
    chip.classList.add("sdg-timer--cue");
    clearTimeout(cueTimer);
    cueTimer = setTimeout(function () {
      mount.classList.remove("sdg-timer--cue");
      chip.classList.remove("sdg-timer--cue");
    }, CUE_MS);
  }

  function draw() {
    var t = seconds(), index = phaseAt(t);
    if (index !== last) {
      if (index > last && state.started !== null) boundary(index);
      last = index;
    }
    elapsed.textContent = mmss(t);
    var over = t >= TOTAL;
    phase.replaceChildren();
    next.replaceChildren();
    if (over) {
      phase.append("Time is up: " + mmss(t - TOTAL) + " over.");
    } else {
      var slot = data.pacing[index];
      phase.append("Now: ", link(slot), " (" + slot.minutes + " min, until " + slot.ends + ":00).");
      var following = data.pacing[index + 1];
      var left = mmss(slot.ends * 60 - t);
      if (following) next.append("Next checkpoint: ", link(following), " at " + slot.ends + ":00, in " + left + ".");
      else next.append("Next checkpoint: the end, in " + left + ".");
    }
    segments.forEach(function (segment, i) {
      segment.className = i < index ? "sdg-timer__done" : i === index ? "sdg-timer__now" : "";
    });
    var running = state.started !== null;
    run.textContent = running ? "Pause" : t > 0 ? "Resume" : "Start";
    chipPause.textContent = running ? "Pause" : "Resume";
    reset.disabled = t === 0 && !running;
    chipTime.textContent = mmss(t) + (over ? " (over)" : " \u00b7 " + data.pacing[index].title);
    mount.classList.toggle("sdg-timer--running", running);
    chip.hidden = !(running || t > 0) || onScreen;
  }

  var onScreen = true;
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      onScreen = entries[entries.length - 1].isIntersecting;
      draw();
    }).observe(mount);
  }

  setInterval(function () { if (state.started !== null) draw(); }, 250);
  window.addEventListener("storage", function (event) {
    if (event.key === "sdg." + KEY) { state = Object.assign({ elapsed: 0, started: null }, store.get(KEY) || {}); draw(); }
  });
  draw();
})();
