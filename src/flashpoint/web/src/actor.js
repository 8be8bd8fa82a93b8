// Actor pages: the list of actors and one actor's incidents, claims, denials and blame.
import { api } from "./api.js";
import { h, href, range, table } from "./dom.js";

const incidentColumns = [
  { title: "Date", cell: (r) => r.date_start || "—" },
  { title: "Incident", cell: (r) => h("a", { href: href("incident", r.id || r.incident), "data-testid": "actor-incident-link" }, r.type || r.id || r.incident) },
  { title: "Place", cell: (r) => [r.place, r.country].filter(Boolean).join(", ") || "—" },
];

function incidents(title, testid, rows) {
  return h("section", { "data-testid": testid }, h("h2", null, `${title} (${rows.length})`),
    rows.length ? table([...incidentColumns,
      { title: "Status", cell: (r) => r.perpetrator_status || "—" },
      { title: "Killed", cell: (r) => range(r.killed_min, r.killed_max) }], rows, { class: "grid" }) : h("p", { class: "muted" }, "none"));
}

let known = {};
const who = (id, name) => {
  if (!id) return "—";
  const info = known[id];
  const label = (info && info.name) || name || id;
  return info && info.registered ? h("a", { href: href("actor", id) }, label) : h("span", { class: "actor-text" }, label);
};

function stances(title, testid, rows) {
  return h("section", { "data-testid": testid }, h("h2", null, `${title} (${rows.length})`),
    rows.length ? table([...incidentColumns,
      { title: "Stance", cell: (r) => h("span", { class: `stance stance-${r.stance}` }, r.stance) },
      { title: "About", cell: (r) => who(r.actor, r.name) },
      { title: "Held by", cell: (r) => (r.source_actor ? who(r.source_actor, r.source_actor) : h("span", { class: "muted" }, "the reporting")) },
      { title: "Evidence", cell: (r) => (r.article ? h("a", { href: href("article", r.article, { incident: r.incident, focus: r.start !== null ? `${r.start}-${r.end}` : null }) }, `“${r.evidence || r.article}”`) : r.evidence || "—") },
    ], rows, { class: "grid" }) : h("p", { class: "muted" }, "none"));
}

export async function actorView(view, id) {
  const a = await api(`actors/${encodeURIComponent(id)}`);
  known = a.actors || {};
  const escalation = (other) => `#/escalation?${new URLSearchParams({ a: a.id, b: other })}`;
  view.append(h("article", { class: "actor", "data-testid": "actor", "data-id": a.id },
    h("h1", { "data-testid": "actor-name" }, a.name || a.id),
    h("p", { class: "muted" }, [a.id, a.type, a.country].filter(Boolean).join(" · ")),
    a.aliases && a.aliases.length ? h("p", null, "Also known as: ", a.aliases.join("; ")) : null,
    a.parents && a.parents.length ? h("p", null, "Part of: ", a.parents.map((p, i) => [i ? ", " : "", h("a", { href: href("actor", typeof p === "string" ? p : p.id) }, typeof p === "string" ? p : p.id)])) : null,
    h("p", null, h("a", { href: `#/explore?actor=${encodeURIComponent(a.id)}` }, "Show on the map")),
    h("section", { class: "escalation-links", "data-testid": "actor-escalation" }, h("h2", null, "Escalation with"),
      a.counterparts && a.counterparts.length
        ? h("p", null, a.counterparts.map((c, i) => [i ? " · " : "", h("a", { href: escalation(c.id), "data-testid": "escalation-link" }, `${c.name} (${c.incidents})`)]))
        : h("p", { class: "muted" }, "no counterpart in the store"),
      h("p", null, h("a", { href: escalation("") }, "Choose another actor…"))),
    incidents("As perpetrator", "actor-perpetrator", a.as_perpetrator),
    incidents("As target", "actor-target", a.as_target),
    stances("Claims", "actor-claims", a.claims),
    stances("Denials", "actor-denials", a.denials),
    stances("Blamed by others", "actor-blamed", a.blamed),
    stances("Stances this actor holds", "actor-held", a.stances_held)));
}

export async function actorsView(view, params) {
  const q = params.get("q") || "";
  const data = await api("actors", { q, limit: 500 });
  const input = h("input", { type: "search", name: "q", value: q, placeholder: "name or id", "data-testid": "actor-search" });
  const form = h("form", { class: "filters", on: { submit: (e) => { e.preventDefault(); location.hash = `#/actors?q=${encodeURIComponent(input.value.trim())}`; } } },
    h("label", null, h("span", null, "Find"), input), h("button", { type: "submit" }, "Search"));
  view.append(form, h("h1", null, `${data.total} actors`), table([
    { title: "Actor", cell: (r) => h("a", { href: href("actor", r.id), "data-testid": "actor-link" }, r.name || r.id) },
    { title: "Type", cell: (r) => r.type || "—" },
    { title: "Country", cell: (r) => r.country || "—" },
    { title: "Incidents", cell: (r) => r.incidents },
    { title: "As perpetrator", cell: (r) => r.as_perpetrator },
    { title: "As target", cell: (r) => r.as_target },
  ], data.items, { class: "grid", "data-testid": "actors-table" }));
}
