/* Section clock: where am I in the seven sections of a problem page.
 *
 * On a page with a pacing table (a table whose first column links to every
 * section heading, with Minutes and Clock columns), a slim bar sticks under the
 * header once the reader scrolls past that table. It shows the sections as a
 * timeline of the interview, each as wide as its minutes, highlights the one
 * being read and names it with its slot on the clock. Each segment links to its
 * section. The bar takes no room in the page, so showing it shifts nothing, and
 * it is built on the first scroll, so a page load does no work for it. Classes on
 * <html> (not :has() in the stylesheet, which makes every style recalculation on
 * the page a full one) tell the rest of the page that the bar is there.
 */
(() => {
  "use strict";

  const article = document.querySelector(".md-content article");
  const allHeadings = article ? [...article.querySelectorAll("h2[id]")] : [];
  if (allHeadings.length < 3) return;

  function column(table, name) {
    return [...table.querySelectorAll("thead th")].findIndex((th) => th.textContent.trim().toLowerCase() === name);
  }

  /* The pacing table: rows of [section link, minutes, clock], one per timed section
     (the page's other h2, such as what the interviewer expects, have no slot). */
  function pacing() {
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
      if (allHeadings.filter((h) => rows.has(h.id)).length >= 3) return { table, rows };
    }
    return null;
  }

  const plan = pacing();
  if (!plan) return;
  const headings = allHeadings.filter((h) => plan.rows.has(h.id));
  const total = Math.max(...headings.map((h) => plan.rows.get(h.id).ends));

  function title(heading) {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
    return copy.textContent.trim();
  }

  function slotText(heading) {
    const slot = plan.rows.get(heading.id);
    return `minutes ${slot.ends - slot.minutes}–${slot.ends} of ${total}`;
  }

  function build() {
    const holder = document.createElement("div");
    holder.className = "section-clock";
    const nav = document.createElement("nav");
    nav.className = "section-clock__bar";
    nav.setAttribute("aria-label", "Sections");
    const list = document.createElement("ol");
    const now = document.createElement("p");
    now.className = "section-clock__now";
    const links = headings.map((heading, index) => {
      const item = document.createElement("li");
      item.className = "section-clock__slot";
      item.style.flexGrow = String(plan.rows.get(heading.id).minutes);
      const link = document.createElement("a");
      link.href = `#${heading.id}`;
      link.textContent = String(index + 1);
      link.title = `${title(heading)} (${slotText(heading)})`;
      item.append(link);
      list.append(item);
      return link;
    });
    nav.append(list, now);
    holder.append(nav);
    // after the table's outermost wrapper: inside one, the bar would stick only within it
    (plan.table.closest(".sdg-cards") || plan.table.closest(".md-typeset__scrollwrap") || plan.table).after(holder);
    document.documentElement.classList.add("sdg-clocked");  // anchors land below the bar (extra.css)
    return { holder, nav, now, links, current: -2 };
  }

  let bar = null;

  function update() {
    bar ||= build();
    const stuck = bar.holder.getBoundingClientRect().top <= parseFloat(getComputedStyle(bar.holder).top) + 1;
    const line = bar.nav.getBoundingClientRect().bottom + 8;
    const index = headings.reduce((found, h, i) => (h.getBoundingClientRect().top <= line ? i : found), -1);
    bar.holder.classList.toggle("section-clock--shown", stuck);
    document.documentElement.classList.toggle("sdg-clock-shown", stuck);  // moves "back to top" below the bar
    if (index === bar.current) return;
    bar.current = index;
    bar.links.forEach((link, i) => {
      if (i === index) link.setAttribute("aria-current", "location");
      else link.removeAttribute("aria-current");
    });
    bar.now.textContent = index < 0 ? `${total}-minute interview` : `${title(headings[index])} · ${slotText(headings[index])}`;
  }

  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; update(); });
  };
  addEventListener("scroll", schedule, { passive: true });
  addEventListener("resize", () => { if (bar) schedule(); });
  if (location.hash) addEventListener("load", schedule);
})();
