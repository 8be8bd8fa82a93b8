// The article view: clean text with every span that produced a field highlighted.
import { api } from "./api.js";
import { h, href, safeUrl, table } from "./dom.js";

/** Split text at span boundaries; each piece knows the spans covering it. */
export function segments(text, spans) {
  const n = text.length;
  const clean = spans.map((s) => ({ ...s, start: Math.max(0, Math.min(n, s.start)), end: Math.max(0, Math.min(n, s.end)) })).filter((s) => s.end > s.start);
  const cuts = [...new Set([0, n, ...clean.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    out.push({ start: a, end: b, spans: clean.filter((s) => s.start <= a && s.end >= b) });
  }
  return out;
}

function render(text, spans, incident, focus) {
  const box = h("div", { class: "article-text", id: "article-text", "data-testid": "article-text" });
  for (const seg of segments(text, spans)) {
    const piece = text.slice(seg.start, seg.end);
    if (!seg.spans.length) {
      box.append(piece);
      continue;
    }
    const inFocus = seg.spans.filter((s) => !incident || s.incident === incident);
    const inner = seg.spans.filter((s) => s.kind !== "mention");
    const classes = ["span", inner.length ? "field" : "mention-only", inFocus.length ? "focus" : "other"];
    if (focus && seg.start >= focus[0] && seg.end <= focus[1]) classes.push("current");
    box.append(h("mark", {
      class: classes.join(" "),
      "data-testid": "span",
      "data-fields": [...new Set(seg.spans.map((s) => s.field))].join(" "),
      "data-incidents": [...new Set(seg.spans.map((s) => s.incident).filter(Boolean))].join(" "),
      title: seg.spans.map((s) => `${s.field}${s.incident ? " → " + s.incident : ""}`).join("\n"),
    }, piece));
  }
  return box;
}

export async function articleView(view, id, params) {
  const data = await api(`articles/${encodeURIComponent(id)}`);
  const incident = params.get("incident");
  const focusText = params.get("focus");
  const focus = focusText && /^\d+-\d+$/.test(focusText) ? focusText.split("-").map(Number) : null;
  const url = safeUrl(data.url);
  const box = render(data.text || "", data.spans, incident, focus);
  view.append(h("article", { class: "article", "data-testid": "article", "data-id": data.id },
    h("h1", { "data-testid": "article-title" }, data.title || data.id),
    h("p", { class: "muted" }, [data.outlet, data.published, data.id].filter(Boolean).join(" · "), " ",
      url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url) : data.url || "",
      data.duplicate_of ? [" · duplicate of ", h("a", { href: href("article", data.duplicate_of) }, data.duplicate_of)] : ""),
    incident ? h("p", null, "Highlighting the spans of ", h("a", { href: href("incident", incident), "data-testid": "back-to-incident" }, incident),
      "; other incidents' spans are dimmed. ", h("a", { href: href("article", data.id) }, "Show all equally")) : null,
    h("p", { class: "legend-line" }, h("mark", { class: "span field focus" }, "field evidence"), " ", h("mark", { class: "span mention-only focus" }, "mention"), " ", h("mark", { class: "span field other" }, "other incident")),
    box,
    h("h2", null, "Spans"),
    table([
      { title: "Field", cell: (s) => s.field },
      { title: "Incident", cell: (s) => (s.incident ? h("a", { href: href("incident", s.incident) }, s.incident) : "—") },
      { title: "Text", cell: (s) => (data.text || "").slice(s.start, s.end) },
    ], data.spans, { class: "grid", "data-testid": "span-table" })));
  const target = box.querySelector("mark.current") || box.querySelector("mark.focus.field");
  if (target) target.scrollIntoView({ block: "center" });
}
