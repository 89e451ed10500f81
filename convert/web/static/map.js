// twjp maps: Leaflet over the site's own basemap (static/land.geojson, Natural Earth): no tile or font from any
// other host. The landing page draws every agreement (data-src: the release's agreements.geojson); a record's
// page draws its own part (a JSON block beside the map). Places open their records; lines list their agreements.
// Hollow marks are approximate (a body drawn at the point of the one it is part of). Names follow the page's
// language. window.twjpMaps holds each map and its layers (the browser tests read them).
(function () {
  "use strict";
  var root = document.documentElement;
  var HTML_LANG = { zh: "zh-Hant", ja: "ja", en: "en" };
  var KEY = { zh: "zh-hant", ja: "ja", en: "en" };
  var COLOURS = {
    "sister-city": "#b2182b", "friendship-city": "#d6604d", "exchange-agreement": "#4393c3",
    "memorandum": "#2166ac", "letter-of-intent": "#767676"
  };
  var COUNTRY = { taiwan: "#1b7837", japan: "#762a83" };
  var word = window.twjpWord || function () { return ""; };
  function lang() { return root.getAttribute("data-lang") || "zh"; }
  function name(n) { return n ? (n[KEY[lang()]] || n.en || "") : ""; }
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }
  var BASE = root.getAttribute("data-base") || "";
  function page(iri, base) {
    // the site's page of an IRI, relative to this page: the IRI's path below the dataset's base, + .html
    return base + (iri.indexOf(BASE) === 0 ? iri.slice(BASE.length) : iri) + ".html";
  }
  function category(iri) { return iri ? iri.slice(iri.lastIndexOf("/") + 1) : ""; }
  var BOX = L.latLngBounds([[12, 100], [55, 165]]);  // the basemap's box (convert/dev/basemap.py)
  var landPromise = null;
  function land(url) {
    if (!landPromise) { landPromise = fetch(url).then(function (r) { return r.json(); }); }
    return landPromise;
  }
  window.twjpMaps = [];

  function draw(el, data, basemap) {
    var base = el.getAttribute("data-root") || "";
    var small = el.classList.contains("twjp-map-small");
    var map = L.map(el, { zoomSnap: 0.25, minZoom: 3, maxZoom: 12, worldCopyJump: false,
      maxBoundsViscosity: 1, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    var landLayer = L.geoJSON(basemap, { interactive: false,
      style: { fillColor: "#e9e5d6", fillOpacity: 1, color: "#8c8c7a", weight: 0.6, opacity: 1 } }).addTo(map);
    var links = L.layerGroup().addTo(map);
    var points = L.layerGroup().addTo(map);
    var features = data.features || [];
    var bounds = [];
    features.filter(function (f) { return f.properties.kind === "link"; }).forEach(function (f) {
      var p = f.properties;
      var c = f.geometry.coordinates;
      var first = p.agreements[0] || {};
      var line = L.polyline([[c[0][1], c[0][0]], [c[1][1], c[1][0]]], {
        color: COLOURS[category(first.category)] || "#555", weight: small ? 3 : 1.6, opacity: 0.75,
        dashArray: p.approximate ? "4 4" : null, className: "twjp-link"
      });
      line.feature = f;
      line.bindTooltip(function () {
        return esc(name(p.taiwanese_name) + " – " + name(p.japanese_name)) + " (" + p.agreements.length + ")";
      }, { sticky: true });
      line.bindPopup(function () {
        var html = "<strong>" + esc(name(p.taiwanese_name) + " – " + name(p.japanese_name)) + "</strong><ul>";
        p.agreements.forEach(function (a) {
          html += "<li><a href=\"" + esc(page(a.iri, base)) + "\">" + esc(a.date + " " + name(a.type_name)) + "</a></li>";
        });
        if (p.more) {
          // a record's map lists a line's first agreements; the Taiwanese party's page lists them all
          html += "<li><a href=\"" + esc(page(p.taiwanese, base)) + "\">" +
            esc(word("more_agreements", { count: p.more, name: name(p.taiwanese_name) })) + "</a></li>";
        }
        if (p.via_group.length) {
          html += "</ul><p>" + esc(p.via_group.map(function (g) { return name(g.name); }).join(", ")) + "</p>";
        } else { html += "</ul>"; }
        return html;
      });
      links.addLayer(line);
      bounds.push([c[0][1], c[0][0]], [c[1][1], c[1][0]]);
    });
    // one mark per place: several bodies drawn at one point (a city and its districts) share it
    var byPlace = {};
    features.filter(function (f) { return f.properties.kind === "locality"; }).forEach(function (f) {
      var key = f.geometry.coordinates.join(",");
      (byPlace[key] = byPlace[key] || []).push(f);
    });
    Object.keys(byPlace).sort().forEach(function (key) {
      var here = byPlace[key];
      var own = here.filter(function (f) { return !f.properties.approximate; });
      var c = here[0].geometry.coordinates;
      var approximate = own.length === 0;
      var focus = here.some(function (f) { return f.id === data.focus; });
      var icon = L.divIcon({ className: "twjp-point" + (approximate ? " twjp-approximate" : "") +
        (focus ? " twjp-focus" : "") + " twjp-" + (here[0].properties.country || ""),
        iconSize: focus ? [16, 16] : [11, 11] });
      var label = function () {
        return here.map(function (f) {
          return name(f.properties.name) + (f.properties.approximate ? " (" + word("approximate") + ")" : "");
        }).join(" · ");
      };
      var marker = L.marker([c[1], c[0]], { icon: icon, keyboard: true, title: label(), alt: label() });
      marker.features = here;
      marker.bindTooltip(label);
      if (here.length === 1) {
        marker.on("click keypress", function (e) {
          // a click, or Enter on the focused mark (Leaflet passes key presses on to the marker)
          if (e.type === "keypress" && e.originalEvent.keyCode !== 13) { return; }
          window.location.href = page(here[0].id, base);
        });
      } else {
        marker.bindPopup(function () {
          return "<ul>" + here.map(function (f) {
            return "<li><a href=\"" + esc(page(f.id, base)) + "\">" + esc(name(f.properties.name)) + "</a>" +
              (f.properties.approximate ? " (" + esc(word("approximate")) + ")" : "") + "</li>";
          }).join("") + "</ul>";
        });
      }
      points.addLayer(marker);
      bounds.push([c[1], c[0]]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: small ? 9 : 7 }); }
    else if (bounds.length === 1) { map.setView(bounds[0], 8); }
    else { map.fitBounds([[21.5, 118], [45.6, 146]]); }
    // never show past the basemap's box: no zooming out or panning beyond it
    map.setMinZoom(Math.max(3, map.getBoundsZoom(BOX, true)));
    map.setMaxBounds(BOX);
    document.addEventListener("twjp:lang", function () {
      points.eachLayer(function (m) {
        var text = m.features.map(function (f) { return name(f.properties.name); }).join(" · ");
        var el2 = m.getElement();
        if (el2) { el2.setAttribute("title", text); el2.setAttribute("aria-label", text); }
      });
    });
    points.eachLayer(function (m) {
      var el2 = m.getElement();
      if (el2) { el2.setAttribute("role", "link"); el2.setAttribute("aria-label", el2.getAttribute("title") || ""); }
    });
    window.twjpMaps.push({ map: map, element: el, layers: { land: landLayer, links: links, points: points } });
    el.setAttribute("data-ready", "true");
  }

  Array.prototype.forEach.call(document.querySelectorAll(".twjp-map"), function (el) {
    var block = el.parentNode.querySelector("script.twjp-map-data");
    var data = el.getAttribute("data-src") ?
      fetch(el.getAttribute("data-src")).then(function (r) { return r.json(); }) :
      Promise.resolve(block ? JSON.parse(block.textContent) : { features: [] });
    Promise.all([data, land(el.getAttribute("data-land"))]).then(function (both) { draw(el, both[0], both[1]); });
  });
}());
