// Fetch from the JSON API; errors carry the server's message.

export const FILTER_KEYS = ["type", "country", "admin1", "actor", "stance", "min_killed", "date_from", "date_to", "q", "undated"];
export const FAMILY_COLOURS = {
  attack: "#c0392b", protest: "#2e86c1", riot: "#e67e22", strategic: "#8e44ad",
  statement: "#566573", territory: "#1e8449", other: "#7f8c8d",
};

export function familyColour(family) {
  return FAMILY_COLOURS[family] || FAMILY_COLOURS.other;
}

export async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") query.set(k, v);
  const url = `/api/${path}${query.toString() ? "?" + query : ""}`;
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || res.statusText);
    throw new Error(`${res.status}: ${detail}`);
  }
  return body;
}

export function pickFilters(params) {
  const out = {};
  for (const k of FILTER_KEYS) if (params.get(k)) out[k] = params.get(k);
  return out;
}

export function killedOf(row) {
  return row.killed_max ?? row.killed_min ?? 0;
}

export function isApproximate(precision) {
  return precision === "region" || precision === "country" || precision === "admin1";
}

/** The query string of a filter set (for links: export, undated list). */
export function filterQuery(filters, extra) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...(extra || {}) })) if (v !== null && v !== undefined && v !== "") query.set(k, v);
  return query.toString();
}

/** A date as people read it: "15 Mar 2021", "Mar 2021" (month precision), "2021" (year). */
export function humanDate(iso, precision) {
  if (!iso) return "date unknown";
  const d = new Date(iso + "T00:00:00Z");
  if (Number.isNaN(d.getTime())) return iso;
  const month = d.toLocaleString("en-GB", { month: "short", timeZone: "UTC" });
  if (precision === "year") return String(d.getUTCFullYear());
  if (precision === "month") return `${month} ${d.getUTCFullYear()}`;
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`;
}

/** "month" or "year" when [start, end] is exactly a calendar month or year, else null. */
export function calendarUnit(start, end) {
  if (!start || !end || !/^\d{4}-\d{2}-01$/.test(start)) return null;
  const next = new Date(end + "T00:00:00Z");
  next.setUTCDate(next.getUTCDate() + 1);
  if (next.getUTCDate() !== 1) return null;
  const s = new Date(start + "T00:00:00Z");
  const months = (next.getUTCFullYear() - s.getUTCFullYear()) * 12 + next.getUTCMonth() - s.getUTCMonth();
  if (months === 1) return "month";
  if (months === 12 && s.getUTCMonth() === 0) return "year";
  return null;
}

/** A date interval: "15 Mar 2021", "8–14 Mar 2021 (week)", "Mar 2021 (month)". */
export function humanSpan(start, end, precision) {
  if (!start) return "date unknown";
  if (!precision || precision === "unknown") precision = calendarUnit(start, end) || precision;
  if (precision === "month" || precision === "year") return `${humanDate(start, precision)} (${precision})`;
  if (!end || end === start) return humanDate(start, "day");
  return `${humanDate(start, "day")} – ${humanDate(end, "day")}${precision && precision !== "day" ? ` (${precision})` : ""}`;
}

/** "Erbil, Iraq"; a place that is the country itself is named once ("Iraq", not "Iraq, Iraq"). */
export function placeName(row) {
  const country = row.country_name || row.country;
  return [row.place, row.place === country ? null : country].filter(Boolean).join(", ");
}
