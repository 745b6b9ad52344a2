/* Review: spaced repetition of the guide's flashcards, in this browser.
 *
 * The cards come from review/cards.js (window.SDG_CARDS, generated from the problem
 * and data files); ts-fsrs (window.FSRS, vendored) schedules them; the schedule is
 * kept through SDGStore under "review", so the progress export carries it with the
 * practice notes. Keyboard first: Space shows the answer, 1-4 grade it, U undoes.
 * Card text is only ever set as text, never parsed as HTML. Classic script: it must
 * also run from file://, where module scripts do not. */
(function () {
  "use strict";

  var root = document.getElementById("sdg-review");
  if (!root) return;
  var data = window.SDG_CARDS, FSRS = window.FSRS, store = window.SDGStore;
  if (!data || !FSRS || !store) {
    root.textContent = "The review could not start: review/cards.js, the scheduler or the store did not load.";
    return;
  }

  var STATE = "review", SETTINGS = "review.settings";
  var LEARN_AHEAD = 20 * 60 * 1000;  // a card in its learning steps due within 20 min comes back in this session
  var DAY = 24 * 3600 * 1000;
  var GRADES = [
    { rating: FSRS.Rating.Again, name: "Again", key: "1" },
    { rating: FSRS.Rating.Hard, name: "Hard", key: "2" },
    { rating: FSRS.Rating.Good, name: "Good", key: "3" },
    { rating: FSRS.Rating.Easy, name: "Easy", key: "4" }
  ];
  var scheduler = FSRS.fsrs({ enable_fuzz: true });
  var byId = {}, deckTitles = {}, deckTags = {}, kindTitles = {};
  data.decks.forEach(function (d) { deckTitles[d.id] = d.title; deckTags[d.id] = d.tags || []; });
  data.cards.forEach(function (c) { c.tags = deckTags[c.deck] || []; byId[c.id] = c; });
  data.kinds.forEach(function (k) { kindTitles[k.id] = k.title; });

  // Stored data ---------------------------------------------------------------

  function loadState() {
    var s = store.get(STATE);
    if (!s || typeof s !== "object" || typeof s.cards !== "object" || s.cards === null) s = { version: 1, cards: {}, days: {} };
    if (typeof s.days !== "object" || s.days === null) s.days = {};
    return s;
  }

  function loadSettings() {
    var s = store.get(SETTINGS) || {};
    return {
      decks: Array.isArray(s.decks) ? s.decks : null,   // null: every deck
      kinds: Array.isArray(s.kinds) ? s.kinds : null,   // null: every section
      tag: typeof s.tag === "string" ? s.tag : "",
      cut: s.cut === true,
      newPerDay: typeof s.newPerDay === "number" && s.newPerDay >= 0 ? Math.min(s.newPerDay, 500) : 20
    };
  }

  var state = loadState(), settings = loadSettings();

  function today(now) {
    var d = new Date(now), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function day(now) {
    var key = today(now);
    if (!state.days[key]) {
      state.days[key] = { reviews: 0, fresh: 0, extra: 0 };
      Object.keys(state.days).sort().slice(0, -60).forEach(function (old) { delete state.days[old]; });  // keep 60 days of counts
    }
    return state.days[key];
  }

  /* A stored schedule as an FSRS card, or null when there is none (or it is unreadable). */
  function scheduled(id) {
    var s = state.cards[id];
    if (!s) return null;
    try { return FSRS.TypeConvert.card(s); } catch (e) { return null; }
  }

  function saved(card) {
    var out = {};
    Object.keys(card).forEach(function (k) { out[k] = card[k] instanceof Date ? card[k].getTime() : card[k]; });
    if (!card.last_review) delete out.last_review;
    return out;
  }

  /* Keep the schedule; a full or blocked storage is said on the page, and the session goes on in memory. */
  function save() {
    try {
      store.set(STATE, state);
      return true;
    } catch (e) {
      message.textContent = "This browser would not store the schedule (" + e.name + "): export your progress to keep it.";
      return false;
    }
  }

  // Choosing cards --------------------------------------------------------------

  function chosen(card) {
    return (!settings.decks || settings.decks.indexOf(card.deck) >= 0) &&
      (!settings.kinds || settings.kinds.indexOf(card.kind) >= 0) &&
      (!settings.tag || card.tags.indexOf(settings.tag) >= 0) &&
      (!settings.cut || card.key);
  }

  function learning(s) { return s.state === FSRS.State.Learning || s.state === FSRS.State.Relearning; }

  function newLeft(now) {
    var d = day(now);
    return Math.max(0, settings.newPerDay + d.extra - d.fresh);
  }

  var queue = [], later = [], current = null, revealed = false, undo = null, reviewed = 0;

  /* The session: cards due now (learning ones up to LEARN_AHEAD early), oldest first, then today's new cards in page order. */
  function build(now) {
    var due = [], fresh = [];
    data.cards.forEach(function (c) {
      if (!chosen(c)) return;
      var s = scheduled(c.id);
      if (!s) fresh.push(c.id);
      else if (s.due.getTime() <= now + (learning(s) ? LEARN_AHEAD : 0)) due.push([s.due.getTime(), c.id]);
    });
    due.sort(function (a, b) { return a[0] - b[0]; });
    queue = due.map(function (d) { return d[1]; }).concat(fresh.slice(0, newLeft(now)));
    later = [];
    current = null;
  }

  /* Next card: a learning card already due again, else the queue, else a learning card early. */
  function next(now) {
    later.sort(function (a, b) { return a[0] - b[0]; });
    if (later.length && later[0][0] <= now) return later.shift()[1];
    if (queue.length) return queue.shift();
    return later.length ? later.shift()[1] : null;
  }

  // Drawing ------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (child) { if (child != null) node.append(child); });
    return node;
  }

  /* Labelled lines as paragraphs, unlabelled ones as a list. */
  function lines(items, className) {
    var box = el("div", { className: className }), list = null;
    items.forEach(function (line) {
      if (!line[0]) {
        if (!list) { list = el("ul"); box.append(list); }
        list.append(el("li", { text: line[1] }));
        return;
      }
      list = null;
      box.append(el("p", { className: "sdg-review__line" }, [el("strong", { text: line[0] + ":" }), " " + line[1]]));
    });
    return box;
  }

  function span(ms) {
    var m = Math.max(1, Math.round(ms / 60000));
    if (m < 60) return m + " min";
    if (m < 60 * 24) return Math.round(m / 60) + " h";
    var d = ms / DAY;
    if (d < 30) return Math.round(d) + (Math.round(d) === 1 ? " day" : " days");
    if (d < 365) return (d / 30).toFixed(1).replace(/\.0$/, "") + " mo";
    return (d / 365).toFixed(1).replace(/\.0$/, "") + " y";
  }

  var status = el("p", { className: "sdg-review__status", role: "status" });
  var stage = el("div", { className: "sdg-review__stage" });
  var message = el("p", { className: "sdg-review__message", role: "status" });

  function counts(now) {
    var selected = 0, unseen = 0, due = 0;
    data.cards.forEach(function (c) {
      if (!chosen(c)) return;
      selected += 1;
      var s = scheduled(c.id);
      if (!s) unseen += 1;
      else if (s.due.getTime() <= now) due += 1;
    });
    var left = queue.length + later.length + (current ? 1 : 0);
    status.textContent = "Reviewed this session: " + reviewed + ". Left: " + left + ". Due now: " + due +
      ". New today: " + Math.min(newLeft(now), unseen) + " more (of " + unseen + " not seen yet). Cards chosen: " + selected + ".";
  }

  /* Draw the current card (or the next); `focus` moves the keyboard focus to it after a grade or an undo. */
  function show(now, focus) {
    revealed = false;
    stage.replaceChildren();
    if (!current) current = next(now);
    counts(now);
    if (!current) { stage.append(done(now)); return; }
    var card = byId[current], s = scheduled(card.id);
    var context = el("p", { className: "sdg-review__context" }, [
      (deckTitles[card.deck] || card.deck) + " · " + (kindTitles[card.kind] || card.kind),
      s ? null : el("span", { className: "sdg-review__badge", text: "New" }),
      card.key ? el("span", { className: "sdg-review__badge", text: "Interview cut" }) : null
    ]);
    var front = el("h2", { className: "sdg-review__front", tabindex: "-1", text: card.front });
    var reveal = el("button", { type: "button", className: "sdg-review__button sdg-review__button--main" },
      ["Show answer ", el("kbd", { text: "Space" })]);
    reveal.addEventListener("click", function () { showAnswer(Date.now()); });
    stage.append(el("article", { className: "sdg-review__card", "aria-label": "Card" }, [
      context, front, el("p", { className: "sdg-review__prompt", text: card.prompt }),
      card.given.length ? lines(card.given, "sdg-review__given") : null,
      el("p", { className: "sdg-review__actions" }, [reveal])
    ]));
    if (focus) front.focus({ preventScroll: true });
  }

  function showAnswer(now) {
    if (!current || revealed) return;
    revealed = true;
    var card = byId[current];
    var s = scheduled(card.id) || FSRS.createEmptyCard(new Date(now));
    var preview = scheduler.repeat(s, new Date(now));
    var answer = el("section", { className: "sdg-review__answer", tabindex: "-1", "aria-label": "Answer" }, [
      lines(card.back, "sdg-review__back"),
      el("p", { className: "sdg-review__source" }, [el("a", { href: card.href, text: "Read it on its page" })])
    ]);
    var buttons = GRADES.map(function (g) {
      var wait = preview[g.rating].card.due.getTime() - now;
      var b = el("button", { type: "button", className: "sdg-review__button sdg-review__grade sdg-review__grade--" + g.name.toLowerCase(),
        "data-grade": g.key, "aria-label": g.name + ", next in " + span(wait) + " (key " + g.key + ")" },
        [el("kbd", { text: g.key }), " " + g.name, el("span", { className: "sdg-review__wait", text: span(wait) })]);
      b.addEventListener("click", function () { grade(g, Date.now()); });
      return b;
    });
    var actions = stage.querySelector(".sdg-review__actions");
    actions.replaceChildren(el("span", { className: "sdg-review__ask", text: "How well did you recall it?" }),
      el("span", { className: "sdg-review__grades", role: "group", "aria-label": "Grade your recall" }, buttons));
    actions.before(answer);
    answer.focus({ preventScroll: true });
  }

  function grade(g, now) {
    if (!current || !revealed) return;
    var id = current, before = state.cards[id], d = day(now);
    var s = scheduled(id);
    var result = scheduler.next(s || FSRS.createEmptyCard(new Date(now)), new Date(now), g.rating);
    undo = { id: id, before: before, fresh: !s, queue: queue.slice(), later: later.slice(), day: today(now) };
    state.cards[id] = saved(result.card);
    d.reviews += 1;
    if (!s) d.fresh += 1;
    reviewed += 1;
    var due = result.card.due.getTime();
    if (due <= now + LEARN_AHEAD) later.push([due, id]);
    current = null;
    show(now, true);
    if (save()) message.textContent = "Graded " + g.name + ": next review in " + span(due - now) + ".";
  }

  function undoLast() {
    if (!undo) return;
    var u = undo, d = state.days[u.day];
    undo = null;
    if (u.before) state.cards[u.id] = u.before; else delete state.cards[u.id];
    if (d) { d.reviews = Math.max(0, d.reviews - 1); if (u.fresh) d.fresh = Math.max(0, d.fresh - 1); }
    reviewed = Math.max(0, reviewed - 1);
    queue = u.queue;
    later = u.later;
    current = u.id;
    show(Date.now(), true);
    if (save()) message.textContent = "Undone: the card is back as it was.";
  }

  function done(now) {
    var soonest = null;
    data.cards.forEach(function (c) {
      var s = chosen(c) && scheduled(c.id);
      if (s && (soonest === null || s.due.getTime() < soonest)) soonest = s.due.getTime();
    });
    var more = el("button", { type: "button", className: "sdg-review__button", text: "Add 10 new cards today" });
    more.addEventListener("click", function () {
      day(Date.now()).extra += 10;
      save();
      restart();
    });
    var when = soonest === null ? "" : " The next card is due in " + span(Math.max(0, soonest - now)) + ".";
    return el("div", { className: "sdg-review__done", tabindex: "-1" }, [
      el("h2", { className: "sdg-review__front", text: "All caught up" }),
      el("p", { text: "Nothing is due in what you chose." + when }),
      el("p", { className: "sdg-review__actions" }, [more])
    ]);
  }

  function restart() {
    build(Date.now());
    show(Date.now());
  }

  // Choosing panel -------------------------------------------------------------------

  function checkboxes(legend, name, items, picked, onChange) {
    var boxes = items.map(function (item) {
      var input = el("input", { type: "checkbox", name: name, value: item.id });
      input.checked = !picked || picked.indexOf(item.id) >= 0;
      input.addEventListener("change", onChange);
      return el("label", { className: "sdg-review__check" }, [input, " " + item.title + " (" + item.count + ")"]);
    });
    function all(on) {
      return function () { boxes.forEach(function (b) { b.querySelector("input").checked = on; }); onChange(); };
    }
    var every = el("button", { type: "button", className: "sdg-review__link", text: "all" });
    var none = el("button", { type: "button", className: "sdg-review__link", text: "none" });
    every.addEventListener("click", all(true));
    none.addEventListener("click", all(false));
    return el("fieldset", { className: "sdg-review__group" }, [
      el("legend", {}, [legend + " ", every, " ", none]), el("div", { className: "sdg-review__checks" }, boxes)
    ]);
  }

  function picked(form, name) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]'));
    var on = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    return on.length === inputs.length ? null : on;
  }

  function tally(key) {
    var n = {};
    data.cards.forEach(function (c) { n[c[key]] = (n[c[key]] || 0) + 1; });
    return n;
  }

  function summary() {
    var decks = settings.decks ? settings.decks.length + " of " + data.decks.length + " decks" : "every deck";
    var kinds = !settings.kinds ? "every section" : settings.kinds.length + (settings.kinds.length === 1 ? " section" : " sections");
    return "Choose cards: " + decks + ", " + kinds + (settings.tag ? ", tag " + settings.tag : "") +
      (settings.cut ? ", interview cut only" : "") + "; " + settings.newPerDay + " new a day";
  }

  function chooser() {
    var perDeck = tally("deck"), perKind = tally("kind");
    var form = el("form", { className: "sdg-review__form" });
    var label = el("summary", { text: summary() });
    function changed() {
      settings.decks = picked(form, "deck");
      settings.kinds = picked(form, "kind");
      settings.tag = tag.value;
      settings.cut = cut.checked;
      var n = parseInt(perDay.value, 10);
      settings.newPerDay = isNaN(n) || n < 0 ? 0 : Math.min(n, 500);
      store.set(SETTINGS, settings);
      label.textContent = summary();
      restart();
    }
    var tags = {};
    data.cards.forEach(function (c) { c.tags.forEach(function (t) { tags[t] = (tags[t] || 0) + 1; }); });
    var tag = el("select", { id: "sdg-review-tag" }, [el("option", { value: "", text: "any" })].concat(
      Object.keys(tags).sort().map(function (t) { return el("option", { value: t, text: t + " (" + tags[t] + ")" }); })));
    tag.value = tags[settings.tag] ? settings.tag : "";
    var cut = el("input", { type: "checkbox", id: "sdg-review-cut" });
    cut.checked = settings.cut;
    var perDay = el("input", { type: "number", id: "sdg-review-new", min: "0", max: "500", step: "1", value: String(settings.newPerDay) });
    [tag, cut, perDay].forEach(function (input) { input.addEventListener("change", changed); });
    form.addEventListener("submit", function (e) { e.preventDefault(); changed(); });
    form.append(
      checkboxes("Decks", "deck", data.decks.filter(function (d) { return perDeck[d.id]; })
        .map(function (d) { return { id: d.id, title: d.title, count: perDeck[d.id] }; }), settings.decks, changed),
      checkboxes("Sections", "kind", data.kinds.filter(function (k) { return perKind[k.id]; })
        .map(function (k) { return { id: k.id, title: k.title, count: perKind[k.id] }; }), settings.kinds, changed),
      el("p", { className: "sdg-review__fields" }, [
        el("label", { for: "sdg-review-tag", text: "Focus tag " }), tag, " ",
        el("label", { className: "sdg-review__check" }, [cut, " Interview cut only"]), " ",
        el("label", { for: "sdg-review-new", text: "New cards a day " }), perDay
      ])
    );
    return el("details", { className: "sdg-review__choose" }, [label, form]);
  }

  // Export and import, with the practice progress (one file for everything SDGStore keeps) ---

  function transfer() {
    return el("p", { className: "sdg-review__transfer" }, store.transferControls({
      buttonClass: "sdg-review__button", pickerClass: "sdg-review__file",
      exported: function (count) { message.textContent = "Exported " + count + " entries: review schedule, practice notes and progress."; },
      imported: function (count, file) {
        state = loadState();
        settings = loadSettings();
        undo = null;
        panel.replaceChild(chooser(), panel.querySelector(".sdg-review__choose"));
        restart();
        message.textContent = "Imported " + count + " entries from " + file.name + ".";
      },
      failed: function (reason) { message.textContent = reason; },
    }));
  }

  // Keys ---------------------------------------------------------------------------------

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
  }

  /* Space on another button or link keeps its usual meaning. */
  function pressable(target) {
    return target && /^(BUTTON|A|SUMMARY)$/.test(target.tagName) && !target.classList.contains("sdg-review__button--main");
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (e.key === " " && current && !revealed && !pressable(e.target)) {
      e.preventDefault();
      showAnswer(Date.now());
      return;
    }
    var g = GRADES.filter(function (x) { return x.key === e.key; })[0];
    if (g && revealed) {
      e.preventDefault();
      grade(g, Date.now());
    } else if ((e.key === "u" || e.key === "U") && undo) {
      e.preventDefault();
      undoLast();
    }
  });

  /* Another tab graded cards: take its schedule, keep this tab's current card. */
  window.addEventListener("storage", function (e) {
    if (e.key !== "sdg." + STATE) return;
    state = loadState();
    undo = null;
    counts(Date.now());
  });

  var panel = el("div", { className: "sdg-review__panel" }, [chooser(), status, stage, message, transfer()]);
  root.replaceChildren(panel);
  root.classList.add("sdg-review--ready");
  restart();
})();
