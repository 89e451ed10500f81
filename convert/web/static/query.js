// The query page: the sample queries (each with its documented parameter bound), run on this server's /sparql
// (SPARQL 1.1 Protocol); results as a table of values: names of the dataset's resources in the page's language,
// literals as their text, never as typed RDF terms.
(function () {
  "use strict";
  var root = document.documentElement;
  var HTML_LANG = { zh: "zh-Hant", ja: "ja", en: "en" };
  var word = window.twjpWord;
  var texts = JSON.parse(document.getElementById("queries").textContent);
  var endpoint = new URL("sparql", window.location.href.replace(/[^/]*$/, "")).href;
  var BASE = root.getAttribute("data-base") || "";
  var editor = document.getElementById("query");
  var results = document.getElementById("query-results");
  var status = document.getElementById("query-status");
  var names = {};
  Array.prototype.forEach.call(document.querySelectorAll(".endpoint"), function (c) { c.textContent = endpoint; });
  fetch("search-index.json").then(function (r) { return r.json(); }).then(function (index) {
    index.entries.forEach(function (e) { names[BASE + e.url.replace(/\.html$/, "")] = e; });
  }).catch(function () { /* names are a convenience */ });
  function lang() { return root.getAttribute("data-lang") || "zh"; }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var a = document.createElement("a");
      var known = names[term.value];
      a.href = term.value.indexOf(BASE) === 0 ? term.value.slice(BASE.length) + ".html" : term.value;
      a.textContent = known ? (known[HTML_LANG[lang()]] || known.en) : term.value;
      if (known) { a.setAttribute("lang", HTML_LANG[lang()]); a.title = term.value; }
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) { td.setAttribute("lang", term["xml:lang"]); }
    }
    return td;
  }
  function table(json) {
    var vars = json.head.vars || [];
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.scope = "col"; th.textContent = v; head.appendChild(th); });
    var body = t.createTBody();
    json.results.bindings.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    return t;
  }
  function run(event) {
    if (event) { event.preventDefault(); }
    clear(results);
    status.textContent = word("running");
    var graph = /^\s*(?:(?:PREFIX|BASE)[^\n]*\n|#[^\n]*\n|\s)*(CONSTRUCT|DESCRIBE)/i.test(editor.value);
    fetch(endpoint, { method: "POST", body: editor.value, headers: {
      "Content-Type": "application/sparql-query",
      "Accept": graph ? "application/n-triples" : "application/sparql-results+json" } })
      .then(function (r) {
        if (r.status === 404 || r.status === 405) {
          document.getElementById("needs-server").hidden = false;
          throw new Error(word("needs_server"));
        }
        return (graph ? r.text() : r.json().catch(function () { return r.text(); })).then(function (body) {
          if (!r.ok) { throw new Error(typeof body === "string" ? body : JSON.stringify(body)); }
          return body;
        });
      })
      .then(function (body) {
        if (graph) {
          var lines = body.split("\n").filter(function (l) { return l.trim(); });
          status.textContent = word("graph_result", { n: lines.length });
          var pre = document.createElement("pre");
          pre.textContent = body;
          results.appendChild(pre);
        } else if (typeof body.boolean === "boolean") {
          status.textContent = word(body.boolean ? "boolean_true" : "boolean_false");
        } else {
          status.textContent = word("rows", { n: body.results.bindings.length });
          results.appendChild(table(body));
        }
      })
      .catch(function (err) { status.textContent = word("query_failed") + " " + err.message; });
  }
  var names_ = Object.keys(texts).sort();
  if (names_.length) { editor.value = texts[names_[0]]; }
  Array.prototype.forEach.call(document.querySelectorAll("button.sample"), function (button) {
    button.addEventListener("click", function () {
      editor.value = texts[button.getAttribute("data-name")];
      run();
    });
  });
  document.getElementById("query-form").addEventListener("submit", run);
  document.addEventListener("twjp:lang", function () { if (results.firstChild) { run(); } });
}());
