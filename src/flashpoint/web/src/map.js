// The incident map: Leaflet over a local Natural Earth basemap (world-atlas), no tile server.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { feature } from "topojson-client";
import countries from "world-atlas/countries-110m.json";
import { familyColour, FAMILY_COLOURS, isApproximate, killedOf } from "./api.js";
import { h, href } from "./dom.js";

const WORLD = feature(countries, countries.objects.countries);

function popup(node) {
  return h("div", { class: "popup" },
    h("strong", null, node.type || "incident"), h("br"),
    `${node.date_start || "date unknown"} · ${node.place || "place unknown"}`,
    isApproximate(node.location_precision) ? h("div", { class: "approx" }, `approximate location (${node.location_precision})`) : null,
    h("div", null, h("a", { href: href("incident", node.id), "data-testid": "map-open" }, "Open incident")));
}

function legend() {
  const control = L.control({ position: "bottomleft" });
  control.onAdd = () => h("div", { class: "legend", "data-testid": "map-legend" },
    Object.entries(FAMILY_COLOURS).map(([family, colour]) =>
      h("div", null, h("span", { class: "swatch", style: `background:${colour}` }), family)),
    h("div", null, h("span", { class: "swatch" }), "filled: site or city"),
    h("div", null, h("span", { class: "swatch hollow" }), "dashed ring: approximate (region/country)"),
    h("div", null, "size: people killed"));
  return control;
}

/** Draw `nodes` (from /api/graph) in `container`; returns the Leaflet map (call .remove()). */
export function drawMap(container, nodes) {
  const map = L.map(container, { worldCopyJump: true, minZoom: 2, maxZoom: 12 }).setView([30, 45], 4);
  map.attributionControl.addAttribution("Basemap: Natural Earth via world-atlas");
  L.geoJSON(WORLD, { style: { color: "#8a8a7a", weight: 0.6, fillColor: "#efeadf", fillOpacity: 1 }, interactive: false }).addTo(map);
  const located = nodes.filter((n) => n.lat !== null && n.lon !== null);
  const markers = [];
  for (const node of located) {
    const size = Math.sqrt(killedOf(node));
    const colour = familyColour(node.family);
    const approx = isApproximate(node.location_precision);
    const marker = approx
      ? L.circleMarker([node.lat, node.lon], { radius: 14 + 2 * size, color: colour, weight: 2, dashArray: "5 4", fill: false, className: "fp-marker fp-approx" })
      : L.circleMarker([node.lat, node.lon], { radius: 5 + 2 * size, color: "#fff", weight: 1, fillColor: colour, fillOpacity: 0.8, className: "fp-marker fp-precise" });
    marker.bindPopup(popup(node));
    marker.bindTooltip(h("span", null, `${node.type} · ${node.place || ""}${approx ? " (approximate)" : ""}`));
    marker.addTo(map);
    markers.push(marker);
  }
  if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2), { maxZoom: 7 });
  legend().addTo(map);
  return map;
}
