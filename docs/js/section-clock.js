/* Section clock: where am I in the seven sections of a problem page.
 *
 * On a page with a pacing table (a table whose first column links to every
 * section heading, with Minutes and Clock columns), a slim bar sticks under the
 * header once the reader scrolls past that table. It shows the sections as a
 * timeline of the interview, each as wide as its minutes, highlights the one
 * being read and names it with its slot on the clock. Each segment links to its
 * section. The bar takes no room in the page, so showing it shifts nothing.
 */
(() => {
  "use strict";

  const article = document.querySelector(".md-content article");
  if (!article) return;
  const headings = [...article.querySelectorAll("h2[id]")];
  if (headings.length < 3) return;

  function column(table, name) {
    const cells = [...table.querySelectorAll("thead th")];
    return cells.findIndex((th) => th.textContent.trim().toLowerCase() === name);
  }

  /* The pacing table: rows of [section link, minutes, clock] for every h2. */
  function pacing() {
    const ids = headings.map((h) => h.id);
    for (const table of article.querySelectorAll("table")) {
      const minutes = column(table, "minutes");
      const clock = column(table, "clock");
      if (minutes < 0 || clock < 0) continue;
      const rows = new Map();
      for (const row of table.querySelectorAll("tbody tr")) {
        const link = row.cells[0] && row.cells[0].querySelector('a[href^="#"]');
        if (!link) continue;
        rows.set(link.getAttribute("href").slice(1), {
          minutes: Number(row.cells[minutes].textContent.trim()) || 1,
          ends: Number(row.cells[clock].textContent.trim()) || 0,
        });
      }
      if (ids.every((id) => rows.has(id))) return { table, rows };
    }
    return null;
  }

  const plan = pacing();
  if (!plan) return;

  function title(heading) {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
    return copy.textContent.trim();
  }

  const total = Math.max(...headings.map((h) => plan.rows.get(h.id).ends));
  const holder = document.createElement("div");
  holder.className = "section-clock";
  const nav = document.createElement("nav");
  nav.className = "section-clock__bar";
  nav.setAttribute("aria-label", "Sections");
  const list = document.createElement("ol");
  const now = document.createElement("p");
  now.className = "section-clock__now";
  const links = headings.map((heading, index) => {
    const slot = plan.rows.get(heading.id);
    const item = document.createElement("li");
    item.style.flexGrow = String(slot.minutes);
    const link = document.createElement("a");
    link.href = `#${heading.id}`;
    link.textContent = String(index + 1);
    link.title = `${title(heading)} (minute ${slot.ends - slot.minutes} to ${slot.ends})`;
    item.append(link);
    list.append(item);
    return link;
  });
  nav.append(list, now);
  holder.append(nav);
  plan.table.closest(".md-typeset__scrollwrap, table").after(holder);
  document.documentElement.classList.add("has-section-clock");

  let current = -2;
  function update() {
    const top = holder.getBoundingClientRect().top;
    const stuck = top <= parseFloat(getComputedStyle(holder).top) + 1;
    holder.classList.toggle("section-clock--shown", stuck);
    const line = nav.getBoundingClientRect().bottom + 8;
    let index = -1;
    headings.forEach((heading, i) => { if (heading.getBoundingClientRect().top <= line) index = i; });
    if (index === current) return;
    current = index;
    links.forEach((link, i) => {
      if (i === index) link.setAttribute("aria-current", "location");
      else link.removeAttribute("aria-current");
    });
    if (index < 0) { now.textContent = `${total}-minute interview`; return; }
    const slot = plan.rows.get(headings[index].id);
    now.textContent = `${title(headings[index])} · minute ${slot.ends - slot.minutes}-${slot.ends} of ${total}`;
  }

  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; update(); });
  };
  addEventListener("scroll", schedule, { passive: true });
  addEventListener("resize", schedule);
  update();
})();
