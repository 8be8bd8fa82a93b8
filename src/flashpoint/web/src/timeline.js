// Timeline: incidents on a time axis, one lane per type family, responds_to arrows from
// the incident answered (earlier, left) to the one answering (later, right).
import { api, familyColour, killedOf, pickFilters } from "./api.js";
import { h, href, svg } from "./dom.js";
import { filterForm } from "./filters.js";

const LANE = 70;
const PAD = { left: 110, right: 30, top: 30, bottom: 40 };
const DAY = 86400000;

function ticks(t0, t1) {
  const out = [];
  const months = (t1 - t0) / (30 * DAY);
  const step = months > 48 ? 12 : months > 18 ? 3 : 1;
  const d = new Date(t0);
  d.setUTCDate(1);
  d.setUTCMonth(Math.floor(d.getUTCMonth() / step) * step);
  while (d.getTime() <= t1) {
    if (d.getTime() >= t0) out.push(new Date(d));
    d.setUTCMonth(d.getUTCMonth() + step);
  }
  return out;
}

export function drawTimeline(graph, width) {
  const nodes = graph.nodes.filter((n) => n.date_start);
  const families = [...new Set(nodes.map((n) => n.family || "other"))].sort();
  const height = PAD.top + PAD.bottom + Math.max(1, families.length) * LANE;
  const root = svg("svg", { id: "timeline", "data-testid": "timeline", width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
  root.append(svg("defs", null, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
    svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#333" }))));
  if (!nodes.length) {
    root.append(svg("text", { x: PAD.left, y: PAD.top + 20 }, "No dated incidents match these filters."));
    return root;
  }
  const times = nodes.map((n) => Date.parse(n.date_start));
  let t0 = Math.min(...times) - DAY;
  let t1 = Math.max(...times) + DAY;
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * (width - PAD.left - PAD.right);
  const pos = new Map();
  const jitter = new Map();
  families.forEach((f, i) => {
    const y = PAD.top + i * LANE + LANE / 2;
    root.append(svg("line", { x1: PAD.left, x2: width - PAD.right, y1: y, y2: y, class: "lane" }),
      svg("text", { x: 8, y: y + 4, class: "lane-label", fill: familyColour(f) }, f));
  });
  for (const t of ticks(t0, t1)) {
    const tx = x(t.getTime());
    root.append(svg("line", { x1: tx, x2: tx, y1: PAD.top - 10, y2: height - PAD.bottom + 5, class: "tick" }),
      svg("text", { x: tx + 2, y: height - PAD.bottom + 20, class: "tick-label" }, t.toISOString().slice(0, 7)));
  }
  for (const n of nodes) {
    const lane = families.indexOf(n.family || "other");
    const key = `${lane}:${n.date_start}`;
    const k = jitter.get(key) || 0;
    jitter.set(key, k + 1);
    const offset = ((k % 5) - 2) * 9;
    pos.set(n.id, [x(Date.parse(n.date_start)), PAD.top + lane * LANE + LANE / 2 + offset]);
  }
  const edges = svg("g", { class: "edges" });
  for (const e of graph.edges) {
    const a = pos.get(e.target);
    const b = pos.get(e.source);
    if (!a || !b) continue;
    const bend = Math.min(60, Math.abs(b[0] - a[0]) / 3 + 12);
    edges.append(svg("path", { class: "tl-edge", "data-source": e.source, "data-target": e.target, "marker-end": "url(#arrow)",
      d: `M${a[0]},${a[1]} C${a[0]},${a[1] - bend} ${b[0]},${b[1] - bend} ${b[0]},${b[1]}` },
    svg("title", null, `${e.source} responds to ${e.target}${e.evidence ? ": " + e.evidence : ""}`)));
  }
  const dots = svg("g", { class: "nodes" });
  for (const n of nodes) {
    const [cx, cy] = pos.get(n.id);
    dots.append(svg("a", { href: href("incident", n.id), class: "tl-node", "data-id": n.id },
      svg("circle", { cx, cy, r: 4 + 1.5 * Math.sqrt(killedOf(n)), fill: familyColour(n.family), stroke: "#fff" }),
      svg("title", null, `${n.date_start} ${n.type} · ${n.place || "?"}${n.summary ? " — " + n.summary : ""}`)));
  }
  root.append(edges, dots);
  return root;
}

export async function timelineView(view, params) {
  const filters = pickFilters(params);
  const [graph, form] = await Promise.all([api("graph", { ...filters, limit: 400 }), filterForm("timeline", filters)]);
  const width = Math.max(900, view.clientWidth - 20);
  view.append(form,
    h("p", { class: "note" }, `${graph.nodes.length} incidents, ${graph.edges.length} responds_to links`,
      graph.truncated ? ` (most recent ${graph.nodes.length} of ${graph.total}; narrow the filters to see more)` : "",
      ". Arrows run from an incident to the one that answered it."),
    h("div", { class: "timeline-box" }, drawTimeline(graph, width)));
}
