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

  window.SDGStore = { get: read, set: write, keys: keys, exportAll: exportAll, importAll: importAll };
})();
