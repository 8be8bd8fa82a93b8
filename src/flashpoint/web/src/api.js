// Fetch from the JSON API; errors carry the server's message.

export const FILTER_KEYS = ["type", "country", "actor", "stance", "date_from", "date_to", "q"];
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
