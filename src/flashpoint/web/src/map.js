// The incident map: Leaflet over a local Natural Earth basemap (world-atlas), no tile server.
// Markers cluster where they stack; place names from our gazetteer appear when zoomed in.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster";
import "leaflet.markercluster/dist/MarkerCluster.css";
import "leaflet.markercluster/dist/MarkerCluster.Default.css";
import { feature } from "topojson-client";
import countries from "world-atlas/countries-110m.json";
import { api, familyColour, FAMILY_COLOURS, humanDate, isApproximate, killedOf, placeName } from "./api.js";
import { h, href } from "./dom.js";

const WORLD = feature(countries, countries.objects.countries);
const LABEL_ZOOM = 6;

function popup(node) {
  return h("div", { class: "popup" },
    h("strong", null, node.type || "incident"), h("br"),
    `${humanDate(node.date_start, node.date_precision)} · ${placeName(node) || "place unknown"}`,
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
    h("div", null, h("span", { class: "swatch cluster" }), "numbered: several incidents; click to spread"),
    h("div", null, "size: people killed"));
  return control;
}

/** Labels that do not overlap: greedy, in gazetteer order, about 7 px per character. */
function placeWithoutOverlap(map, places) {
  const taken = [];
  const out = [];
  for (const p of places) {
    const pt = map.latLngToContainerPoint([p.lat, p.lon]);
    const box = [pt.x, pt.y - 8, pt.x + 10 + 7 * p.name.length, pt.y + 8];
    if (taken.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
    taken.push(box);
    out.push(p);
  }
  return out;
}

async function placeLabels(map) {
  const layer = L.layerGroup().addTo(map);
  let places = [];
  let unloaded = false;
  map.on("unload", () => { unloaded = true; });
  try {
    places = (await api("places")).items;
  } catch (err) {
    return; // labels are an aid; the map works without them
  }
  if (unloaded) return; // the view changed while the places loaded
  const draw = () => {
    layer.clearLayers();
    if (map.getZoom() < LABEL_ZOOM) return;
    const bounds = map.getBounds().pad(0.1);
    const visible = places.filter((p) => bounds.contains([p.lat, p.lon]));
    for (const p of placeWithoutOverlap(map, visible)) {
      L.marker([p.lat, p.lon], { interactive: false, keyboard: false,
        icon: L.divIcon({ className: "place-label", html: "", iconSize: null }) })
        .bindTooltip(p.name, { permanent: true, direction: "right", className: "place-name", offset: [4, 0] })
        .addTo(layer);
    }
  };
  map.on("zoomend moveend", draw);
  draw();
}

/**
 * Draw `nodes` (from /api/graph) in `container`; returns the Leaflet map (dispose with removeMap).
 * `view` is [lat, lon, zoom] to restore, or null to fit the incidents; `onView` hears moves.
 */
export function drawMap(container, nodes, view, onView) {
  const map = L.map(container, { worldCopyJump: true, minZoom: 2, maxZoom: 12 });
  map.attributionControl.addAttribution("Basemap: Natural Earth via world-atlas · places: Flashpoint gazetteer");
  L.geoJSON(WORLD, { style: { color: "#8a8a7a", weight: 0.6, fillColor: "#efeadf", fillOpacity: 1 }, interactive: false }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  const clusters = L.markerClusterGroup({ animate: false, maxClusterRadius: 40, spiderfyOnMaxZoom: true, showCoverageOnHover: false });
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
    markers.push(marker);
  }
  // The first view is set without animation: a zoom animation still running when the user
  // navigates away would fire into a removed map (see removeMap).
  if (view) map.setView([view[0], view[1]], view[2], { animate: false });
  else if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2), { maxZoom: 7, animate: false });
  else map.setView([30, 45], 4, { animate: false });
  clusters.addLayers(markers);
  clusters.addTo(map);
  legend().addTo(map);
  placeLabels(map);
  if (onView) map.on("moveend", () => { const c = map.getCenter(); onView([c.lat, c.lng, map.getZoom()]); });
  let zooming = false;
  map.on("zoomanim", () => { zooming = true; });
  map.on("zoomend", () => { zooming = false; });
  map.isZooming = () => zooming;
  return map;
}

/**
 * Remove a map drawn by drawMap, whose container has left the page. Leaflet ends a zoom on
 * timers and animation frames that `map.remove()` does not cancel (they then read the deleted
 * map pane): a click starts the zoom on the next frame, a wheel after 40 ms, and the animation
 * ends 250 ms later. So the detached map is removed a second later, or when a zoom still
 * running then ends. (The clusters do not animate: their own timers would outlive the map.)
 */
export function removeMap(map) {
  setTimeout(() => {
    if (map.isZooming()) map.once("zoomend", () => map.remove());
    else map.remove();
  }, 1000);
}
