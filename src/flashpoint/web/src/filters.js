// The filter form shared by the explore and timeline views; its state lives in the URL hash.
import { api, FILTER_KEYS } from "./api.js";
import { h } from "./dom.js";

const STANCES = ["claimed", "attributed", "suspected", "denied", "unclaimed"];
let choices = null; // {types, actors}, fetched once

async function loadChoices() {
  if (!choices) {
    const [stats, actors] = await Promise.all([api("stats"), api("actors", { limit: 500 })]);
    const types = stats.by_type.map((t) => t.key).filter(Boolean);
    const families = [...new Set(types.map((t) => t.split(".")[0]))].filter((f) => types.some((t) => t.startsWith(f + ".")));
    choices = { types, families, actors: actors.items };
  }
  return choices;
}

function option(value, label, selected) {
  return h("option", { value, selected: value === selected }, label);
}

/** Build the form; on submit navigate to `route` with the chosen filters. */
export async function filterForm(route, current) {
  const { types, families, actors } = await loadChoices();
  const field = (label, input) => h("label", null, h("span", null, label), input);
  const form = h("form", { id: "filters", "data-testid": "filters", class: "filters" },
    field("Type", h("select", { name: "type", "data-testid": "filter-type" },
      option("", "any type", current.type || ""),
      h("optgroup", { label: "Families" }, families.map((f) => option(f, `${f}.*`, current.type))),
      h("optgroup", { label: "Types" }, types.map((t) => option(t, t, current.type))))),
    field("Country", h("input", { name: "country", "data-testid": "filter-country", placeholder: "IQ", size: 3, maxlength: 2, value: current.country || "" })),
    field("Actor", h("input", { name: "actor", "data-testid": "filter-actor", list: "actor-ids", placeholder: "actor id", value: current.actor || "" })),
    h("datalist", { id: "actor-ids" }, actors.map((a) => h("option", { value: a.id }, a.name || a.id))),
    field("Stance", h("select", { name: "stance", "data-testid": "filter-stance" },
      option("", "any stance", current.stance || ""), STANCES.map((s) => option(s, s, current.stance)))),
    field("From", h("input", { type: "date", name: "date_from", "data-testid": "filter-date-from", value: current.date_from || "" })),
    field("To", h("input", { type: "date", name: "date_to", "data-testid": "filter-date-to", value: current.date_to || "" })),
    field("Text", h("input", { type: "search", name: "q", "data-testid": "filter-q", placeholder: "words in the reporting", value: current.q || "" })),
    h("button", { type: "submit", "data-testid": "filter-apply" }, "Apply"),
    h("a", { href: `#/${route}`, class: "reset", "data-testid": "filter-reset" }, "Reset"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = String(data.get(key) || "").trim();
      if (value) params.set(key, key === "country" ? value.toUpperCase() : value);
    }
    location.hash = `#/${route}${params.toString() ? "?" + params : ""}`;
  });
  return form;
}
