// The filter form shared by the explore and timeline views; its state lives in the URL hash.
import { api, FILTER_KEYS } from "./api.js";
import { h } from "./dom.js";
import { suggestInput } from "./suggest.js";

const STANCES = ["claimed", "attributed", "suspected", "denied", "unclaimed"];
let choices = null; // {types, families}, fetched once

async function loadChoices() {
  if (!choices) {
    const stats = await api("stats");
    const types = stats.by_type.map((t) => t.key).filter(Boolean);
    const families = [...new Set(types.map((t) => t.split(".")[0]))].filter((f) => types.some((t) => t.startsWith(f + ".")));
    choices = { types, families };
  }
  return choices;
}

function option(value, label, selected) {
  return h("option", { value, selected: value === selected }, label);
}

/** Build the form; on submit navigate to `route` with the chosen filters (other URL state kept). */
export async function filterForm(route, current, keep) {
  const { types, families } = await loadChoices();
  const field = (label, input) => h("label", null, h("span", null, label), input);
  const known = new Set([...types, ...families]);
  const form = h("form", { id: "filters", "data-testid": "filters", class: "filters" },
    field("Type", h("select", { name: "type", "data-testid": "filter-type" },
      option("", "any type", current.type || ""),
      current.type && !known.has(current.type) ? option(current.type, current.type, current.type) : null,
      h("optgroup", { label: "Families" }, families.map((f) => option(f, `${f}.*`, current.type))),
      h("optgroup", { label: "Types" }, types.map((t) => option(t, t, current.type))))),
    field("Country", suggestInput("country", { name: "country", "data-testid": "filter-country", placeholder: "Iraq, Syria", size: 14, value: current.country || "" })),
    field("Province", suggestInput("admin1", { name: "admin1", "data-testid": "filter-admin1", placeholder: "Anbar", size: 12, value: current.admin1 || "" })),
    field("Actor", suggestInput("actor", { name: "actor", "data-testid": "filter-actor", placeholder: "name or alias", size: 16, value: current.actor || "" })),
    field("Stance", h("select", { name: "stance", "data-testid": "filter-stance" },
      option("", "any stance", current.stance || ""), STANCES.map((s) => option(s, s, current.stance)))),
    field("Killed ≥", h("input", { type: "number", min: 0, name: "min_killed", "data-testid": "filter-min-killed", size: 4, style: "width:5em", value: current.min_killed || "" })),
    field("From", h("input", { type: "date", name: "date_from", "data-testid": "filter-date-from", value: current.date_from || "" })),
    field("To", h("input", { type: "date", name: "date_to", "data-testid": "filter-date-to", value: current.date_to || "" })),
    field("Text", h("input", { type: "search", name: "q", "data-testid": "filter-q", placeholder: "words in the reporting", value: current.q || "" })),
    current.undated ? h("input", { type: "hidden", name: "undated", value: current.undated }) : null,
    h("button", { type: "submit", "data-testid": "filter-apply" }, "Apply"),
    h("a", { href: `#/${route}`, class: "reset", "data-testid": "filter-reset" }, "Reset"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = String(data.get(key) || "").trim();
      if (value) params.set(key, value);
    }
    for (const [k, v] of Object.entries(keep || {})) if (v) params.set(k, v);
    location.hash = `#/${route}${params.toString() ? "?" + params : ""}`;
  });
  return form;
}
