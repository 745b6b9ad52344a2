/* The interviewer dialogue: in practice mode, the requirements section becomes a
 * conversation. Pick the clarifying questions you would ask (the problem's own,
 * mixed with plausible distractors in a fixed shuffled order), read the
 * interviewer's answers one at a time, then see which important questions you
 * missed and why each distractor does not move this design. The state is kept per
 * problem through SDGStore. Built with the rest of practice mode, when the reader
 * first switches to it. Needs practice.js (SDGPractice). Classic script. */
(function () {
  "use strict";

  var P = window.SDGPractice, store = window.SDGStore;
  if (!P || !store) return;
  P.onBuilt(function () {
    var mount = document.querySelector("[data-sdg-dialogue]");
    if (mount) start(mount);
  });

  function start(mount) {
    var dialogue = P.data.dialogue, el = P.el, text = P.text;
    var KEY = "dialogue." + P.data.slug;
    var byId = {};
    dialogue.questions.forEach(function (q) { byId[q.id] = q; });
    var state = Object.assign({ picked: [], shown: 0, stage: "pick" }, store.get(KEY) || {});
    state.picked = state.picked.filter(function (id) { return id in byId; });

    function save() { store.set(KEY, state); }

    function isReal(q) { return "answer" in q; }

    var heading = el("h3", { id: "sdg-dialogue-title", tabindex: "-1", text: "Your clarifying questions" });
    var body = el("div", { className: "sdg-dialogue__body" });
    mount.append(heading, body);

    function go(stage) {
      state.stage = stage;
      save();
      draw();
    }

    function pickStage() {
      var ask = P.button("Ask the interviewer", function () { state.shown = 1; go("talk"); });
      var boxes = dialogue.questions.map(function (q) {
        var box = el("input", { type: "checkbox", id: "sdg-ask-" + q.id, value: q.id });
        box.checked = state.picked.indexOf(q.id) >= 0;
        box.addEventListener("change", function () {
          state.picked = dialogue.questions.map(function (x) { return x.id; }).filter(function (id) {
            return id === q.id ? box.checked : state.picked.indexOf(id) >= 0;
          });
          ask.disabled = state.picked.length === 0;
          save();
        });
        return el("li", {}, [box, text(el("label", { for: box.id }), q.text)]);
      });
      ask.disabled = state.picked.length === 0;
      return [
        el("p", { text: "Pick the questions you would ask before designing, usually three to five. The interviewer answers them one at a time." }),
        el("fieldset", { className: "sdg-dialogue__choices" }, [el("legend", { text: "Questions you could ask" }), el("ul", {}, boxes)]),
        el("p", {}, [ask]),
      ];
    }

    function exchange(q) {
      var reply = isReal(q) ? q.answer : dialogue.reply;
      return el("li", { className: "sdg-dialogue__exchange" }, [
        text(el("p", { className: "sdg-dialogue__you" }, [el("strong", { text: "You: " })]), q.text),
        text(el("p", { className: "sdg-dialogue__them" }, [el("strong", { text: "Interviewer: " })]), reply),
      ]);
    }

    function talkStage() {
      var asked = state.picked.slice(0, state.shown);
      var log = el("ol", { className: "sdg-dialogue__log", "aria-live": "polite" }, asked.map(function (id) { return exchange(byId[id]); }));
      var last = state.shown >= state.picked.length;
      var next = last
        ? P.button("See what you missed", function () {
          // tick the checklist's "Asked: ..." items for the real questions asked
          document.dispatchEvent(new CustomEvent("sdg:asked", {
            detail: state.picked.filter(function (id) { return isReal(byId[id]); }).map(function (id) { return "ask-" + id.slice(1); }),
          }));
          go("summary");
          heading.focus();
        })
        : P.button("Next answer (" + (state.shown + 1) + " of " + state.picked.length + ")", function () {
          state.shown += 1;
          save();
          draw();
          body.querySelector(".sdg-dialogue__next button").focus();
        });
      return [log, el("p", { className: "sdg-dialogue__next" }, [next])];
    }

    function entry(q, lines) {
      var item = text(el("li"), q.text);
      lines.forEach(function (line) { item.append(text(el("p", {}, [el("strong", { text: line[0] + ": " })]), line[1])); });
      return item;
    }

    function group(title, questions, lines) {
      if (!questions.length) return null;
      return el("div", {}, [el("h4", { text: title }), el("ul", {}, questions.map(function (q) { return entry(q, lines(q)); }))]);
    }

    function summaryStage() {
      var picked = function (q) { return state.picked.indexOf(q.id) >= 0; };
      var real = dialogue.questions.filter(isReal), decoys = dialogue.questions.filter(function (q) { return !isReal(q); });
      var key = real.filter(function (q) { return q.key; });
      var missedKey = key.filter(function (q) { return !picked(q); });
      var missedOther = real.filter(function (q) { return !q.key && !picked(q); });
      var askedDecoys = decoys.filter(picked);
      var lines = function (q) { return [["Answer", q.answer], ["Why it matters", q.impact]]; };
      var verdict = el("p", { className: "sdg-dialogue__verdict", role: "status",
        text: "You asked " + state.picked.length + " question" + (state.picked.length === 1 ? "" : "s") + ": " +
          (key.length - missedKey.length) + " of the " + key.length + " that matter most, and " +
          askedDecoys.length + " of " + decoys.length + " that do not move this design." });
      return [
        verdict,
        missedKey.length ? group("Important questions you missed", missedKey, lines) : el("p", { text: "You asked every important question." }),
        group("Also worth asking", missedOther, lines),
        group("Questions that do not move this design", decoys, function (q) {
          return [[picked(q) ? "You asked it, but" : "Rightly skipped", q.why_not]];
        }),
        el("p", {}, [P.button("Start the conversation again", function () { state.shown = 0; go("pick"); heading.focus(); })]),
      ];
    }

    function draw() {
      var stage = state.stage === "talk" && state.picked.length ? talkStage()
        : state.stage === "summary" ? summaryStage() : pickStage();
      body.replaceChildren.apply(body, stage.filter(Boolean));
    }

    draw();
  }
})();
