// The query page: YASGUI (vendored, no network) on this server's /sparql, with the sample queries preloaded.
(function () {
  "use strict";
  var texts = JSON.parse(document.getElementById("queries").textContent);
  var endpoint = new URL("sparql", window.location.href.replace(/[^/]*$/, "")).href;
  document.getElementById("endpoint").textContent = endpoint;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null
  });
  var names = Object.keys(texts).sort();
  if (names.length) { yasgui.getTab().setQuery(texts[names[0]]); }
  Array.prototype.forEach.call(document.querySelectorAll("button.sample"), function (button) {
    button.addEventListener("click", function () {
      yasgui.getTab().setQuery(texts[button.getAttribute("data-name")]);
    });
  });
}());
