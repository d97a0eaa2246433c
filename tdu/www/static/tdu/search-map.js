// Progressive enhancement: a map of the listed offers. Without JavaScript, or if Leaflet cannot load,
// the list alone is shown; if the background tiles cannot load, markers stay on a plain background.
(function () {
  var map = null; // one map at a time: htmx swaps the results, the map is drawn again
  var note = null; // the note shown when the background tiles cannot load
  function empty(container) {
    container.replaceChildren();
    container.className = container.className.replace(/\s*leaflet-\S+/g, "");
    container.removeAttribute("style");
    container.removeAttribute("tabindex");
    container.hidden = true;
  }
  function clear() {
    // Leaflet's markup and inline styles never stay in the page: not in htmx's history snapshot (restored
    // under the strict CSP, with a dead map in it), not under a new map.
    if (map) {
      var old = map.getContainer();
      map.remove();
      map = null;
      empty(old);
    }
    if (note) {
      note.remove();
      note = null;
    }
  }
  function draw() {
    var container = document.getElementById("carte");
    if (!container || typeof L === "undefined") return;
    if (map && map.getContainer() === container) return; // already drawn here (another swap settled)
    clear();
    if (container.classList.contains("leaflet-container")) empty(container); // a snapshot's dead map
    var items = document.querySelectorAll(".tdu-results li[data-lat]");
    if (!items.length) {
      container.hidden = true;
      return;
    }
    container.hidden = false;
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", "Carte des offres (la liste ci-dessous contient les mêmes informations)");
    map = L.map(container, { scrollWheelZoom: false });
    var layer = L.tileLayer(document.body.dataset.mapTilesUrl, { // the MAP_TILES_URL setting (base.html)
      maxZoom: 18,
      attribution: document.body.dataset.mapTilesAttribution,
    });
    var warned = false;
    layer.on("tileerror", function () {
      if (warned) return;
      warned = true;
      note = document.createElement("p");
      note.className = "fr-text--sm fr-mt-1v";
      note.textContent = "Le fond de carte n'a pas pu être chargé\u00a0: les emplacements des offres restent affichés.";
      container.insertAdjacentElement("afterend", note);
    });
    layer.addTo(map);
    var bounds = [];
    items.forEach(function (item) {
      var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
      bounds.push(point);
      // The title is the company's text: a text node, never HTML (an offer titled "<img onerror=…>" stays text).
      var label = document.createElement("span");
      label.textContent = item.dataset.titre;
      L.circleMarker(point, { radius: 7, color: "#000091" }).addTo(map).bindPopup(label);
    });
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
  document.addEventListener("htmx:beforeHistorySave", clear);
  document.addEventListener("htmx:historyRestore", draw);
})();
