/* relais — the directory's map (Leaflet). No inline script: the page says what to draw with
 * data attributes, so that it works under the Content Security Policy and the list stays the
 * page's content without JavaScript.
 *
 *   <section data-directory-map data-tiles="https://…/{z}/{x}/{y}.png"
 *            data-attribution="…" data-marker-label="…" hidden>
 *     <div class="dir-map-canvas"></div>
 *   </section>
 *   <li data-map-point data-lat="50.46" data-lon="4.86" data-name="…" data-href="…"
 *       data-address="…">…</li>
 */
(function () {
  "use strict";

  function points() {
    var found = [];
    document.querySelectorAll("[data-map-point]").forEach(function (element) {
      var lat = parseFloat(element.dataset.lat);
      var lon = parseFloat(element.dataset.lon);
      if (isNaN(lat) || isNaN(lon)) {
        return;
      }
      found.push({
        lat: lat,
        lon: lon,
        name: element.dataset.name || "",
        href: element.dataset.href || "",
        address: element.dataset.address || "",
        open: element.dataset.open || ""
      });
    });
    return found;
  }

  function popupFor(point) {
    // Built with the DOM, never with innerHTML: names and addresses are data.
    var box = document.createElement("div");
    var title = document.createElement(point.href ? "a" : "strong");
    title.textContent = point.name;
    if (point.href) {
      title.href = point.href;
    }
    box.appendChild(title);
    [point.address, point.open].forEach(function (text) {
      if (text) {
        var line = document.createElement("div");
        line.textContent = text;
        box.appendChild(line);
      }
    });
    return box;
  }

  function draw(container) {
    var found = points();
    var canvas = container.querySelector(".dir-map-canvas");
    if (!found.length || !canvas || typeof L === "undefined") {
      return;
    }
    container.hidden = false;
    document.querySelectorAll("[data-map-link]").forEach(function (link) {
      link.hidden = false;
    });
    var map = L.map(canvas, { scrollWheelZoom: false });
    L.tileLayer(container.dataset.tiles, {
      attribution: container.dataset.attribution || "",
      maxZoom: 19
    }).addTo(map);
    var bounds = [];
    found.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], {
        title: point.name,
        alt: point.name,
        keyboard: true
      });
      marker.bindPopup(popupFor(point));
      marker.addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 15);
    } else {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    }
    container.classList.add("is-ready");
  }

  function start() {
    document.querySelectorAll("[data-directory-map]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
