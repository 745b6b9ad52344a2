/* The learner's own data (practice notes, progress, review schedule), kept in this
 * browser only: localStorage under the "sdg." prefix, one JSON value per key.
 * Features read and write through this one object, so a single export file holds
 * everything and an import restores it. Classic script (no modules): it must also
 * run from file://, where Chromium refuses module scripts. */
(function () {
  "use strict";
  var PREFIX = "sdg.";
  var FORMAT = "system-design-study-guide/progress";
  var VERSION = 1;

  function area() {
    try { return window.localStorage; } catch (e) { return null; }  // blocked storage: features degrade to in-memory
  }

  var memory = {};

  function read(key) {
    var store = area();
    var text = store ? store.getItem(PREFIX + key) : memory[key];
    if (text == null) return null;
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  function write(key, value) {
    var text = JSON.stringify(value);
    var store = area();
    if (store) store.setItem(PREFIX + key, text); else memory[key] = text;
  }

  function keys() {
    var store = area();
    if (!store) return Object.keys(memory);
    var out = [];
    for (var i = 0; i < store.length; i++) {
      var name = store.key(i);
      if (name && name.indexOf(PREFIX) === 0) out.push(name.slice(PREFIX.length));
    }
    return out.sort();
  }

  /* Everything as one object, ready to save as a JSON file. */
  function exportAll() {
    var data = {};
    keys().forEach(function (key) { data[key] = read(key); });
    return { format: FORMAT, version: VERSION, exported: new Date().toISOString(), data: data };
  }

  /* Restore an exported object; throws an Error with a reader-facing message when it is not one. */
  function importAll(file) {
    if (!file || file.format !== FORMAT || typeof file.data !== "object" || file.data === null) {
      throw new Error("This file is not a study-guide progress export.");
    }
    if (file.version > VERSION) throw new Error("This export comes from a newer version of the guide.");
    Object.keys(file.data).forEach(function (key) { write(key, file.data[key]); });
    return Object.keys(file.data).length;
  }

  function today() {
    var d = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  /* Save everything as study-guide-progress-DATE.json (a download); returns how many entries it holds. */
  function download() {
    var blob = new Blob([JSON.stringify(exportAll(), null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "study-guide-progress-" + today() + ".json";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    return keys().length;
  }

  /* Import a file the reader chose: done(count) once restored, failed(message) with a reader-facing reason. */
  function upload(file, done, failed) {
    var reader = new FileReader();
    reader.onload = function () {
      var count;
      try {
        count = importAll(JSON.parse(String(reader.result)));
      } catch (e) {
        failed(e instanceof SyntaxError ? file.name + " is not a JSON file." : e.message);
        return;
      }
      done(count);
    };
    reader.onerror = function () { failed("Could not read " + file.name + "."); };
    reader.readAsText(file);
  }

  /* The export and import buttons, with the hidden file picker the import button opens:
     [export, " ", import, picker] to append where a page offers them. `o.exported(count)` and
     `o.imported(count, file)` report success, `o.failed(reason)` a file that could not be read;
     `o.buttonClass` styles both buttons, `o.pickerClass` hides the picker, `o.pickerId` names it. */
  function transferControls(o) {
    function button(text, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = o.buttonClass;
      b.textContent = text;
      b.addEventListener("click", action);
      return b;
    }
    var picker = document.createElement("input");
    picker.type = "file";
    picker.accept = "application/json,.json";
    picker.className = o.pickerClass;
    picker.tabIndex = -1;
    picker.setAttribute("aria-label", "Progress file to import");
    if (o.pickerId) picker.id = o.pickerId;
    picker.addEventListener("change", function () {
      var file = picker.files && picker.files[0];
      if (file) upload(file, function (count) { o.imported(count, file); }, o.failed);
      picker.value = "";
    });
    return [button("Export progress", function () { o.exported(download()); }), " ",
      button("Import progress", function () { picker.click(); }), picker];
  }

  window.SDGStore = { get: read, set: write, keys: keys, exportAll: exportAll, importAll: importAll, download: download, upload: upload,
    transferControls: transferControls };
})();
