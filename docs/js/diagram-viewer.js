/* Full-screen diagram view with zoom and pan, for any drawn diagram.
 *
 * diagrams.js loads this after the first diagram is drawn and calls
 * `studyGuideViewer.open(shadowRoot, title)`. The view is a modal <dialog>:
 * Escape closes it and focus returns to where it was. It opens at a readable
 * scale (the whole diagram if it fits, else natural size from the top left).
 * Mouse: wheel zooms at the pointer, drag pans, double-click zooms in.
 * Touch: one finger pans, two pinch. Keys: + and - zoom, arrows pan, 0 fits.
 */
(() => {
  "use strict";

  const READABLE = 0.85;  // smallest scale that keeps Mermaid's 12 px text at 10 px
  const MIN_SCALE = 0.1;
  const MAX_SCALE = 6;
  const STEP = 1.25;
  const PAN = 60;

  const dialog = document.createElement("dialog");
  dialog.className = "diagram-viewer";
  dialog.setAttribute("aria-labelledby", "diagram-viewer-title");
  dialog.innerHTML = `
    <div class="diagram-viewer__bar">
      <h2 class="diagram-viewer__title" id="diagram-viewer-title"></h2>
      <div class="diagram-viewer__tools" role="toolbar" aria-label="Zoom">
        <button type="button" data-action="out" aria-label="Zoom out" title="Zoom out (-)">&minus;</button>
        <button type="button" data-action="fit" aria-label="Fit to screen" title="Fit to screen (0)">Fit</button>
        <button type="button" data-action="in" aria-label="Zoom in" title="Zoom in (+)">+</button>
        <button type="button" data-action="close" aria-label="Close full screen view" title="Close (Escape)">&times;</button>
      </div>
    </div>
    <div class="diagram-viewer__stage" tabindex="0" role="group"
         aria-label="Diagram. Arrow keys pan, plus and minus zoom, 0 fits it to the screen.">
      <div class="diagram-viewer__canvas"></div>
    </div>`;
  document.body.append(dialog);
  const title = dialog.querySelector(".diagram-viewer__title");
  const stage = dialog.querySelector(".diagram-viewer__stage");
  const canvas = dialog.querySelector(".diagram-viewer__canvas");
  const shadow = canvas.attachShadow({ mode: "open" });
  const view = { x: 0, y: 0, scale: 1, width: 0, height: 0 };
  const pointers = new Map();

  function apply() {
    canvas.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
    dialog.dataset.scale = view.scale.toFixed(3);
  }

  function zoomAt(factor, px, py) {
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
    view.x = px - (px - view.x) * (scale / view.scale);
    view.y = py - (py - view.y) * (scale / view.scale);
    view.scale = scale;
    apply();
  }

  function zoomCentre(factor) {
    zoomAt(factor, stage.clientWidth / 2, stage.clientHeight / 2);
  }

  function place(scale) {
    view.scale = scale;
    view.x = Math.max(16, (stage.clientWidth - view.width * scale) / 2);
    view.y = Math.max(16, (stage.clientHeight - view.height * scale) / 2);
    apply();
  }

  function fitScale() {
    const pad = 32;
    return Math.min((stage.clientWidth - pad) / view.width, (stage.clientHeight - pad) / view.height);
  }

  function openingScale() {
    const fit = Math.min(1, fitScale());
    return fit >= READABLE ? fit : Math.min(1, READABLE);
  }

  function open(source, heading) {
    shadow.replaceChildren(...[...source.childNodes].map((node) => node.cloneNode(true)));
    const svg = shadow.querySelector("svg");
    if (!svg) return;
    svg.style.width = "";
    svg.style.height = "";
    title.textContent = heading;
    dialog.showModal();
    canvas.style.transform = "none";
    const natural = svg.getBoundingClientRect();
    view.width = natural.width;
    view.height = natural.height;
    place(openingScale());
    stage.focus();
  }

  const actions = {
    in: () => zoomCentre(STEP),
    out: () => zoomCentre(1 / STEP),
    fit: () => place(Math.min(MAX_SCALE, fitScale())),
    close: () => dialog.close(),
  };
  dialog.querySelector(".diagram-viewer__tools").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button) actions[button.dataset.action]();
  });

  const keys = {
    "+": actions.in, "=": actions.in, "-": actions.out, "_": actions.out, "0": actions.fit,
    ArrowLeft: () => { view.x += PAN; apply(); },
    ArrowRight: () => { view.x -= PAN; apply(); },
    ArrowUp: () => { view.y += PAN; apply(); },
    ArrowDown: () => { view.y -= PAN; apply(); },
  };
  dialog.addEventListener("keydown", (event) => {
    const action = keys[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key.startsWith("Arrow") && event.target !== stage) return;
    event.preventDefault();
    action();
  });

  function local(event) {
    const rect = stage.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  stage.addEventListener("wheel", (event) => {
    event.preventDefault();
    const [px, py] = local(event);
    zoomAt(Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015)), px, py);
  }, { passive: false });

  stage.addEventListener("dblclick", (event) => {
    const [px, py] = local(event);
    zoomAt(STEP * STEP, px, py);
  });

  stage.addEventListener("pointerdown", (event) => {
    stage.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, local(event));
  });

  function spread() {
    const [[ax, ay], [bx, by]] = [...pointers.values()];
    return { distance: Math.hypot(ax - bx, ay - by), x: (ax + bx) / 2, y: (ay + by) / 2 };
  }

  stage.addEventListener("pointermove", (event) => {
    const last = pointers.get(event.pointerId);
    if (!last) return;
    const before = pointers.size === 2 ? spread() : null;
    const now = local(event);
    pointers.set(event.pointerId, now);
    if (before) {
      const after = spread();
      view.x += after.x - before.x;
      view.y += after.y - before.y;
      zoomAt(after.distance / (before.distance || 1), after.x, after.y);
    } else if (pointers.size === 1) {
      view.x += now[0] - last[0];
      view.y += now[1] - last[1];
      apply();
    }
  });

  const release = (event) => pointers.delete(event.pointerId);
  stage.addEventListener("pointerup", release);
  stage.addEventListener("pointercancel", release);
  dialog.addEventListener("close", () => { pointers.clear(); shadow.replaceChildren(); });

  window.studyGuideViewer = { open };
})();
