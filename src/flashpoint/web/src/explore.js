// Explore: filters, the map of located incidents, trends, downloads and the paged incident list.
// Everything a view shows (filters, sort, page, map view, chart unit) lives in the URL hash.
import { api, familyColour, filterQuery, humanDate, pickFilters, placeName } from "./api.js";
import { drawTrends } from "./charts.js";
import { h, href, range } from "./dom.js";
import { filterForm } from "./filters.js";
import { drawMap, removeMap } from "./map.js";

const SORTS = [["-date", "newest first"], ["date", "oldest first"], ["-killed", "most killed"], ["-sources", "most sources"], ["type", "type"]];
const PAGE = 25;

function typeBadge(row) {
  return h("span", { class: "badge", style: `border-color:${familyColour(row.family)}` }, row.type || "?");
}

function listRow(row) {
  return h("li", null, h("a", { href: href("incident", row.id), class: "row", "data-testid": "incident-row", "data-id": row.id, "data-type": row.type || "" },
    h("span", { class: "date" }, humanDate(row.date_start, row.date_precision)), typeBadge(row),
    h("span", { class: "place" }, placeName(row) || "place unknown"),
    h("span", { class: "who" }, row.perpetrator_name || ""),
    h("span", { class: "toll", title: "killed" }, row.killed_min === null && row.killed_max === null ? "" : `☠ ${range(row.killed_min, row.killed_max)}`),
    h("span", { class: "sources", title: "sources" }, `${row.sources || 0} src`),
    h("div", { class: "summary" }, row.summary || "")));
}

/** "lat,lon,zoom" from the URL, or null. */
export function parseView(text) {
  const parts = (text || "").split(",").map(Number);
  return parts.length === 3 && parts.every(Number.isFinite) ? parts : null;
}

function downloads(filters) {
  return h("div", { class: "downloads", "data-testid": "downloads" }, "Download these incidents: ",
    ["csv", "geojson", "jsonl"].map((fmt) => h("a", { href: `/api/export?${filterQuery(filters, { format: fmt })}`, download: `flashpoint-incidents.${fmt}`, "data-testid": `export-${fmt}`, class: "button" }, fmt.toUpperCase())));
}

export async function exploreView(view, params, cleanup) {
  const filters = pickFilters(params);
  const sort = params.get("sort") || "-date";
  const unit = params.get("unit") === "week" ? "week" : "month";
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const [page, graph, stats, form] = await Promise.all([
    api("incidents", { ...filters, sort, limit: PAGE, offset }),
    api("graph", { ...filters, limit: 2000 }),
    api("stats", filters),
    filterForm("explore", filters, { sort: params.get("sort"), view: params.get("view"), unit: params.get("unit") }),
  ]);
  const go = (changes) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    location.hash = `#/explore?${next}`;
  };
  const mapBox = h("div", { id: "map", "data-testid": "map", class: "map" });
  const chartBox = h("div", { class: "charts", "data-testid": "charts" });
  const located = graph.nodes.filter((n) => n.lat !== null).length;
  const undatedLink = stats.undated && !filters.undated
    ? h("a", { href: `#/explore?${filterQuery(filters, { undated: "true" })}`, "data-testid": "undated-link" }, `${stats.undated} undated incidents (not charted): list them`)
    : null;
  view.append(
    form,
    h("div", { class: "explore" },
      h("section", { class: "map-panel" }, mapBox,
        h("p", { class: "note", "data-testid": "map-note" },
          `${located} located of ${graph.nodes.length} shown`, graph.truncated ? ` (most recent ${graph.nodes.length} of ${graph.total})` : ""),
        downloads(filters)),
      h("section", { class: "list-panel" },
        h("div", { class: "list-head" },
          h("strong", { "data-testid": "incident-total" }, `${page.total} incidents`),
          h("select", { "data-testid": "sort", on: { change: (e) => go({ sort: e.target.value, offset: 0 }) } },
            SORTS.map(([v, label]) => h("option", { value: v, selected: v === sort }, label)))),
        h("ol", { id: "incident-list", "data-testid": "incident-list", class: "incidents" }, page.items.map(listRow)),
        h("div", { class: "pager" },
          h("button", { "data-testid": "page-prev", disabled: offset === 0, on: { click: () => go({ offset: Math.max(0, offset - PAGE) }) } }, "‹ Prev"),
          h("span", null, page.total ? `${offset + 1}–${Math.min(offset + PAGE, page.total)} of ${page.total}` : "no incidents match"),
          h("button", { "data-testid": "page-next", disabled: offset + PAGE >= page.total, on: { click: () => go({ offset: offset + PAGE }) } }, "Next ›")))),
    h("section", { class: "trends" },
      h("div", { class: "list-head" }, h("h2", null, "Trends"),
        h("span", null, "per ",
          h("select", { "data-testid": "chart-unit", on: { change: (e) => go({ unit: e.target.value }) } },
            ["month", "week"].map((u) => h("option", { value: u, selected: u === unit }, u))),
          " · drag across a chart to filter by those dates")),
      undatedLink ? h("p", { class: "note" }, undatedLink) : null,
      chartBox));
  // The map writes its view into the URL it was drawn for, never into one the user has since
  // navigated to: a late `moveend` would otherwise overwrite a new hash before its route runs.
  let owned = location.hash;
  const keepView = (v) => {
    if (location.hash !== owned) return; // left this view (or its route is about to re-render)
    const next = new URLSearchParams(params);
    next.set("view", v.map((x, i) => (i < 2 ? x.toFixed(4) : String(x))).join(","));
    params = next;
    history.replaceState(null, "", `#/explore?${next}`);
    owned = location.hash;
  };
  const map = drawMap(mapBox, graph.nodes, parseView(params.get("view")), keepView);
  cleanup.push(() => removeMap(map));
  const onRange = (from, to) => go({ date_from: from, date_to: to, offset: 0 });
  cleanup.push(drawTrends(chartBox, stats, unit, chartBox.clientWidth - 10, onRange));
}
