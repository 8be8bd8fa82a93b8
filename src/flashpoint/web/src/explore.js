// Explore: filters, the map of located incidents and the paged incident list.
import { api, familyColour, pickFilters } from "./api.js";
import { h, href, range } from "./dom.js";
import { filterForm } from "./filters.js";
import { drawMap } from "./map.js";

const SORTS = [["-date", "newest first"], ["date", "oldest first"], ["-killed", "most killed"], ["-sources", "most sources"], ["type", "type"]];
const PAGE = 25;

function typeBadge(row) {
  return h("span", { class: "badge", style: `border-color:${familyColour(row.family)}` }, row.type || "?");
}

function listRow(row) {
  return h("li", null, h("a", { href: href("incident", row.id), class: "row", "data-testid": "incident-row", "data-id": row.id, "data-type": row.type || "" },
    h("span", { class: "date" }, row.date_start || "—"), typeBadge(row),
    h("span", { class: "place" }, [row.place, row.country].filter(Boolean).join(", ") || "place unknown"),
    h("span", { class: "who" }, row.perpetrator_name || ""),
    h("span", { class: "toll", title: "killed" }, row.killed_min === null && row.killed_max === null ? "" : `☠ ${range(row.killed_min, row.killed_max)}`),
    h("span", { class: "sources", title: "sources" }, `${row.sources || 0} src`),
    h("div", { class: "summary" }, row.summary || "")));
}

export async function exploreView(view, params, cleanup) {
  const filters = pickFilters(params);
  const sort = params.get("sort") || "-date";
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const [page, graph, form] = await Promise.all([
    api("incidents", { ...filters, sort, limit: PAGE, offset }),
    api("graph", { ...filters, limit: 2000 }),
    filterForm("explore", filters),
  ]);
  const go = (changes) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    location.hash = `#/explore?${next}`;
  };
  const mapBox = h("div", { id: "map", "data-testid": "map", class: "map" });
  const located = graph.nodes.filter((n) => n.lat !== null).length;
  view.append(
    form,
    h("div", { class: "explore" },
      h("section", { class: "map-panel" }, mapBox,
        h("p", { class: "note", "data-testid": "map-note" },
          `${located} located of ${graph.nodes.length} shown`, graph.truncated ? ` (most recent ${graph.nodes.length} of ${graph.total})` : "")),
      h("section", { class: "list-panel" },
        h("div", { class: "list-head" },
          h("strong", { "data-testid": "incident-total" }, `${page.total} incidents`),
          h("select", { "data-testid": "sort", on: { change: (e) => go({ sort: e.target.value, offset: 0 }) } },
            SORTS.map(([v, label]) => h("option", { value: v, selected: v === sort }, label)))),
        h("ol", { id: "incident-list", "data-testid": "incident-list", class: "incidents" }, page.items.map(listRow)),
        h("div", { class: "pager" },
          h("button", { "data-testid": "page-prev", disabled: offset === 0, on: { click: () => go({ offset: Math.max(0, offset - PAGE) }) } }, "‹ Prev"),
          h("span", null, page.total ? `${offset + 1}–${Math.min(offset + PAGE, page.total)} of ${page.total}` : "no incidents match"),
          h("button", { "data-testid": "page-next", disabled: offset + PAGE >= page.total, on: { click: () => go({ offset: offset + PAGE }) } }, "Next ›")))));
  const map = drawMap(mapBox, graph.nodes);
  cleanup.push(() => map.remove());
}
