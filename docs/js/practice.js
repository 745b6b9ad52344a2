/* Practice mode on a problem page: try each section first, then compare.
 *
 * A page-level switch (study / practice, remembered across pages) folds each
 * section's reference answer behind its prompt (what the interviewer asks, what
 * to produce, this problem's details) and a notes box kept in this browser.
 * Opening an answer shows a checklist generated from the problem and its level
 * expectations; the score per section and the level reached are kept with the
 * problem's progress (practised / to review, with the date), which the problems
 * index lists. Everything is stored through window.SDGStore (store.js).
 *
 * The page's template wraps each section in .sdg-section[data-section] with its
 * answer in .sdg-answer; the data comes from the JSON element #sdg-problem.
 * Folding is CSS (html.sdg-practice), so an inline line in the page sets the
 * class before the first paint and answers never flash open. Classic script. */
(function () {
  "use strict";

  var dataElement = document.getElementById("sdg-problem");
  var store = window.SDGStore;
  if (!dataElement || !store) return;
  var data = JSON.parse(dataElement.textContent);
  var slug = data.slug;
  var LEVELS = ["mid", "senior", "staff"];
  var LEVEL_NAMES = { mid: "Mid-level", senior: "Senior", staff: "Staff" };
  var PASS = 0.75;  // a level is reached when at least 3/4 of its items (and of every lower level's) are checked
  var MARK = /\ue000([a-z0-9_]+)\ue001([^\ue002]*)\ue002/g;

  /* Small helpers ------------------------------------------------------------ */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== false) node.setAttribute(key, attrs[key] === true ? "" : attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.append(child); });
    return node;
  }

  /* Text from the page's data into `parent`, as text nodes only; a quoted figure becomes a live span. */
  function renderText(parent, text) {
    var last = 0, match;
    MARK.lastIndex = 0;
    while ((match = MARK.exec(text)) !== null) {
      parent.append(text.slice(last, match.index));
      var live = window.SDGEstimates && window.SDGEstimates.text(match[1], "value");
      parent.append(el("span", { className: "figure", "data-est": match[1], text: live || match[2] }));
      last = MARK.lastIndex;
    }
    parent.append(text.slice(last));
    return parent;
  }

  function button(label, action, attrs) {
    var b = el("button", Object.assign({ type: "button", className: "sdg-button", text: label }, attrs || {}));
    b.addEventListener("click", action);
    return b;
  }

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  /* Stored state ------------------------------------------------------------- */

  var WORK = "practice." + slug, PROGRESS = "progress." + slug;
  var work = Object.assign({ notes: {}, checks: {}, open: {} }, store.get(WORK) || {});

  function saveWork() { store.set(WORK, work); }

  function progress() { return store.get(PROGRESS) || {}; }

  /* Mode --------------------------------------------------------------------- */

  function mode() { return store.get("mode") === "practice" ? "practice" : "study"; }

  var listeners = [];

  function applyMode(value) {
    if (value === "practice") buildPractice();
    document.documentElement.classList.toggle("sdg-practice", value === "practice");
    document.querySelectorAll('input[name="sdg-mode"]').forEach(function (radio) { radio.checked = radio.value === value; });
    listeners.forEach(function (fn) { fn(value); });
  }

  /* The mode switch is in the page (templates/partials/toolbar.html.j2), with a hint for
     each mode that the html.sdg-practice class picks; this binds it. */
  function bindModeSwitch(toolbar) {
    toolbar.querySelectorAll('input[name="sdg-mode"]').forEach(function (radio) {
      radio.addEventListener("change", function () { if (radio.checked) { store.set("mode", radio.value); applyMode(radio.value); } });
    });
  }

  /* Sections: prompt, notes, folded answer, checklist ------------------------- */

  var sections = {};  // id -> {wrapper, answer, toggle, check}

  function setOpen(id, open) {
    var s = sections[id];
    if (!s) return;
    s.wrapper.classList.toggle("sdg-section--open", open);
    s.toggles.forEach(function (t) {
      t.setAttribute("aria-expanded", open ? "true" : "false");
      t.textContent = open ? t.getAttribute("data-hide") : t.getAttribute("data-show");
    });
    if (open) work.open[id] = true; else delete work.open[id];
    saveWork();
  }

  function toggleFor(id, what) {
    var t = el("button", {
      type: "button", className: "sdg-button sdg-reveal", "aria-expanded": "false", "aria-controls": "sdg-answer-" + id,
      "data-show": "Show " + what, "data-hide": "Hide " + what,
    });
    t.textContent = t.getAttribute("data-show");
    t.addEventListener("click", function () { setOpen(id, !sections[id].wrapper.classList.contains("sdg-section--open")); });
    return t;
  }

  function slotOf(id) {
    for (var i = 0; i < data.pacing.length; i++) if (data.pacing[i].id === id) return data.pacing[i];
    return null;
  }

  function clock(minutes) { return minutes + ":00"; }

  function notes(id, title) {
    var area = el("textarea", { id: "sdg-notes-" + id, rows: "5", className: "sdg-notes", spellcheck: "true" });
    area.value = work.notes[id] || "";
    var timer = null;
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (area.value) work.notes[id] = area.value; else delete work.notes[id];
        saveWork();
        updateProgress();
      }, 250);
    });
    return [el("label", { for: area.id, className: "sdg-notes__label", text: "Your notes on " + title.toLowerCase() + " (kept in this browser only)" }), area];
  }

  function list(items) {
    return el("ul", {}, items.map(function (text) { return renderText(el("li"), text); }));
  }

  function prompt(section, toggle) {
    var slot = slotOf(section.id);
    var ask = el("p", { className: "sdg-prompt__ask" }, [el("strong", { text: "The interviewer asks: " })]);
    renderText(ask, section.ask);
    var box = el("div", { className: "sdg-prompt", role: "group", "aria-label": "Your turn: " + section.title }, [
      ask,
      slot ? el("p", { className: "sdg-prompt__time", text: "Time: about " + slot.minutes + " min, until " + clock(slot.ends) + " on the interview clock." }) : null,
      el("p", { className: "sdg-prompt__head", text: "Produce:" }), list(section.produce),
      el("p", { className: "sdg-prompt__head", text: "On this problem:" }), list(section.details),
      section.id === "requirements" ? el("div", { className: "sdg-dialogue", "data-sdg-dialogue": "" }) : null,
    ].concat(notes(section.id, section.title), [el("p", { className: "sdg-prompt__reveal" }, [toggle])]));
    return box;
  }

  function checkedIn(id) { return work.checks[id] || []; }

  function checklist(id, legend, items) {
    var done = checkedIn(id);
    var score = el("p", { className: "sdg-check__score", "aria-live": "polite" });
    var body = el("ul", { className: "sdg-check__items" }, items.map(function (item) {
      var box = el("input", { type: "checkbox", id: "sdg-check-" + id + "-" + item.id, "data-item": item.id });
      box.checked = done.indexOf(item.id) >= 0;
      box.addEventListener("change", function () { tick(id, item.id, box.checked); });
      var label = renderText(el("label", { for: box.id }), item.text);
      label.append(" ", el("span", { className: "sdg-level sdg-level--" + item.level, text: LEVEL_NAMES[item.level] }));
      return el("li", {}, [box, label]);
    }));
    var box = el("div", { className: "sdg-check", "data-check": id }, [
      el("fieldset", {}, [el("legend", { text: legend }), body]), score,
    ]);
    box.refreshScore = function () {
      var n = checkedIn(id).filter(function (x) { return items.some(function (i) { return i.id === x; }); }).length;
      score.textContent = n + " of " + items.length + " checked.";
    };
    box.refreshScore();
    return box;
  }

  var checks = {};  // checklist id -> element

  function tick(listId, itemId, on) {
    var done = checkedIn(listId).filter(function (x) { return x !== itemId; });
    if (on) done.push(itemId);
    work.checks[listId] = done;
    saveWork();
    var box = checks[listId];
    if (box) {
      var input = box.querySelector('input[data-item="' + itemId + '"]');
      if (input) input.checked = on;
      box.refreshScore();
    }
    updateProgress();
  }

  function mountSection(wrapper) {
    var id = wrapper.getAttribute("data-section");
    var heading = wrapper.querySelector("h2");
    var answer = wrapper.querySelector(".sdg-answer");
    if (!heading || !answer) return;
    answer.id = "sdg-answer-" + id;
    var section = data.sections.filter(function (s) { return s.id === id; })[0];
    var what = id === "levels" ? "what the interviewer expects" : id === "cut" ? "the interview cut" : "the reference answer";
    var toggle = toggleFor(id, what);
    sections[id] = { wrapper: wrapper, answer: answer, toggles: [toggle] };
    if (section) {
      heading.after(prompt(section, toggle));
      var box = checklist(id, "Check yourself: " + section.title, section.checks);
      checks[id] = box;
      answer.after(box);
    } else {
      heading.after(el("p", { className: "sdg-prompt__reveal sdg-prompt__reveal--bare" }, [toggle]));
    }
    setOpen(id, !!work.open[id]);
  }

  /* Open the folded answer that holds the link target (a table-of-contents or search link). */
  function revealTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || id.indexOf("inputs:") === 0) return;
    var target = document.getElementById(id);
    var wrapper = target && target.closest(".sdg-section");
    if (!wrapper || !document.documentElement.classList.contains("sdg-practice")) return;
    var sid = wrapper.getAttribute("data-section");
    if (sections[sid] && !wrapper.classList.contains("sdg-section--open") && wrapper.querySelector("h2") !== target) {
      setOpen(sid, true);
      target.scrollIntoView();
    }
  }

  /* Levels and progress ------------------------------------------------------ */

  function allItems() {
    var out = [];
    data.sections.forEach(function (s) { s.checks.forEach(function (i) { out.push([s.id, i]); }); });
    data.levels.forEach(function (i) { out.push(["levels", i]); });
    return out;
  }

  /* Per level: [checked, total] over every checklist of the page. */
  function tally() {
    var counts = {};
    LEVELS.forEach(function (l) { counts[l] = [0, 0]; });
    allItems().forEach(function (pair) {
      var c = counts[pair[1].level];
      c[1] += 1;
      if (checkedIn(pair[0]).indexOf(pair[1].id) >= 0) c[0] += 1;
    });
    return counts;
  }

  function levelReached(counts) {
    var reached = "";
    for (var i = 0; i < LEVELS.length; i++) {
      var c = counts[LEVELS[i]];
      if (c[1] && c[0] / c[1] < PASS) break;
      reached = LEVELS[i];
    }
    return reached;
  }

  function scores() {
    var out = {};
    data.sections.forEach(function (s) {
      var ids = s.checks.map(function (i) { return i.id; });
      out[s.id] = [checkedIn(s.id).filter(function (x) { return ids.indexOf(x) >= 0; }).length, ids.length];
    });
    var levelIds = data.levels.map(function (i) { return i.id; });
    out.levels = [checkedIn("levels").filter(function (x) { return levelIds.indexOf(x) >= 0; }).length, levelIds.length];
    return out;
  }

  var progressViews = [];

  /* Keep the stored progress in step with the checklists and notes, then redraw its views. */
  function updateProgress() {
    var record = progress();
    var counts = tally();
    var started = Object.keys(work.notes).length > 0 || Object.keys(work.checks).some(function (k) { return work.checks[k].length; });
    if (started || record.status) {
      record.title = data.title;
      record.scores = scores();
      record.level = levelReached(counts);
      store.set(PROGRESS, record);
    }
    progressViews.forEach(function (view) { view(record, counts); });
  }

  function setStatus(status) {
    var record = progress();
    record.title = data.title;
    record.scores = scores();
    record.level = levelReached(tally());
    record.history = (record.history || []).concat(status ? [{ date: today(), status: status, level: record.level }] : []);
    if (status) { record.status = status; record.date = today(); } else { delete record.status; delete record.date; }
    store.set(PROGRESS, record);
    updateProgress();
  }

  function describe(record) {
    if (record.status === "practised") return "Practised on " + record.date + ".";
    if (record.status === "review") return "Marked to review on " + record.date + ".";
    return "Not marked yet.";
  }

  function levelText(level, counts) {
    var parts = LEVELS.map(function (l) { return LEVEL_NAMES[l].toLowerCase() + " " + counts[l][0] + "/" + counts[l][1]; });
    return (level ? "Level reached: " + LEVEL_NAMES[level].toLowerCase() : "Level reached: not yet mid-level") + " (" + parts.join(", ") + ").";
  }

  function indexHref() {
    return location.pathname.indexOf("/problems/") >= 0 ? "index.html" : "../problems/index.html";
  }

  /* Binds a row of progress controls: the toolbar's own, or its copy in the closing panel. */
  function bindProgressControls(row) {
    var text = row.querySelector(".sdg-status-line");
    var marks = [].slice.call(row.querySelectorAll("[data-sdg-mark]"));
    marks.forEach(function (b) { b.addEventListener("click", function () { setStatus(b.getAttribute("data-sdg-mark")); }); });
    progressViews.push(function (record) {
      text.textContent = describe(record);
      marks.forEach(function (b) {
        var status = b.getAttribute("data-sdg-mark");
        if (status) b.setAttribute("aria-pressed", record.status === status ? "true" : "false");
        else b.disabled = !record.status;
      });
    });
    return row;
  }

  function progressControls() {
    var toolbarRow = document.querySelector("[data-sdg-progress-controls]");
    return toolbarRow ? bindProgressControls(toolbarRow.cloneNode(true)) : null;
  }

  function finishPanel() {
    var levelsBox = checklist("levels", "What the interviewer expects, level by level", data.levels);
    checks.levels = levelsBox;
    var table = el("tbody");
    var reached = el("p", { className: "sdg-finish__level", "aria-live": "polite" });
    progressViews.push(function (record, counts) {
      var s = scores();
      table.replaceChildren.apply(table, data.sections.map(function (section) {
        return el("tr", {}, [el("td", { text: section.title }), el("td", { text: s[section.id][0] + " of " + s[section.id][1] })]);
      }));
      reached.textContent = levelText(levelReached(counts), counts);
    });
    return el("section", { className: "sdg-finish", "aria-labelledby": "sdg-finish-title" }, [
      el("h2", { id: "sdg-finish-title", text: "How did it go?" }),
      el("p", { text: "Tick what you covered, in each section's checklist and below. A level counts as reached when you covered three quarters of its items and of every level below it." }),
      levelsBox,
      el("table", { className: "sdg-finish__scores" }, [
        el("caption", { text: "Your score per section" }),
        el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "Section" }), el("th", { scope: "col", text: "Checked" })])]),
        table,
      ]),
      reached,
      progressControls(),
      el("p", {}, [el("a", { href: indexHref(), text: "All problems, with your progress and its export" })]),
    ]);
  }

  /* Practice mode's part of the page (prompts, notes, checklists, the closing panel)
     is built the first time the reader switches to practice: a page read in study
     mode, as most loads are, never pays for it (hundreds of elements on a phone). */
  var built = false, onBuilt = [];

  function buildPractice() {
    if (built) return;
    built = true;
    document.querySelectorAll(".sdg-section[data-section]").forEach(mountSection);
    var wrapup = document.querySelector('.sdg-section[data-section="wrap-up"]');
    if (wrapup) wrapup.after(finishPanel());
    onBuilt.forEach(function (fn) { fn(); });
    updateProgress();
  }

  /* Toolbar ----------------------------------------------------------------- */

  function toolbar() {
    var mount = document.querySelector("[data-sdg-toolbar]");
    if (!mount) return;
    bindModeSwitch(mount);
    var row = mount.querySelector("[data-sdg-progress-controls]");
    if (row) bindProgressControls(row);
    var restart = mount.querySelector("[data-sdg-fold]");
    if (restart) restart.addEventListener("click", function () {
      Object.keys(sections).forEach(function (id) { setOpen(id, false); });
    });
    mount.classList.add("sdg-toolbar--ready");
  }

  /* Start -------------------------------------------------------------------- */

  toolbar();
  document.addEventListener("sdg:asked", function (event) {
    (event.detail || []).forEach(function (itemId) { tick("requirements", itemId, true); });
  });
  applyMode(mode());
  updateProgress();
  revealTarget();
  window.addEventListener("hashchange", revealTarget);
  window.addEventListener("storage", function (event) {
    if (event.key === "sdg.mode") applyMode(mode());
  });

  window.SDGPractice = { data: data, el: el, button: button, text: renderText, mode: mode, onMode: function (fn) { listeners.push(fn); fn(mode()); },
    /* Runs fn once practice mode's part of the page exists (now, or when the reader first switches). */
    onBuilt: function (fn) { if (built) fn(); else onBuilt.push(fn); } };
})();
