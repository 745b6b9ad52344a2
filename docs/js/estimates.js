/* Live estimates: edit an input of a problem page and every derived number,
 * every figure quoted in the text and every decision point follows.
 *
 * The page carries the formula trees Python evaluated (scripts/studyguide/estimate.py)
 * in its JSON data; this file walks the same trees in SI units and formats the
 * results with a line-by-line port of scripts/studyguide/units.py, so a figure
 * reads the same whether Python or the browser computed it (a browser test checks
 * every formula of every problem). Decision points are re-checked with the same
 * log-scale bisection as scripts/studyguide/decisions.py. The edited inputs live
 * in the URL fragment (#inputs:dau=60M&peak_factor=4), so a link shares them.
 * Classic script: it must also run from file://. */
(function () {
  "use strict";

  /* Numbers: a port of units.py ------------------------------------------ */

  var SUFFIXES = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  var NUMBER = /^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)([KMBT]?)$/;
  var COUNT_PREFIXES = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
  var SI_PREFIXES = [[1e18, "E"], [1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "K"]];
  var TIME_PREFIXES = [[1.0, ""], [1e-3, "m"], [1e-6, "\u00b5"], [1e-9, "n"]];
  var DURATIONS = [[365 * 86400.0, "years"], [86400.0, "days"], [3600.0, "h"], [60.0, "min"], [1.0, "s"],
    [1e-3, "ms"], [1e-6, "\u00b5s"], [1e-9, "ns"]];
  var SETTLE_DIGITS = 12;

  /* units.parse_number: '50M' -> 5e7; NaN when it is not a number. */
  function parseNumber(text) {
    var match = NUMBER.exec(String(text).trim());
    if (!match) return NaN;
    return parseFloat(match[1]) * (SUFFIXES[match[2]] || 1.0);
  }

  /* An input the engine accepts: a number above 0, as the validator requires (SDG307). */
  function usable(text) {
    var value = parseNumber(text);
    return isFinite(value) && value > 0;
  }

  var BIG10 = BigInt(10);

  /* A finite double as sign, integer mantissa and binary exponent: |x| = m * 2^e exactly. */
  function exact(x) {
    var view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    var hi = view.getUint32(0), lo = view.getUint32(4);
    var biased = (hi >>> 20) & 0x7ff;
    var m = (BigInt(hi & 0xfffff) << BigInt(32)) | BigInt(lo);
    if (biased === 0) biased = 1; else m |= BigInt(1) << BigInt(52);
    return { negative: hi >>> 31 === 1, m: m, e: biased - 1075 };
  }

  /* |x| * 10^places rounded to an integer, half to even, from the exact binary value:
   * what Python's round() and format() do. */
  function scaledInteger(x, places) {
    var parts = exact(x);
    var num = parts.m, den = BigInt(1);
    if (parts.e >= 0) num <<= BigInt(parts.e); else den <<= BigInt(-parts.e);
    if (places >= 0) num *= BIG10 ** BigInt(places); else den *= BIG10 ** BigInt(-places);
    var q = num / den, twice = (num % den) * BigInt(2);
    if (twice > den || (twice === den && q % BigInt(2) === BigInt(1))) q += BigInt(1);
    return { negative: parts.negative, q: q };
  }

  /* Python's round(x, places) for a float. */
  function round(x, places) {
    if (x === 0 || !isFinite(x)) return x;
    var r = scaledInteger(x, places);
    return parseFloat((r.negative ? "-" : "") + r.q.toString() + "e" + (-places));
  }

  /* Python's f"{x:.{decimals}f}". */
  function fixed(x, decimals) {
    var r = scaledInteger(x, decimals);
    var digits = r.q.toString();
    if (decimals > 0) {
      while (digits.length <= decimals) digits = "0" + digits;
      digits = digits.slice(0, digits.length - decimals) + "." + digits.slice(digits.length - decimals);
    }
    return (r.negative ? "-" : "") + digits;
  }

  function roundSig(x, sig) {
    if (x === 0 || !isFinite(x)) return x;
    return round(x, sig - 1 - Math.floor(Math.log10(Math.abs(x))));
  }

  function settle(x) { return roundSig(x, SETTLE_DIGITS); }

  function digits(x, sig) {
    x = roundSig(x, sig);
    var decimals = x ? Math.max(0, sig - 1 - Math.floor(Math.log10(Math.abs(x)))) : 0;
    var text = fixed(x, decimals);
    return text.indexOf(".") >= 0 ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  }

  function displayText(display, prefix) {
    var head = display.num ? " " + prefix + display.num : prefix;
    return head + (display.den ? "/" + display.den : "");
  }

  function prefixes(display) {
    if (display.num === "") return COUNT_PREFIXES;
    if (display.num === "s") return TIME_PREFIXES;
    return SI_PREFIXES;
  }

  function formatDuration(seconds, sig) {
    if (sig === undefined) sig = 3;
    for (var i = 0; i < DURATIONS.length; i++) {
      var scaled = roundSig(seconds / DURATIONS[i][0], sig);
      if (scaled >= 1) return digits(scaled, sig) + " " + DURATIONS[i][1];
    }
    return digits(seconds / 1e-9, sig) + " ns";
  }

  function formatMagnitude(value, display, sig) {
    value = settle(value);
    if (display.num === "s" && !display.den && Math.abs(value) >= 60) {
      return (value < 0 ? "-" : "") + formatDuration(Math.abs(value), sig);
    }
    if (value === 0) return "0" + displayText(display, "");
    var sign = value < 0 ? "-" : "";
    var rounded = roundSig(Math.abs(value), sig);
    var scale = 1.0, prefix = "", found = false, table = prefixes(display);
    for (var i = 0; i < table.length; i++) {
      if (rounded >= table[i][0] * (1 - 1e-12)) { scale = table[i][0]; prefix = table[i][1]; found = true; break; }
    }
    if (!found && display.num === "s" && rounded < 1e-9) { scale = 1e-9; prefix = "n"; }
    return sign + digits(rounded / scale, sig) + displayText(display, prefix);
  }

  function interviewSig(value) {
    var scaled = Math.abs(roundSig(value, 3));
    if (scaled === 0) return 2;
    return scaled.toExponential(6).charAt(0) === "1" ? 3 : 2;
  }

  function formatValue(value, display) { return formatMagnitude(value, display, 3); }

  function formatInterview(value, display) {
    value = settle(value);
    return "~" + formatMagnitude(value, display, interviewSig(value));
  }

  /* decisions.as_input: an input value written the way inputs are ('290M', '2.88B/day', '12 KB'). */
  function asInput(value, unit) {
    var number = formatValue(value, { num: "", den: "" });
    unit = unit.trim();
    return unit.charAt(0) === "/" || !unit ? number + unit : number + " " + unit;
  }

  /* Evaluation: the formula trees of estimate.py, in SI units ------------ */

  function Failure(message) { this.message = message; }

  function walk(tree, lookup) {
    if ("num" in tree) return tree.num;
    if ("ref" in tree) return lookup(tree.ref);
    if ("unit" in tree) return tree.si;
    var a = walk(tree.args[0], lookup);
    switch (tree.op) {
      case "neg": return -a;
      case "ceil": return Math.ceil(settle(a));
    }
    var b = walk(tree.args[1], lookup);
    switch (tree.op) {
      case "+": return a + b;
      case "-": return a - b;
      case "*": return a * b;
      case "/":
        if (b === 0) throw new Failure("division by zero");
        return a / b;
      case "^": return Math.pow(a, b);
    }
    throw new Failure("unknown operator " + tree.op);
  }

  /* Every quantity in SI units, from input numbers written in each input's own unit.
   * A derived row that cannot be evaluated (division by zero, overflow) is NaN. */
  function evaluateAll(estimates, numbers) {
    var si = {}, trees = {};
    estimates.inputs.forEach(function (input) { si[input.id] = numbers[input.id] * input.si; });
    estimates.derived.forEach(function (row) { trees[row.id] = row.tree; });
    function lookup(id) {
      if (!(id in si)) {
        si[id] = NaN;  // a cycle cannot happen (the validator refuses them); this guards anyway
        try { si[id] = walk(trees[id], lookup); } catch (e) { if (!(e instanceof Failure)) throw e; }
      }
      return si[id];
    }
    estimates.derived.forEach(function (row) { lookup(row.id); });
    return si;
  }

  function inDisplay(row, si) { return si[row.id] / row.display.si; }

  /* Each derived row as the page shows it: {value, figure}, or null when it cannot be computed. */
  function rowsFor(estimates, numbers) {
    var si = evaluateAll(estimates, numbers), out = {};
    estimates.derived.forEach(function (row) {
      var v = inDisplay(row, si);
      out[row.id] = isFinite(v) ? { value: formatValue(v, row.display), figure: formatInterview(v, row.display) } : null;
    });
    return out;
  }

  /* Decision points: decisions.py's flip search -------------------------- */

  var SEARCH = [1e-6, 1e6], STEPS = 100;

  /* decisions.value_of: the rows in the author's order up to the target, in its display
   * unit; NaN as soon as one of them cannot be evaluated. */
  function valueOf(estimates, numbers, target) {
    var values = {};
    estimates.inputs.forEach(function (input) { values[input.id] = numbers[input.id] * input.si; });
    function lookup(id) {
      if (!(id in values)) throw new Failure("not computed yet: " + id);
      return values[id];
    }
    for (var i = 0; i < estimates.derived.length; i++) {
      var row = estimates.derived[i];
      try { values[row.id] = walk(row.tree, lookup); } catch (e) { if (e instanceof Failure) return NaN; throw e; }
      if (row.id === target.id) break;
    }
    return values[target.id] / target.display.si;
  }

  function flipPoint(estimates, numbers, row, name, at) {
    var base = numbers[name];
    function gap(factor) {
      var trial = Object.assign({}, numbers);
      trial[name] = base * factor;
      var v = valueOf(estimates, trial, row) - at;
      return isFinite(v) ? v : NaN;
    }
    var low = Math.log(SEARCH[0]), high = Math.log(SEARCH[1]);
    var gLow = gap(Math.exp(low)), gHigh = gap(Math.exp(high));
    if (!(isFinite(gLow) && isFinite(gHigh)) || (gLow > 0) === (gHigh > 0)) return null;
    for (var i = 0; i < STEPS; i++) {
      var mid = (low + high) / 2, gMid = gap(Math.exp(mid));
      if (!isFinite(gMid)) return null;
      if ((gMid > 0) === (gLow > 0)) { low = mid; gLow = gMid; } else { high = mid; }
    }
    return base * Math.exp((low + high) / 2);
  }

  /* Each decision point: {above, flip} at these inputs ('' when it never flips in the search range). */
  function decide(data, numbers) {
    var est = data.estimates, rows = {}, units = {};
    est.derived.forEach(function (row) { rows[row.id] = row; });
    est.inputs.forEach(function (input) { units[input.id] = input.unit; });
    return data.decisions.map(function (d) {
      var row = rows[d.row], current = valueOf(est, numbers, row);
      var flip = d.input && d.input in units ? flipPoint(est, numbers, row, d.input, d.at) : null;
      return { above: isFinite(current) ? settle(current) >= d.at : null, flip: flip === null ? "" : asInput(flip, units[d.input]) };
    });
  }

  /* The page --------------------------------------------------------------- */

  var dataElement = document.getElementById("sdg-problem");
  var api = {
    parseNumber: parseNumber, formatValue: formatValue, formatInterview: formatInterview,
    formatDuration: formatDuration, asInput: asInput, settle: settle, rows: rowsFor, decide: decide,
    text: function (id, form) { return null; }
  };
  window.SDGEstimates = api;
  if (!dataElement) return;
  var data = JSON.parse(dataElement.textContent);
  var est = data.estimates;
  var defaults = {}, typed = {}, byId = {};
  est.inputs.forEach(function (input) { defaults[input.id] = input.text; typed[input.id] = input.text; byId[input.id] = input; });
  est.derived.forEach(function (row) { byId[row.id] = row; });
  var shown = {};  // id -> {value, figure} currently on the page

  function inputText(input, text) {
    return input.unit.charAt(0) === "/" || !input.unit ? text + input.unit : text + " " + input.unit;
  }

  function numbers() {
    var out = {};
    Object.keys(typed).forEach(function (id) { out[id] = parseNumber(typed[id]); });
    return out;
  }

  function changed() {
    return est.inputs.filter(function (input) { return typed[input.id] !== defaults[input.id]; });
  }

  /* The text a figure shows now, in the form 'value' or 'figure' (say it as). */
  api.text = function (id, form) {
    var item = byId[id];
    if (!item) return null;
    if (!item.tree) return inputText(item, typed[id]);
    var now = shown[id];
    if (now === undefined) return form === "figure" ? item.figure : item.value;
    return now === null ? "\u2014" : (form === "figure" ? now.figure : now.value);
  };

  function refreshFigures(root) {
    (root || document).querySelectorAll("span.figure[data-est]").forEach(function (span) {
      var id = span.getAttribute("data-est"), item = byId[id];
      if (!item) return;
      var form = span.getAttribute("data-form") || "value";
      var text = api.text(id, form);
      if (span.textContent !== text) span.textContent = text;
      var original = item.tree ? (form === "figure" ? item.figure : item.value) : inputText(item, item.text);
      span.classList.toggle("figure--changed", text !== original);
    });
  }
  api.refresh = refreshFigures;

  function refreshDecisions(values) {
    values.forEach(function (d, i) {
      var parts = {};
      document.querySelectorAll('[data-decision="' + i + '"]').forEach(function (el) { parts[el.getAttribute("data-part")] = el; });
      if (parts.side && d.above !== null) parts.side.textContent = d.above ? "above" : "below";
      if (parts.above) parts.above.classList.toggle("sdg-side--now", d.above === true);
      if (parts.below) parts.below.classList.toggle("sdg-side--now", d.above === false);
      if (parts.flip) parts.flip.hidden = !d.flip;
      if (parts["flip-value"] && d.flip) parts["flip-value"].textContent = d.flip;
    });
  }

  var status, resetButton;

  function update(writeHash) {
    var values = numbers();
    var bad = Object.keys(values).some(function (id) { return !(isFinite(values[id]) && values[id] > 0); });
    if (!bad) {
      shown = rowsFor(est, values);
      refreshFigures();
      refreshDecisions(decide(data, values));
    }
    var edits = changed();
    showStatus(edits, bad);
    if (writeHash) writeFragment(edits);
  }

  function showStatus(edits, bad) {
    if (status) {
      status.textContent = edits.length === 0 ? "Showing the page's own assumptions."
        : "Showing your inputs: " + edits.length + " changed" + (bad ? " (fix the marked field to update the numbers)." : ".");
    }
    if (resetButton) resetButton.disabled = edits.length === 0;
  }

  /* The fragment: #inputs:id=value&id=value (only the changed inputs). */
  function writeFragment(edits) {
    var hash = edits.length ? "#inputs:" + edits.map(function (input) {
      return input.id + "=" + encodeURIComponent(typed[input.id]);
    }).join("&") : "";
    if (hash === location.hash || (!hash && location.hash.indexOf("#inputs:") !== 0)) return;
    history.replaceState(history.state, "", location.pathname + location.search + hash);
  }

  function readFragment() {
    if (location.hash.indexOf("#inputs:") !== 0) return false;
    est.inputs.forEach(function (input) { typed[input.id] = defaults[input.id]; });
    location.hash.slice("#inputs:".length).split("&").forEach(function (pair) {
      var at = pair.indexOf("="), id = pair.slice(0, at), value;
      try { value = decodeURIComponent(pair.slice(at + 1)); } catch (e) { return; }
      if (at > 0 && id in typed && usable(value)) typed[id] = value;
    });
    return true;
  }

  var fields = {};

  function makeField(input, span) {
    var wrap = document.createElement("span");
    wrap.className = "sdg-input";
    var field = document.createElement("input");
    field.type = "text";
    field.inputMode = "decimal";
    field.spellcheck = false;
    field.autocomplete = "off";
    field.size = Math.max(4, input.text.length + 1);
    field.value = typed[input.id];
    field.id = "sdg-input-" + input.id;
    field.setAttribute("aria-label", input.label + (input.unit ? " (" + input.unit.replace(/^\//, "per ") + ")" : ""));
    var error = document.createElement("span");
    error.className = "sdg-input__error";
    error.id = field.id + "-error";
    error.hidden = true;
    error.textContent = "Write a number above 0, e.g. 50M, 0.9 or 1.5K";
    field.setAttribute("aria-describedby", error.id);
    field.addEventListener("input", function () {
      var ok = usable(field.value);
      field.setAttribute("aria-invalid", ok ? "false" : "true");
      error.hidden = ok;
      typed[input.id] = ok ? field.value.trim() : field.value;  // an invalid value holds the numbers back
      update(ok);
    });
    wrap.appendChild(field);
    if (input.unit) {
      var unit = document.createElement("span");
      unit.className = "sdg-input__unit";
      unit.textContent = (input.unit.charAt(0) === "/" ? "" : " ") + input.unit;
      wrap.appendChild(unit);
    }
    wrap.appendChild(error);
    span.replaceWith(wrap);
    fields[input.id] = field;
  }

  function syncFields() {
    Object.keys(fields).forEach(function (id) {
      if (fields[id].value !== typed[id]) fields[id].value = typed[id];
      fields[id].setAttribute("aria-invalid", "false");
      fields[id].parentNode.querySelector(".sdg-input__error").hidden = true;
    });
  }

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "sdg-button";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }

  function tools(table) {
    var box = document.createElement("div");
    box.className = "sdg-est-tools";
    var intro = document.createElement("p");
    intro.textContent = "Change an assumption below: every derived number, decision point and figure on this page follows.";
    status = document.createElement("p");
    status.className = "sdg-est-tools__status";
    status.setAttribute("role", "status");
    resetButton = button("Reset inputs", function () {
      est.inputs.forEach(function (input) { typed[input.id] = defaults[input.id]; });
      syncFields();
      update(true);
    });
    var copy = button("Copy link to these inputs", function () {
      var done = function () { status.textContent = "Link copied: it opens this page with your inputs."; };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(location.href).then(done, function () {});
      else status.textContent = "Copy the address bar: it holds your inputs.";
    });
    var row = document.createElement("p");
    row.className = "sdg-est-tools__buttons";
    row.append(resetButton, " ", copy);
    box.append(intro, row, status);
    var holder = table.closest(".sdg-cards") || table.closest(".md-typeset__scrollwrap") || table;
    holder.parentNode.insertBefore(box, holder);
  }

  function mount() {
    var first = null;
    est.inputs.forEach(function (input) {
      var anchor = document.getElementById("est-" + input.id.replace(/[^a-z0-9]+/g, "-"));
      var cell = anchor && anchor.closest("tr");
      var span = cell && cell.querySelector('span.figure[data-est="' + input.id + '"]');
      if (!span) return;
      first = first || cell.closest("table");
      makeField(input, span);
    });
    if (first) tools(first);
  }

  readFragment();
  mount();
  // The page already shows the defaults' figures (the agreement test keeps Python and this
  // file equal), so a load without edited inputs recomputes nothing: no blocking work.
  if (changed().length) update(false);
  else showStatus([], false);
  window.addEventListener("hashchange", function () {
    if (readFragment()) { syncFields(); update(false); }
  });
})();
