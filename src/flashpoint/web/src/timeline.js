// Timeline: incidents on a time axis, one lane per type family, responds_to arrows from
// the incident answered (earlier, left) to the one answering (later, right). An incident
// known to a week, month or year is drawn as a span over that interval, not a point on its
// first day. Wheel or buttons zoom, dragging pans; the window is kept in the URL.
import { api, familyColour, filterQuery, humanSpan, killedOf, pickFilters } from "./api.js";
import { h, href, svg } from "./dom.js";
import { filterForm } from "./filters.js";

const LANE = 70;
const PAD = { left: 110, right: 30, top: 30, bottom: 40 };
const DAY = 86400000;

function ticks(t0, t1) {
  const out = [];
  const days = (t1 - t0) / DAY;
  const stepDays = days < 45 ? 7 : 0;
  if (stepDays) {
    const d = new Date(t0);
    d.setUTCHours(0, 0, 0, 0);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    while (d.getTime() <= t1) {
      if (d.getTime() >= t0) out.push([new Date(d), d.toISOString().slice(0, 10)]);
      d.setUTCDate(d.getUTCDate() + stepDays);
    }
    return out;
  }
  const months = days / 30;
  const step = months > 48 ? 12 : months > 18 ? 3 : 1;
  const d = new Date(t0);
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(1);
  d.setUTCMonth(Math.floor(d.getUTCMonth() / step) * step);
  while (d.getTime() <= t1) {
    if (d.getTime() >= t0) out.push([new Date(d), d.toISOString().slice(0, step === 12 ? 4 : 7)]);
    d.setUTCMonth(d.getUTCMonth() + step);
  }
  return out;
}

/** [start ms, end ms (exclusive)] of a node: its whole interval when known to less than a day. */
export function interval(n) {
  const start = Date.parse(n.date_start);
  const end = n.date_end ? Date.parse(n.date_end) : start;
  return [start, Math.max(start, end) + DAY];
}

export function extent(nodes) {
  const spans = nodes.map(interval);
  return [Math.min(...spans.map((s) => s[0])) - DAY, Math.max(...spans.map((s) => s[1])) + DAY];
}

export function drawTimeline(graph, width, domain) {
  const nodes = graph.nodes.filter((n) => n.date_start);
  const families = [...new Set(nodes.map((n) => n.family || "other"))].sort();
  const height = PAD.top + PAD.bottom + Math.max(1, families.length) * LANE;
  const root = svg("svg", { id: "timeline", "data-testid": "timeline", width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
  root.append(svg("defs", null,
    svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#333" })),
    svg("clipPath", { id: "plot-clip" }, svg("rect", { x: PAD.left, y: 0, width: width - PAD.left - PAD.right, height }))));
  if (!nodes.length) {
    root.append(svg("text", { x: PAD.left, y: PAD.top + 20 }, "No dated incidents match these filters."));
    return root;
  }
  const [t0, t1] = domain || extent(nodes);
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * (width - PAD.left - PAD.right);
  const pos = new Map();
  const jitter = new Map();
  families.forEach((f, i) => {
    const y = PAD.top + i * LANE + LANE / 2;
    root.append(svg("line", { x1: PAD.left, x2: width - PAD.right, y1: y, y2: y, class: "lane" }),
      svg("text", { x: 8, y: y + 4, class: "lane-label", fill: familyColour(f) }, f));
  });
  for (const [t, label] of ticks(t0, t1)) {
    const tx = x(t.getTime());
    root.append(svg("line", { x1: tx, x2: tx, y1: PAD.top - 10, y2: height - PAD.bottom + 5, class: "tick" }),
      svg("text", { x: tx + 2, y: height - PAD.bottom + 20, class: "tick-label" }, label));
  }
  for (const n of nodes) {
    const lane = families.indexOf(n.family || "other");
    const [a, b] = interval(n);
    const key = `${lane}:${n.date_start}:${n.date_end}`;
    const k = jitter.get(key) || 0;
    jitter.set(key, k + 1);
    const offset = [0, -9, 9, -18, 18][k % 5];
    pos.set(n.id, { x0: x(a), x1: x(b), cx: (x(a) + x(b)) / 2, cy: PAD.top + lane * LANE + LANE / 2 + offset, span: b - a > DAY });
  }
  const plot = svg("g", { "clip-path": "url(#plot-clip)" });
  const edges = svg("g", { class: "edges" });
  for (const e of graph.edges) {
    const a = pos.get(e.target);
    const b = pos.get(e.source);
    if (!a || !b) continue;
    const bend = Math.min(60, Math.abs(b.cx - a.cx) / 3 + 12);
    edges.append(svg("path", { class: "tl-edge", "data-source": e.source, "data-target": e.target, "marker-end": "url(#arrow)",
      d: `M${a.cx},${a.cy} C${a.cx},${a.cy - bend} ${b.cx},${b.cy - bend} ${b.cx},${b.cy}` },
    svg("title", null, `${e.source} responds to ${e.target}${e.evidence ? ": " + e.evidence : ""}`)));
  }
  const dots = svg("g", { class: "nodes" });
  for (const n of nodes) {
    const p = pos.get(n.id);
    const title = svg("title", null, `${humanSpan(n.date_start, n.date_end, n.date_precision)} ${n.type} · ${n.place || "?"}${n.summary ? " — " + n.summary : ""}`);
    const colour = familyColour(n.family);
    const shape = p.span
      ? svg("rect", { x: p.x0, y: p.cy - 5, width: Math.max(3, p.x1 - p.x0), height: 10, rx: 4, fill: colour, stroke: colour, class: "tl-span", "data-precision": n.date_precision || "" })
      : svg("circle", { cx: p.cx, cy: p.cy, r: 4 + 1.5 * Math.sqrt(killedOf(n)), fill: colour, stroke: "#fff" });
    dots.append(svg("a", { href: href("incident", n.id), class: "tl-node", "data-id": n.id, "data-precision": n.date_precision || "" }, shape, title));
  }
  plot.append(edges, dots);
  root.append(plot);
  return root;
}

export async function timelineView(view, params) {
  const filters = pickFilters(params);
  const [graph, form] = await Promise.all([api("graph", { ...filters, limit: 400 }), filterForm("timeline", filters)]);
  const width = Math.max(320, view.clientWidth - 20);
  const dated = graph.nodes.filter((n) => n.date_start);
  const full = dated.length ? extent(dated) : null;
  const saved = (params.get("window") || "").split(",").map((d) => Date.parse(d));
  let domain = saved.length === 2 && saved.every(Number.isFinite) && saved[0] < saved[1] ? saved : full;
  const box = h("div", { class: "timeline-box", "data-testid": "timeline-box" });
  const render = () => {
    box.replaceChildren(drawTimeline(graph, width, domain));
    if (domain && full) {
      const next = new URLSearchParams(params);
      next.set("window", domain.map((t) => new Date(t).toISOString().slice(0, 10)).join(","));
      history.replaceState(null, "", `#/timeline?${next}`);
    }
  };
  const zoom = (factor, at) => {
    if (!domain) return;
    const [a, b] = domain;
    const centre = at ?? (a + b) / 2;
    const span = Math.max(7 * DAY, (b - a) * factor);
    const left = (centre - a) / (b - a);
    domain = [centre - span * left, centre + span * (1 - left)];
    render();
  };
  const pan = (ms) => {
    if (!domain) return;
    domain = [domain[0] + ms, domain[1] + ms];
    render();
  };
  box.addEventListener("wheel", (e) => {
    if (!domain) return;
    e.preventDefault();
    const rect = box.getBoundingClientRect();
    const frac = Math.min(1, Math.max(0, (e.clientX - rect.left - PAD.left) / (width - PAD.left - PAD.right)));
    zoom(e.deltaY < 0 ? 0.8 : 1.25, domain[0] + frac * (domain[1] - domain[0]));
  }, { passive: false });
  let drag = null;
  box.addEventListener("pointerdown", (e) => { if (e.target.closest("a")) return; drag = e.clientX; });
  window.addEventListener("pointerup", () => { drag = null; }, { once: false });
  box.addEventListener("pointermove", (e) => {
    if (drag === null || !domain) return;
    const dx = e.clientX - drag;
    if (Math.abs(dx) < 4) return;
    drag = e.clientX;
    pan((-dx / (width - PAD.left - PAD.right)) * (domain[1] - domain[0]));
  });
  const undated = graph.undated
    ? [" · ", h("a", { href: `#/explore?${filterQuery(filters, { undated: "true" })}`, "data-testid": "undated-link" }, `${graph.undated} undated incidents not shown: list them`)]
    : null;
  view.append(form,
    h("p", { class: "note", "data-testid": "timeline-note" }, `${dated.length} dated incidents, ${graph.edges.length} responds_to links`,
      graph.truncated ? ` (most recent ${graph.nodes.length} of ${graph.total}; narrow the filters to see more)` : "",
      ". Arrows run from an incident to the one that answered it; bars are incidents known only to a week, month or year.", undated),
    h("div", { class: "zoom-bar" },
      h("button", { type: "button", "data-testid": "tl-zoom-in", on: { click: () => zoom(0.5) } }, "Zoom in"),
      h("button", { type: "button", "data-testid": "tl-zoom-out", on: { click: () => zoom(2) } }, "Zoom out"),
      h("button", { type: "button", "data-testid": "tl-pan-left", on: { click: () => domain && pan(-(domain[1] - domain[0]) / 3) } }, "◀"),
      h("button", { type: "button", "data-testid": "tl-pan-right", on: { click: () => domain && pan((domain[1] - domain[0]) / 3) } }, "▶"),
      h("button", { type: "button", "data-testid": "tl-reset", on: { click: () => { domain = full; render(); } } }, "Whole range"),
      h("span", { class: "muted" }, " or scroll to zoom, drag to pan")),
    box);
  render();
}
