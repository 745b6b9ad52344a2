/* Diagrams: draw each Mermaid block at its natural size when it nears the screen.
 *
 * mkdocs-mermaid2-plugin inserts this script (its `javascript:` option) only on
 * pages with a diagram, followed by `window.mermaidConfig = {default: {...}}`
 * holding the plugin's `arguments:`. The script runs before DOMContentLoaded,
 * so it turns every `pre.mermaid` into a figure before Material's own Mermaid
 * support looks for `pre.mermaid` (Material would fetch Mermaid from a CDN).
 *
 * The 3.5 MB Mermaid library (mermaid.min.js, next to this file) is loaded
 * only when a diagram comes within a screen and a half of the viewport; each
 * diagram is drawn then, into an open shadow root, in a box that keeps an
 * estimated height until it is drawn (the real size is remembered for the
 * next visit). A diagram is drawn at its natural size, or smaller to fit the
 * column as long as its smallest text stays at MIN_TEXT px; wider than that,
 * it scrolls sideways inside its box. Colours come from CSS
 * variables (docs/css/diagrams.css), so Material's palette toggle restyles a
 * drawn diagram at once. Printing draws whatever is still waiting.
 * The full-screen view lives in diagram-viewer.js, loaded after the first draw.
 */
(() => {
  "use strict";

  const blocks = [...document.querySelectorAll("pre.mermaid")];
  if (!blocks.length) return;

  const here = document.currentScript.src;
  const LIBRARY = new URL("mermaid.min.js", here).href;
  const VIEWER = new URL("diagram-viewer.js", here).href;
  const AHEAD = "150% 0px";
  const SIZE_KEY = "sg-diagram-size:";
  const MIN_TEXT = 11;  // px: a diagram shrinks to fit its column only this far

  /* Every element Mermaid draws, coloured from variables: arrowheads, badges, notes included. */
  const THEME_CSS = `
    .node rect, .node circle, .node ellipse, .node polygon, .node path, .node .basic
      { fill: var(--sg-diagram-node-fill) !important; stroke: var(--sg-diagram-node-line) !important; }
    .nodeLabel, .nodeLabel p, .node .label, .node text, .cluster-label span, .label text
      { color: var(--sg-diagram-text) !important; fill: var(--sg-diagram-text) !important; }
    .cluster rect { fill: var(--sg-diagram-cluster-fill) !important; stroke: var(--sg-diagram-lifeline) !important; }
    .flowchart-link, .edgePath .path { stroke: var(--sg-diagram-line) !important; }
    .marker, marker path, .arrowheadPath
      { fill: var(--sg-diagram-line) !important; stroke: var(--sg-diagram-line) !important; }
    .edgeLabel, .edgeLabel p, .edgeLabel span, .labelBkg
      { background-color: var(--sg-diagram-label-fill) !important; color: var(--sg-diagram-edge-text) !important; fill: var(--sg-diagram-edge-text) !important; }
    .edgeLabel rect { fill: var(--sg-diagram-label-fill) !important; opacity: 1 !important; }
    .actor, rect.actor { fill: var(--sg-diagram-node-fill) !important; stroke: var(--sg-diagram-node-line) !important; }
    text.actor, text.actor > tspan { fill: var(--sg-diagram-text) !important; }
    .actor-line, line.actor-line { stroke: var(--sg-diagram-lifeline) !important; }
    .messageLine0, .messageLine1 { stroke: var(--sg-diagram-line) !important; }
    .messageText { fill: var(--sg-diagram-edge-text) !important; stroke: none !important; }
    [id$="-arrowhead"] path, [id$="-crosshead"] path, [id$="-filled-head"] path
      { fill: var(--sg-diagram-line) !important; stroke: var(--sg-diagram-line) !important; }
    [id$="-sequencenumber"], [id$="-sequencenumber"] circle { fill: var(--sg-diagram-badge) !important; }
    .sequenceNumber { fill: var(--sg-diagram-badge-text) !important; }
    .note { fill: var(--sg-diagram-note-fill) !important; stroke: var(--sg-diagram-note-line) !important; }
    .noteText, .noteText > tspan { fill: var(--sg-diagram-text) !important; }
    .labelBox { fill: var(--sg-diagram-node-fill) !important; stroke: var(--sg-diagram-node-line) !important; }
    .labelText, .labelText > tspan, .loopText, .loopText > tspan { fill: var(--sg-diagram-text) !important; }
    .loopLine { stroke: var(--sg-diagram-lifeline) !important; }
    .activation0, .activation1, .activation2 { fill: var(--sg-diagram-cluster-fill) !important; stroke: var(--sg-diagram-node-line) !important; }
    .transition, .relation, .relationshipLine { stroke: var(--sg-diagram-line) !important; }
    .stateLabel text, .state-title, g.stateGroup text, .entityLabel, .relationshipLabel
      { fill: var(--sg-diagram-text) !important; color: var(--sg-diagram-text) !important; }
    .node .divider, .statediagram-state rect.divider { stroke: var(--sg-diagram-node-line) !important; }
    .start-state, .end-state-inner, .state-start, .node circle.state-end
      { fill: var(--sg-diagram-line) !important; stroke: var(--sg-diagram-line) !important; }
  `;
  const HOST_CSS = ":host { display: block; } svg { display: block; max-width: none !important; height: auto; }"
    + " @media print { svg { max-width: 100% !important; } }";

  const figures = blocks.map(toFigure);
  let library = null;  // promise of the initialised Mermaid API
  let queue = Promise.resolve();
  let viewer = null;

  /* A cheap, stable hash of the source, to remember a drawn diagram's height. */
  function hash(text) {
    let h = 5381;
    for (let i = 0; i < text.length; i++) h = (h * 33) ^ text.charCodeAt(i);
    return (h >>> 0).toString(36);
  }

  function remembered(key) {
    try { return JSON.parse(localStorage.getItem(SIZE_KEY + key)) || null; } catch { return null; }
  }

  function remember(key, size) {
    try { localStorage.setItem(SIZE_KEY + key, JSON.stringify(size)); } catch { /* storage off */ }
  }

  /* Smallest font size in a drawn diagram, at its natural size. */
  function smallestText(svg) {
    let smallest = Infinity;
    for (const el of svg.querySelectorAll("text, foreignObject *")) {
      if (!el.textContent.trim() || (el.children.length && el.tagName !== "text")) continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize) || Infinity);
    }
    return Number.isFinite(smallest) ? smallest : 16;
  }

  /* The column's width inside a diagram's box: as the ResizeObserver last reported it, else measured. */
  function roomOf(item) {
    if (item.room === undefined) {
      const style = getComputedStyle(item.scroll);
      item.room = item.scroll.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    }
    return item.room;
  }

  /* Scale that fits the column without taking the smallest text under MIN_TEXT. */
  function scaleFor(item, size) {
    return Math.min(1, Math.max(roomOf(item) / size.width, MIN_TEXT / size.smallest));
  }

  /* Size a drawn diagram, or the space kept for one still waiting (remembered or estimated size). */
  function fit(item, scale) {
    const svg = item.canvas.shadowRoot && item.canvas.shadowRoot.querySelector("svg");
    if (svg && item.size) {
      svg.style.width = `${item.size.width * scale}px`;
      svg.style.height = `${item.size.height * scale}px`;
      item.figure.dataset.scale = scale.toFixed(3);
    } else {
      item.canvas.style.height = `${item.known.height * scale}px`;
    }
  }

  /* Resize the boxes whose width changed, from the widths the observer reports: no layout is
     forced, not even for a box whose answer has not been rendered yet (render-later.js). */
  function fitResized(entries) {
    for (const entry of entries) {
      const item = figures.find((candidate) => candidate.scroll === entry.target);
      if (!entry.contentRect.width) continue;  // hidden (a folded answer): fitted when shown
      item.room = entry.contentRect.width;
      fit(item, scaleFor(item, item.size || item.known));
    }
  }

  /* A flowchart's layers: how many ranks deep its longest chain is, and the most nodes on one rank. */
  function layers(source) {
    const before = new Map();
    const nodes = new Set();
    const link = /^\s*([\w-]+)\s*(?:-{2,}|-\.+-|={2,}|~{3})[->ox]?(?:\|[^|]*\|)?\s*([\w-]+)/gm;
    for (const [, from, to] of source.matchAll(link)) {
      nodes.add(from).add(to);
      if (!before.has(to)) before.set(to, []);
      before.get(to).push(from);
    }
    for (const [, id] of source.matchAll(/^\s*([\w-]+)\s*(?:@\{|\[|\(|\{|>)/gm)) nodes.add(id);
    const depth = new Map();
    const rank = (node, path) => {
      if (depth.has(node)) return depth.get(node);
      if (path.has(node)) return 0;
      path.add(node);
      const r = 1 + Math.max(0, ...(before.get(node) || []).map((n) => rank(n, path)));
      path.delete(node);
      depth.set(node, r);
      return r;
    };
    const counts = new Map();
    for (const node of nodes) counts.set(rank(node, new Set()), (counts.get(rank(node, new Set())) || 0) + 1);
    return { deep: Math.max(1, ...counts.keys()), widest: Math.max(1, ...counts.values()) };
  }

  /* A diagram's natural size, guessed from its source (within about 15 % for the
     diagrams the pipeline draws), to keep its space until it is drawn. */
  function estimate(source) {
    const lines = source.split("\n").map((l) => l.trim()).filter(Boolean);
    const breaks = (line) => (line.match(/<br\s*\/?>/gi) || []).length;
    if (/^sequenceDiagram/.test(lines[0])) {
      const actors = lines.filter((l) => /^(participant|actor)\b/.test(l));
      const messages = lines.filter((l) => /^[\w-]+?\s*--?(>>?|x|\))\s*[\w-]+\s*:/.test(l));
      const notes = lines.filter((l) => /^note\b/i.test(l));
      const actor = 30 + 17 * (1 + Math.max(0, ...actors.map(breaks)));
      const text = [...messages, ...notes].reduce((n, l) => n + breaks(l), 0);
      return { width: 190 * Math.max(2, actors.length), height: 2 * actor + 49 * messages.length + 60 * notes.length + 16 * text, smallest: 12 };
    }
    if (/^(flowchart|graph)\s+(LR|RL)/.test(lines[0])) {
      const nodes = lines.filter((l) => /@\{/.test(l)).length || 1;
      const rows = lines.filter((l) => /~~~/.test(l)).length || Math.ceil(nodes / 4);
      return { width: 185 * Math.min(nodes, 4), height: nodes === 1 ? 50 : 105 * rows + 10, smallest: 16 };
    }
    if (/^(flowchart|graph)/.test(lines[0])) {
      const { deep, widest } = layers(source);
      return { width: 270 * widest, height: 118 * deep, smallest: 16 };
    }
    return { width: 600, height: 320, smallest: 16 };
  }

  function headingBefore(el) {
    for (let node = el.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) {
        const copy = node.cloneNode(true);
        copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
        return copy.textContent.trim();
      }
    }
    return document.title;
  }

  function toFigure(pre, index) {
    const source = pre.textContent;
    const title = headingBefore(pre);
    const figure = document.createElement("figure");
    figure.className = "diagram";
    figure.dataset.state = "waiting";
    const scroll = document.createElement("div");
    scroll.className = "diagram__scroll";
    scroll.tabIndex = 0;
    scroll.setAttribute("role", "group");
    scroll.setAttribute("aria-label", `Diagram: ${title}`);
    const canvas = document.createElement("div");
    canvas.className = "diagram__canvas";
    const key = hash(source);
    const open = document.createElement("button");
    open.type = "button";
    open.className = "diagram__open";
    open.setAttribute("aria-label", `Open full screen: ${title}`);
    open.title = "Full screen (zoom and pan)";
    open.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 5h5V3H3v7h2zm5 14H5v-5H3v7h7zm11-5h-2v5h-5v2h7zm-2-4h2V3h-7v2h5z"/></svg>';
    scroll.append(canvas);
    figure.append(scroll, open);
    pre.replaceWith(figure);
    const known = remembered(key) || estimate(source);
    const item = { figure, scroll, canvas, source, title, key, known, id: `diagram-${index}`, drawn: null, size: null };
    canvas.style.height = `${known.height}px`;
    open.addEventListener("click", () => show(item));
    scroll.addEventListener("click", (event) => { if (!event.target.closest("a")) show(item); });
    scroll.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(item); }
    });
    return item;
  }

  function settings() {
    const fromPlugin = (window.mermaidConfig && window.mermaidConfig.default) || {};
    const font = getComputedStyle(document.body).getPropertyValue("--md-text-font-family").trim();
    const fontFamily = font ? `${font}, sans-serif` : "sans-serif";
    return {
      securityLevel: "strict",
      theme: "base",
      fontFamily,
      themeCSS: THEME_CSS,
      flowchart: { useMaxWidth: false, htmlLabels: true },
      sequence: {
        useMaxWidth: false, width: 120, actorMargin: 30, diagramMarginX: 10,
        actorFontSize: 15, messageFontSize: 15, noteFontSize: 15,
        actorFontFamily: fontFamily, messageFontFamily: fontFamily, noteFontFamily: fontFamily,
      },
      ...fromPlugin,
      startOnLoad: false,
    };
  }

  let initialised = false;
  function ready() {
    if (!initialised) window.mermaid.initialize(settings());
    initialised = true;
    return window.mermaid;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(script);
    });
  }

  function mermaidApi() {
    library ||= loadScript(LIBRARY).then(ready);
    return library;
  }

  /* Over http a print can load Mermaid synchronously; from disk it cannot. */
  function mermaidNow() {
    if (window.mermaid) return ready();
    if (!/^https?:$/.test(location.protocol)) return null;
    const request = new XMLHttpRequest();
    request.open("GET", LIBRARY, false);
    request.send();
    if (request.status !== 200) return null;
    const script = document.createElement("script");
    script.text = request.responseText;
    document.head.append(script);
    const api = ready();
    library = Promise.resolve(api);
    return api;
  }

  async function draw(item, api) {
    if (item.figure.dataset.state !== "waiting") return;
    item.figure.dataset.state = "drawing";
    try {
      const { svg, bindFunctions } = await api.render(item.id, item.source);
      const root = item.canvas.shadowRoot || item.canvas.attachShadow({ mode: "open" });
      root.innerHTML = `<style>${HOST_CSS}</style>${svg}`;
      if (bindFunctions) bindFunctions(root);
      const drawn = root.querySelector("svg");
      const box = drawn.getBoundingClientRect();
      item.size = { width: box.width, height: box.height, smallest: smallestText(drawn) };
      fit(item, scaleFor(item, item.size));
      item.canvas.style.height = "";
      item.figure.dataset.state = "drawn";
      remember(item.key, item.size);
      viewer ||= loadScript(VIEWER).catch(() => null);
    } catch (error) {
      document.getElementById(`d${item.id}`)?.remove();
      item.canvas.style.height = "";
      item.canvas.textContent = `This diagram could not be drawn: ${error.message || error}`;
      item.figure.dataset.state = "failed";
      console.error(`diagram ${item.id}:`, error);
    }
  }

  function drawLater(item) {
    item.drawn ||= mermaidApi().then((api) => { queue = queue.then(() => draw(item, api)); return queue; });
    return item.drawn;
  }

  /* Print: draw everything still waiting. Mermaid renders in microtasks, which
     finish before the browser lays out the printout. */
  function drawAllNow() {
    const waiting = figures.filter((item) => item.figure.dataset.state === "waiting");
    if (!waiting.length) return;
    const api = mermaidNow();
    if (!api) { waiting.forEach(drawLater); return; }
    for (const item of waiting) item.drawn = draw(item, api);
  }

  async function show(item) {
    if (item.figure.dataset.state !== "drawn") await drawLater(item);
    await (viewer ||= loadScript(VIEWER).catch(() => null));
    if (window.studyGuideViewer && item.canvas.shadowRoot) window.studyGuideViewer.open(item.canvas.shadowRoot, item.title);
  }

  const watcher = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      watcher.unobserve(entry.target);
      drawLater(figures.find((item) => item.figure === entry.target));
    }
  }, { rootMargin: AHEAD });
  /* Both observers report after the browser's own layout, before it paints: the kept
     space is scaled to the column in the first frame, with no layout forced by a script. */
  const resized = new ResizeObserver(fitResized);
  figures.forEach((item) => { watcher.observe(item.figure); resized.observe(item.scroll); });

  window.addEventListener("beforeprint", drawAllNow);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "p" || !(event.ctrlKey || event.metaKey) || figures.every((i) => i.figure.dataset.state === "drawn")) return;
    event.preventDefault();
    Promise.all(figures.map(drawLater)).then(() => window.print());
  });
  window.studyGuideDiagrams = { drawAll: () => Promise.all(figures.map(drawLater)) };
})();
