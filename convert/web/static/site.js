// twjp site: the language switch (remembered), texts that follow the language (chart titles), and a search over
// names that needs no server and forgives: case, width and diacritics folded (Chōshi = choshi), character variants
// (臺/台, 縣/県…), the words naming a kind of body dropped (Yokohama City = Yokohama), a typo or two.
(function () {
  "use strict";
  var root = document.documentElement;
  var WORDS = JSON.parse((document.getElementById("twjp-words") || { textContent: "{}" }).textContent);
  function lang() { return root.getAttribute("data-lang") || "zh"; }
  function word(key, values) {
    var text = (WORDS[key] || {})[lang()] || "";
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }
  window.twjpWord = word;

  function follow() {
    var current = lang();
    Array.prototype.forEach.call(document.querySelectorAll("[data-set-lang]"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-set-lang") === current ? "true" : "false");
    });
    Array.prototype.forEach.call(document.querySelectorAll("rect[data-title-" + current + "]"), function (r) {
      var t = r.querySelector("title");
      if (t) { t.textContent = r.getAttribute("data-title-" + current); }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-set-lang]"), function (button) {
    button.addEventListener("click", function () { window.twjpLang.set(button.getAttribute("data-set-lang"), true); });
  });
  document.addEventListener("twjp:lang", function () { follow(); show(); });
  follow();

  var input = document.getElementById("search");
  var results = document.getElementById("results");
  var status = document.getElementById("search-status");
  var index = null;
  var SHOWN = 30;
  var HTML_LANG = { zh: "zh-Hant", ja: "ja", en: "en" };
  var KIND_ORDER = { locality: 0, group: 0, agreement: 1, concept: 2 };

  function fold(text) {
    var out = String(text).normalize("NFKC").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    var variants = index ? index.variants : {};
    var mapped = "";
    for (var i = 0; i < out.length; i++) { var c = out.charAt(i); mapped += variants[c] || c; }
    return mapped.replace(/[\s\-–—_'’‘·・.,()（）]+/g, " ").trim();
  }
  function core(folded) {
    // the words that name a kind of body dropped: "yokohama city" -> "yokohama", "横浜市" -> "横浜"
    var words = folded.split(" ").filter(function (w) { return index.kindWords.indexOf(w) === -1; });
    var text = words.join(" ");
    var last = text.charAt(text.length - 1);
    if (text.length > 2 && index.kindWords.indexOf(last) !== -1) { text = text.slice(0, -1); }
    return text || folded;
  }
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) { previous.push(j); }
    for (i = 1; i <= a.length; i++) {
      current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost));
        best = Math.min(best, current[j]);
      }
      if (best > limit) { return limit + 1; }
      previous = current;
    }
    return previous[b.length];
  }
  function allowed(q) { return q.length <= 3 ? 0 : q.length <= 6 ? 1 : 2; }
  function score(entry, q) {
    var best = null;
    entry.keys.forEach(function (key) {
      var s = null;
      if (key === q) { s = 0; }
      else if (key.indexOf(q) === 0) { s = 1; }
      else if (key.indexOf(q) !== -1) { s = 2; }
      else {
        var limit = allowed(q);
        if (limit) {
          var d = Math.min.apply(null, [key].concat(key.split(" ")).map(function (part) {
            return distance(q, part, limit);
          }));
          if (d <= limit) { s = 3 + d; }
        }
      }
      if (s !== null && (best === null || s < best)) { best = s; }
    });
    return best;
  }
  function name(e) { return e[HTML_LANG[lang()]] || e.en; }
  function clear(node) { while (node && node.firstChild) { node.removeChild(node.firstChild); } }
  function item(e) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = e.url;
    a.textContent = name(e);
    a.setAttribute("lang", HTML_LANG[lang()]);
    li.appendChild(a);
    if (lang() !== "en" && e.en && e.en !== name(e)) {
      var en = document.createElement("span");
      en.className = "also";
      en.setAttribute("lang", "en");
      en.textContent = " · " + e.en;
      li.appendChild(en);
    }
    return li;
  }
  function show() {
    if (!input || !index) { return; }
    clear(results);
    status.textContent = "";
    var raw = input.value.trim();
    if (!raw) { return; }
    var q = core(fold(raw));
    var found = [];
    index.entries.forEach(function (e) {
      var s = score(e, q);
      if (s !== null) { found.push({ entry: e, score: s }); }
    });
    found.sort(function (a, b) {
      return (a.score - b.score) || (KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind]) ||
        (name(a.entry) < name(b.entry) ? -1 : name(a.entry) > name(b.entry) ? 1 : 0);
    });
    if (!found.length) {
      var near = index.entries.filter(function (e) { return e.kind === "locality" || e.kind === "group"; })
        .map(function (e) {
          return { entry: e, d: Math.min.apply(null, e.keys.map(function (k) { return distance(q, k, 4); })) };
        })
        .filter(function (x) { return x.d <= Math.max(2, Math.floor(q.length / 3)); })
        .sort(function (a, b) { return a.d - b.d || (name(a.entry) < name(b.entry) ? -1 : 1); })
        .slice(0, 5);
      status.textContent = word("no_match") + (near.length ? " " + word("did_you_mean") : "");
      near.forEach(function (x) { results.appendChild(item(x.entry)); });
      return;
    }
    status.textContent = word("results_count", { n: found.length }) +
      (found.length > SHOWN ? " " + word("results_more", { shown: SHOWN }) : "");
    found.slice(0, SHOWN).forEach(function (x) { results.appendChild(item(x.entry)); });
  }
  if (!input) { return; }
  fetch(input.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) {
    index = { variants: data.variants, kindWords: data.kind_words, entries: data.entries };
    data.entries.forEach(function (e) {
      var texts = [e["zh-Hant"], e.ja, e.en].concat(e.also);
      var keys = [];
      texts.forEach(function (t) {
        var f = fold(t);
        [f, core(f)].forEach(function (k) { if (k && keys.indexOf(k) === -1) { keys.push(k); } });
      });
      e.keys = keys;
    });
    show();
  });
  input.addEventListener("input", show);
  input.form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
}());
