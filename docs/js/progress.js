/* Progress on the problems index: each problem's status (practised or to review,
 * with the date and level reached; in progress; not started), the counts, and
 * export / import of everything the guide keeps in this browser (practice notes,
 * checklists, progress, timers, review cards) as one JSON file, via SDGStore.
 * Classic script: it must also run from file://. */
(function () {
  "use strict";

  var store = window.SDGStore;
  var panel = document.querySelector("[data-sdg-progress]");
  var cells = document.querySelectorAll(".sdg-status[data-problem]");
  if (!store || !panel) return;
  var LEVEL_NAMES = { mid: "mid-level", senior: "senior", staff: "staff" };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.append(child); });
    return node;
  }

  /* 'practised', 'review', 'started' or 'new', with the words the index shows. */
  function statusOf(slug) {
    var record = store.get("progress." + slug) || {};
    var work = store.get("practice." + slug) || {};
    var level = record.level ? ", level " + LEVEL_NAMES[record.level] : "";
    if (record.status === "practised") return ["practised", "Practised " + record.date + level];
    if (record.status === "review") return ["review", "To review (marked " + record.date + ")" + level];
    var started = Object.keys(work.notes || {}).length || Object.keys(work.checks || {}).some(function (k) { return (work.checks[k] || []).length; });
    return started ? ["started", "In progress" + level] : ["new", "Not started"];
  }

  var summary = el("p", { className: "sdg-progress__summary", role: "status" });
  var message = el("p", { className: "sdg-progress__message", role: "status" });

  function draw() {
    var counts = { practised: 0, review: 0, started: 0, new: 0 };
    cells.forEach(function (cell) {
      var status = statusOf(cell.getAttribute("data-problem"));
      counts[status[0]] += 1;
      cell.textContent = status[1];
      cell.className = "sdg-status sdg-status--" + status[0];
    });
    summary.textContent = "Your progress in this browser: " + counts.practised + " practised, " + counts.review + " to review, " +
      counts.started + " in progress, " + counts.new + " not started (of " + cells.length + ").";
  }

  var transfer = store.transferControls({
    buttonClass: "sdg-button", pickerClass: "sdg-visually-hidden", pickerId: "sdg-import",
    exported: function (count) { message.textContent = "Exported " + count + " entries."; },
    imported: function (count, file) { message.textContent = "Imported " + count + " entries from " + file.name + "."; draw(); },
    failed: function (reason) { message.textContent = reason; },
  });
  panel.classList.add("sdg-progress--ready");
  panel.append(
    summary,
    el("p", { className: "sdg-progress__buttons" }, transfer),
    message,
    el("p", { className: "sdg-progress__note", text: "Progress, notes and review cards stay in this browser. Export them to keep a copy or move them to another browser; importing replaces the entries the file holds." })
  );
  window.addEventListener("storage", draw);
  draw();
})();
