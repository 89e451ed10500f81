// twjp site: one language switch, remembered; a search over names that needs no server.
(function () {
  "use strict";
  var root = document.documentElement;
  var HTML_LANG = { zh: "zh-Hant", ja: "ja", en: "en" };
  function setLang(lang) {
    if (!HTML_LANG[lang]) { return; }
    root.setAttribute("data-lang", lang);
    root.setAttribute("lang", HTML_LANG[lang]);
    try { window.localStorage.setItem("twjp-lang", lang); } catch (e) { /* storage may be off */ }
  }
  var saved = null;
  try { saved = window.localStorage.getItem("twjp-lang"); } catch (e) { saved = null; }
  if (saved) { setLang(saved); }
  Array.prototype.forEach.call(document.querySelectorAll("[data-set-lang]"), function (button) {
    button.addEventListener("click", function () { setLang(button.getAttribute("data-set-lang")); });
  });

  var input = document.getElementById("search");
  if (!input) { return; }
  var results = document.getElementById("results");
  var index = null;
  function normalise(text, variants) {
    var out = "";
    for (var i = 0; i < text.length; i++) { var c = text.charAt(i); out += variants[c] || c; }
    return out.toLowerCase();
  }
  function show(query) {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!index || !query.trim()) { return; }
    var q = normalise(query.trim(), index.variants);
    var lang = root.getAttribute("data-lang") || "zh";
    var found = index.entries.filter(function (e) { return e.key.indexOf(q) !== -1; }).slice(0, 30);
    found.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.url;
      a.textContent = e[HTML_LANG[lang]] + (lang === "en" ? "" : " · " + e.en);
      li.appendChild(a);
      results.appendChild(li);
    });
  }
  fetch(input.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) {
    data.entries.forEach(function (e) {
      e.key = normalise([e["zh-Hant"], e.ja, e.en].concat(e.also).join("\u0001"), data.variants);
    });
    index = data;
    show(input.value);
  });
  input.addEventListener("input", function () { show(input.value); });
  input.form.addEventListener("submit", function (event) { event.preventDefault(); });
}());
