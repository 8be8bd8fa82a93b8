// A text input with suggestions from /api/suggest: comma-separated values, the last one completed.
import { api } from "./api.js";
import { h } from "./dom.js";

/** An input for `field` (country, actor, admin1) whose last comma-separated part is suggested. */
export function suggestInput(field, attrs) {
  const input = h("input", { autocomplete: "off", ...attrs });
  const list = h("ul", { class: "suggestions", "data-testid": `suggest-${field}`, hidden: true, role: "listbox" });
  const box = h("span", { class: "suggest-box" }, input, list);
  let token = 0;
  const close = () => { list.hidden = true; };
  const pick = (label) => {
    const parts = input.value.split(",").map((p) => p.trim());
    parts[parts.length - 1] = label;
    input.value = parts.filter(Boolean).join(", ");
    close();
    input.focus();
  };
  input.addEventListener("input", async () => {
    const mine = ++token;
    const last = input.value.split(",").pop().trim();
    if (last.length < 2) return close();
    let data;
    try {
      data = await api("suggest", { field, q: last, limit: 8 });
    } catch (err) {
      return close();
    }
    if (mine !== token) return;
    list.replaceChildren(...data.items.map((s) => h("li", { role: "option" },
      h("button", { type: "button", "data-value": s.value, on: { click: () => pick(s.label) } },
        h("strong", null, s.label), s.detail ? h("span", { class: "muted" }, ` ${s.detail}`) : null))));
    list.hidden = data.items.length === 0;
  });
  input.addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });
  input.addEventListener("blur", () => setTimeout(close, 200));
  return box;
}
