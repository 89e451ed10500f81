// twjp site: the page's language, chosen before the page is drawn: ?lang= (remembered), else the one chosen
// before, else the first of the browser's languages the site has, else English. Sets <html lang> and the title.
(function () {
  "use strict";
  var root = document.documentElement;
  var HTML_LANG = { zh: "zh-Hant", ja: "ja", en: "en" };
  function known(tag) {
    tag = String(tag || "").toLowerCase();
    if (tag.indexOf("zh") === 0) { return "zh"; }
    if (tag.indexOf("ja") === 0) { return "ja"; }
    if (tag.indexOf("en") === 0) { return "en"; }
    return null;
  }
  function remember(lang) {
    try { window.localStorage.setItem("twjp-lang", lang); } catch (e) { /* storage may be off */ }
  }
  function set(lang, keep) {
    if (!HTML_LANG[lang]) { return; }
    root.setAttribute("data-lang", lang);
    root.setAttribute("lang", HTML_LANG[lang]);
    var title = root.getAttribute("data-title-" + lang);
    if (title) { document.title = title; }
    if (keep) { remember(lang); }
    try { document.dispatchEvent(new CustomEvent("twjp:lang", { detail: lang })); } catch (e) { /* old browser */ }
  }
  function choose() {
    var asked = null;
    try { asked = known(new URLSearchParams(window.location.search).get("lang")); } catch (e) { asked = null; }
    if (asked) { remember(asked); return asked; }
    var saved = null;
    try { saved = window.localStorage.getItem("twjp-lang"); } catch (e) { saved = null; }
    if (HTML_LANG[saved]) { return saved; }
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (var i = 0; i < wanted.length; i++) {
      var found = known(wanted[i]);
      if (found) { return found; }
    }
    return "en";
  }
  window.twjpLang = { set: set, current: function () { return root.getAttribute("data-lang") || "zh"; } };
  set(choose(), false);
}());
