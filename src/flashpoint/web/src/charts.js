// Trends for the current filter: incidents per family and people killed, per month or week (uPlot).
// Dragging across a chart selects a date range (the brush): it becomes date_from/date_to.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { familyColour } from "./api.js";
import { h } from "./dom.js";

const DAY = 86400;

function seconds(key) {
  return Date.parse(key.length === 7 ? `${key}-01T00:00:00Z` : `${key}T00:00:00Z`) / 1000;
}

function iso(sec) {
  return new Date(sec * 1000).toISOString().slice(0, 10);
}

/** Series for uPlot: x = period starts, one count series per family, and killed. */
export function trendData(stats, unit) {
  const counts = unit === "week" ? stats.by_week_family : stats.by_month_family;
  const tolls = unit === "week" ? stats.killed_by_week : stats.killed_by_month;
  const keys = [...new Set([...counts.map((r) => r.key), ...tolls.map((r) => r.key)])].sort();
  const families = [...new Set(counts.map((r) => r.family))].sort();
  const index = new Map(keys.map((k, i) => [k, i]));
  const perFamily = families.map(() => keys.map(() => 0));
  for (const r of counts) perFamily[families.indexOf(r.family)][index.get(r.key)] = r.n;
  const killed = keys.map(() => 0);
  for (const r of tolls) killed[index.get(r.key)] = r.killed;
  return { x: keys.map(seconds), families, perFamily, killed };
}

function chart(target, title, series, data, width, onRange, testid) {
  const bars = uPlot.paths.bars({ size: [0.8, 40] });
  const box = h("div", { class: "chart", "data-testid": testid });
  target.append(box);
  const opts = {
    title, width: Math.max(260, Math.min(width, box.clientWidth || width)), height: 200,
    scales: { x: { time: true } },
    axes: [{}, { size: 40 }],
    series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.colour, fill: s.colour + "cc", paths: bars, points: { show: false } }))],
    cursor: { drag: { x: true, y: false, setScale: false } },
    hooks: {
      setSelect: [(u) => {
        if (u.select.width < 3) return;
        const from = u.posToVal(u.select.left, "x");
        const to = u.posToVal(u.select.left + u.select.width, "x");
        onRange(iso(from), iso(to));
      }],
    },
  };
  return new uPlot(opts, [data.x, ...series.map((s) => s.values)], box);
}

/** Draw both charts into `target`; returns a cleanup function. */
export function drawTrends(target, stats, unit, width, onRange) {
  const data = trendData(stats, unit);
  if (!data.x.length) {
    target.append(h("p", { class: "muted" }, "No dated incidents to chart."));
    return () => {};
  }
  const w = Math.max(260, width);
  const plots = [
    chart(target, `Incidents per ${unit}, by type family`, data.families.map((f, i) => ({ label: f, colour: familyColour(f), values: data.perFamily[i] })), data, w, onRange, "chart-types"),
    chart(target, `People killed per ${unit} (lower bounds)`, [{ label: "killed", colour: "#7b1f14", values: data.killed }], data, w, onRange, "chart-killed"),
  ];
  return () => plots.forEach((p) => p.destroy());
}

export { DAY };
