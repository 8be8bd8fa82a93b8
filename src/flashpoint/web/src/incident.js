// The incident page: fields, stances per source, conflicts, evidence, responds_to both ways.
import { api, familyColour, humanDate, humanSpan } from "./api.js";
import { h, href, range, table } from "./dom.js";

let known = {}; // actor id -> {name, registered}, from the incident response

/** An actor by name; a link only where an actor page exists (an unregistered holder is plain text). */
const actorLink = (id, name) => {
  const info = id ? known[id] : null;
  const label = (info && info.name) || name || id || "—";
  return info && info.registered ? h("a", { href: href("actor", id), "data-testid": "actor-link" }, label) : h("span", { class: "actor-text", "data-testid": "actor-text" }, label);
};

function articleLink(incidentId, article, start, end, label) {
  return h("a", { href: href("article", article, { incident: incidentId, focus: start !== null && start !== undefined ? `${start}-${end}` : null }), "data-testid": "evidence-link" }, label);
}

function fields(doc, countryName) {
  const date = doc.date || {};
  const loc = doc.location || {};
  const perp = doc.perpetrator || {};
  const weapon = doc.weapon || {};
  const cas = doc.casualties || {};
  const people = (list) => (list && list.length ? list.map((t, i) => [i ? ", " : "", actorLink(t.actor, t.name || t.text)]) : "—");
  const bounds = (b) => (b ? range(b.min ?? null, b.max ?? null) : "unknown");
  const rows = [
    ["Type", [doc.type, doc.plover ? ` · PLOVER ${doc.plover}` : "", doc.acled ? ` · ACLED ${doc.acled.event_type} / ${doc.acled.sub_event_type}` : ""]],
    ["Date", [humanSpan(date.start, date.end, date.precision), date.text ? ` “${date.text}”` : ""]],
    ["Location", [[loc.name, loc.admin1, countryName || loc.country].filter(Boolean).join(", ") || "unknown",
      loc.precision ? ` (${loc.precision}${["region", "country"].includes(loc.precision) ? ", approximate" : ""})` : "",
      loc.lat !== null && loc.lat !== undefined ? ` · ${loc.lat}, ${loc.lon}` : ""]],
    ["Perpetrator", [actorLink(perp.actor, perp.name), perp.status ? ` (${perp.status})` : ""]],
    ["Targets", people(doc.targets)],
    ["Victims", people(doc.victims)],
    ["Weapon", doc.weapon ? [weapon.class || "unknown", weapon.count ? ` × ${bounds(weapon.count)}` : "", weapon.text ? ` “${weapon.text}”` : ""] : "—"],
    ["Killed", bounds(cas.killed)],
    ["Injured", bounds(cas.injured)],
    ...(cas.attackers_killed && (cas.attackers_killed.min !== null || cas.attackers_killed.max !== null)
      ? [["Attackers killed", bounds(cas.attackers_killed)]] : []),
  ];
  return h("dl", { class: "fields", "data-testid": "incident-fields" }, rows.map(([k, v]) => [h("dt", null, k), h("dd", { "data-field": k.toLowerCase() }, v)]));
}

function links(title, testid, rows, incidentId) {
  return h("section", { "data-testid": testid },
    h("h3", null, title),
    rows.length ? h("ul", null, rows.map((r) => h("li", null,
      h("a", { href: href("incident", r.id), "data-testid": `${testid}-link`, "data-id": r.id }, `${humanDate(r.date_start)} ${r.type || ""} · ${r.place || ""}`),
      r.evidence ? [" — ", articleLink(incidentId, r.article, r.start, r.end, `“${r.evidence}”`)] : null))) : h("p", { class: "muted" }, "none"));
}

function stances(data) {
  return table([
    { title: "Actor", cell: (s) => actorLink(s.actor, s.name) },
    { title: "Stance", cell: (s) => h("span", { class: `stance stance-${s.stance}` }, s.stance) },
    { title: "Held by", cell: (s) => (s.source_actor ? actorLink(s.source_actor, s.source_actor) : h("span", { class: "muted" }, "the reporting")) },
    { title: "Article", cell: (s) => (s.article ? h("a", { href: href("article", s.article, { incident: data.id }) }, s.title || s.article) : "—") },
    { title: "Evidence", cell: (s) => (s.evidence && s.article ? articleLink(data.id, s.article, s.start, s.end, `“${s.evidence}”`) : s.evidence ? `“${s.evidence}”` : "—") },
  ], data.stances, { "data-testid": "stances-table", class: "grid" });
}

/** A conflicting value as people read it: a toll range, a date span, a place or actor by name. */
export function humanValue(field, v) {
  if (v === null || v === undefined) return "not stated";
  if (typeof v !== "object") return field.startsWith("perpetrator") && known[v] ? known[v].name : String(v);
  if ("min" in v || "max" in v) return range(v.min ?? null, v.max ?? null);
  if ("start" in v) return humanSpan(v.start, v.end, v.precision);
  if ("name" in v) return [v.name, v.admin1, v.country].filter(Boolean).join(", ");
  return Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => `${k}: ${x}`).join(", ");
}

function conflicts(doc, articles) {
  const list = doc.conflicts || [];
  if (!list.length) return h("p", { class: "muted", "data-testid": "conflicts" }, "The sources agree on every field.");
  const source = (id) => (articles.get(id) ? [articles.get(id).outlet, articles.get(id).title].filter(Boolean).join(": ") || id : id);
  return h("div", { "data-testid": "conflicts" }, list.map((c) => h("div", { class: "conflict" },
    h("h4", null, c.field, c.reconciled !== undefined && c.reconciled !== null ? h("span", { class: "muted" }, ` · kept: ${humanValue(c.field, c.reconciled)}${c.rule ? ` (${c.rule})` : ""}`) : null),
    h("div", { class: "side-by-side" }, (c.values || []).map((v) => h("div", { class: "claim", "data-testid": "conflict-value" },
      h("div", { class: "value" }, humanValue(c.field, v.value)),
      h("div", null, v.article ? h("a", { href: href("article", v.article, { incident: doc.id }) }, source(v.article)) : "—"),
      h("div", { class: "muted" }, v.source_actor ? ["according to ", actorLink(v.source_actor, v.source_actor)] : "as reported")))))));
}

function evidence(data, articles) {
  const byField = new Map();
  for (const e of data.evidence) byField.set(e.field, [...(byField.get(e.field) || []), e]);
  return h("dl", { class: "evidence", "data-testid": "evidence-list" }, [...byField].map(([field, rows]) => [
    h("dt", null, field),
    h("dd", null, rows.map((e) => h("div", null, articleLink(data.id, e.article, e.start, e.end, `“${e.text}”`), h("span", { class: "muted" }, ` ${(articles.get(e.article) || {}).outlet || e.article} · ${e.rule || ""}`)))),
  ]));
}

export async function incidentView(view, id) {
  const data = await api(`incidents/${encodeURIComponent(id)}`);
  const doc = data.doc;
  known = data.actors || {};
  const articles = new Map(data.mentions.map((m) => [m.article, m]));
  const first = data.mentions[0];
  view.append(h("article", { class: "incident", "data-testid": "incident", "data-id": data.id },
    h("h1", { "data-testid": "incident-title", style: `border-left: 6px solid ${familyColour((doc.type || "").split(".")[0])}` },
      `${doc.type || "incident"} · ${(doc.location && doc.location.name) || "place unknown"} · ${humanDate(doc.date && doc.date.start, doc.date && doc.date.precision)}`),
    first ? h("p", { class: "lead", "data-testid": "incident-summary" }, first.text) : null,
    h("p", { class: "muted" }, `${data.id} · ${data.mentions.length} mentions in ${new Set(data.mentions.map((m) => m.article)).size} articles`),
    fields(doc, data.country_name),
    h("div", { class: "two" }, links("Responds to", "responds-to-out", data.responds_to, data.id), links("Answered by", "responds-to-in", data.responded_by, data.id)),
    h("h2", null, "Who did it, according to whom"), stances(data),
    h("h2", null, "Where the sources disagree"), conflicts(doc, articles),
    h("h2", null, "Evidence per field"), evidence(data, articles),
    h("h2", null, "Mentions"),
    h("ol", { class: "mentions", "data-testid": "mentions" }, data.mentions.map((m) => h("li", null,
      articleLink(data.id, m.article, m.start, m.end, m.title || m.article), h("span", { class: "muted" }, ` ${m.outlet || ""} ${m.published ? humanDate(m.published) : ""}`),
      h("blockquote", null, m.text))))));
}
