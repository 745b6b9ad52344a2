// Preview server only (mkdocs serve; the hook leaves this file out of real builds):
// when the last save did not build, show its errors over the page, which is the last good build.
(() => {
  "use strict";
  const status = new URL("../sdg-build-status.json", document.currentScript.src);

  function item(entry) {
    const li = document.createElement("li");
    if (entry.where) {
      const where = document.createElement("code");
      where.textContent = entry.where;
      li.append(where, " ");
    }
    if (entry.code) {
      const code = document.createElement("strong");
      code.textContent = entry.code;
      li.append(code, " ");
    }
    li.append(entry.message);  // text, never markup: messages quote contributors' files
    return li;
  }

  function show(report) {
    const box = document.createElement("section");
    box.className = "sdg-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", "sdg-overlay-title");
    const title = document.createElement("h2");
    title.id = "sdg-overlay-title";
    const count = report.errors.length;
    const findings = `${count} ${count === 1 ? "finding" : "findings"}`;
    title.textContent = {
      "last good": `The last save did not build (${findings}): this is the last good build`,
      "left out": `${findings}: problem files with errors are left out of this preview until they build`,
      built: `${findings}: warnings, which CI treats as errors`,
    }[report.shown] || findings;
    const list = document.createElement("ul");
    list.append(...report.errors.map(item));
    const close = document.createElement("button");
    close.type = "button";
    close.className = "sdg-overlay__close";
    close.textContent = "Hide";
    close.addEventListener("click", () => box.remove());
    box.append(close, title, list);
    document.body.prepend(box);
  }

  fetch(status, { cache: "no-store" })
    .then((response) => (response.ok ? response.json() : null))
    .then((report) => {
      if (report && Array.isArray(report.errors) && report.errors.length) show(report);
    })
    .catch(() => {});
})();
