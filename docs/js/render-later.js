/* Render later: each block of a problem page's answers skips rendering at load
 * (content-visibility in practice.css), so the first styling and layout cover only what is on
 * screen. After the load, the blocks are rendered in page order, about BATCH elements per idle
 * moment, so no frame grows long on a slow phone. Once all are rendered the page lays out exactly
 * as without this: links land where they should. */
(() => {
  "use strict";

  const BATCH = 150;  // elements styled and laid out per frame: about 10 ms on a phone
  const idle = window.requestIdleCallback || ((run) => setTimeout(run, 16));
  let waiting = null;  // listed at the first run, after the load: blocks other scripts added are in it

  function renderSome() {
    waiting ||= [...document.querySelectorAll(".sdg-answer > *")];
    let elements = 0;
    while (waiting.length && elements < BATCH) {
      const block = waiting.shift();
      elements += 1 + block.getElementsByTagName("*").length;
      block.classList.add("sdg-rendered");
    }
    if (waiting.length) requestAnimationFrame(() => idle(renderSome, { timeout: 500 }));
  }

  if (document.readyState === "complete") idle(renderSome);
  else window.addEventListener("load", () => idle(renderSome), { once: true });
})();
