// Escalation between two actors: both directions on one time axis (A above, B below),
// responds_to arrows with their lag, and reciprocity and median lag as `flashpoint stats` computes.
import { api, humanSpan } from "./api.js";
import { h, href, svg, table } from "./dom.js";
import { suggestInput } from "./suggest.js";
import { interval } from "./timeline.js";

const PAD = { left: 150, right: 30, top: 30, bottom: 40 };
const DAY = 86400000;
const SIDE_COLOUR = { a: "#b03a2e", b: "#1f5f99" };

function pct(v) {
  return v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`;
}

export function drawEscalation(data, width) {
  const dated = data.incidents.filter((i) => i.date_start);
  const height = PAD.top + PAD.bottom + 160;
  const root = svg("svg", { id: "escalation", "data-testid": "escalation-chart", width, height, viewBox: `0 0 ${width} ${height}` });
  root.append(svg("defs", null, svg("marker", { id: "esc-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
    svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#333" }))));
  const laneY = { a: PAD.top + 40, b: PAD.top + 120 };
  for (const side of ["a", "b"]) {
    root.append(svg("line", { x1: PAD.left, x2: width - PAD.right, y1: laneY[side], y2: laneY[side], class: "lane" }),
      svg("text", { x: 8, y: laneY[side] - 12, class: "lane-label", fill: SIDE_COLOUR[side] }, `${data[side].name} acts`));
  }
  if (!dated.length) {
    root.append(svg("text", { x: PAD.left, y: PAD.top + 80 }, "No dated incidents between these two actors."));
    return root;
  }
  const spans = dated.map(interval);
  const t0 = Math.min(...spans.map((s) => s[0])) - 3 * DAY;
  const t1 = Math.max(...spans.map((s) => s[1])) + 3 * DAY;
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * (width - PAD.left - PAD.right);
  const step = (t1 - t0) / DAY > 540 ? 12 : (t1 - t0) / DAY > 180 ? 3 : 1;
  const d = new Date(t0);
  d.setUTCDate(1);
  while (d.getTime() <= t1) {
    if (d.getTime() >= t0 && d.getUTCMonth() % step === 0) {
      const tx = x(d.getTime());
      root.append(svg("line", { x1: tx, x2: tx, y1: PAD.top, y2: height - PAD.bottom + 5, class: "tick" }),
        svg("text", { x: tx + 2, y: height - PAD.bottom + 20, class: "tick-label" }, d.toISOString().slice(0, 7)));
    }
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  const pos = new Map();
  for (const inc of dated) {
    const [a, b] = interval(inc);
    pos.set(inc.id, [(x(a) + x(b)) / 2, laneY[inc.side], x(a), x(b), b - a > DAY]);
  }
  for (const link of data.links) {
    const from = pos.get(link.target);
    const to = pos.get(link.source);
    if (!from || !to) continue;
    const mid = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
    root.append(svg("path", { class: "tl-edge esc-edge", "data-testid": "escalation-link", "marker-end": "url(#esc-arrow)",
      d: `M${from[0]},${from[1]} L${to[0]},${to[1]}` }, svg("title", null, `${link.source} answers ${link.target} after ${link.lag_days ?? "?"} days`)),
    svg("text", { x: mid[0] + 4, y: mid[1], class: "lag-label" }, link.lag_days === null ? "" : `${link.lag_days} d`));
  }
  for (const inc of dated) {
    const [cx, cy, xa, xb, span] = pos.get(inc.id);
    const shape = span
      ? svg("rect", { x: xa, y: cy - 5, width: Math.max(3, xb - xa), height: 10, rx: 4, fill: SIDE_COLOUR[inc.side] })
      : svg("circle", { cx, cy, r: 6, fill: SIDE_COLOUR[inc.side], stroke: "#fff" });
    root.append(svg("a", { href: href("incident", inc.id), class: "tl-node", "data-testid": "escalation-incident", "data-side": inc.side },
      shape, svg("title", null, `${humanSpan(inc.date_start, inc.date_end, inc.date_precision)} · ${inc.type} · ${inc.place || "?"}`)));
  }
  return root;
}

export async function escalationView(view, params) {
  const a = params.get("a") || "";
  const b = params.get("b") || "";
  const inputA = suggestInput("actor", { name: "a", value: a, placeholder: "United States", "data-testid": "escalation-a" });
  const inputB = suggestInput("actor", { name: "b", value: b, placeholder: "Kataib Hezbollah", "data-testid": "escalation-b" });
  const within = params.get("within") || "30";
  const form = h("form", { class: "filters", "data-testid": "escalation-form", on: { submit: (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    const next = new URLSearchParams({ a: String(data.get("a")).trim(), b: String(data.get("b")).trim(), within: String(data.get("within") || "30") });
    location.hash = `#/escalation?${next}`;
  } } },
  h("label", null, h("span", null, "Actor A"), inputA), h("label", null, h("span", null, "Actor B"), inputB),
  h("label", null, h("span", null, "Answer within (days)"), h("input", { type: "number", name: "within", min: 1, max: 3650, value: within, style: "width:6em" })),
  h("button", { type: "submit" }, "Show"));
  view.append(h("h1", null, "Escalation"), form);
  if (!a || !b) {
    view.append(h("p", { class: "muted" }, "Choose two actors to see both directions on one time axis."));
    return;
  }
  const data = await api("escalation", { a, b, within });
  // The URL may carry ids (links from an actor page); the boxes show the names they resolved to.
  inputA.querySelector("input").value = data.a.name;
  inputB.querySelector("input").value = data.b.name;
  const width = Math.max(340, view.clientWidth - 20);
  const side = (s) => data[s].ids.length === 1 ? h("a", { href: href("actor", data[s].ids[0]) }, data[s].name) : data[s].name;
  view.append(
    h("p", { class: "note" }, `${data.incidents.length} incidents between `, side("a"), " and ", side("b"),
      `; ${data.links.length} explicit responds_to links. Reciprocity: the share of one side's incidents answered by the other within ${data.within_days} days.`),
    table([
      { title: "Direction", cell: (s) => `${data[s].name} → ${data[s === "a" ? "b" : "a"].name}` },
      { title: "Incidents", cell: (s) => data.summary[s].incidents },
      { title: "Aimed at the other (counted)", cell: (s) => data.summary[s].counted },
      { title: "Answered (of those aimed)", cell: (s) => data.summary[s].answered },
      { title: "Reciprocity", cell: (s) => pct(data.summary[s].reciprocity) },
      { title: "Median lag of the answers to it (days)", cell: (s) => data.summary[s].median_lag_days ?? "—" },
    ], ["a", "b"], { class: "grid", "data-testid": "escalation-summary" }),
    h("div", { class: "timeline-box" }, drawEscalation(data, width)),
    h("h2", null, "Month by month"),
    table([
      { title: "Month", cell: (r) => r.month },
      { title: "Actor", cell: (r) => (r.actor === data.a.ids[0] || data.a.ids.includes(r.actor) ? data.a.name : data.b.name) },
      { title: "Incidents", cell: (r) => r.incidents },
      { title: "By type", cell: (r) => r.by_type },
      { title: "Answered", cell: (r) => pct(r.reciprocity) },
      { title: "Median lag (days)", cell: (r) => r.median_lag ?? "—" },
    ], data.monthly, { class: "grid", "data-testid": "escalation-monthly" }),
    h("h2", null, "Incidents"),
    table([
      { title: "Date", cell: (i) => humanSpan(i.date_start, i.date_end, i.date_precision) },
      { title: "By", cell: (i) => data[i.side].name },
      { title: "Incident", cell: (i) => h("a", { href: href("incident", i.id) }, i.type || i.id) },
      { title: "Place", cell: (i) => i.place || "—" },
    ], data.incidents, { class: "grid" }));
}
