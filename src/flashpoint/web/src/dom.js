// DOM helpers. Data is only ever set through textContent or attributes: never innerHTML.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  return node;
}

/** h("a", {href: "#/x", class: "c"}, "text", child) */
export function h(tag, attrs, ...children) {
  return append(setAttrs(document.createElement(tag), attrs), children);
}

export function svg(tag, attrs, ...children) {
  return append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** A hash link; every part is URI-encoded. */
export function href(kind, id, params) {
  const query = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== "")).toString() : "";
  return `#/${kind}/${encodeURIComponent(id)}${query ? "?" + query : ""}`;
}

/** Only http(s) URLs become links (no javascript: from data). */
export function safeUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

export function table(columns, rows, attrs) {
  return h("table", attrs,
    h("thead", null, h("tr", null, columns.map((c) => h("th", null, c.title)))),
    h("tbody", null, rows.map((row) => h("tr", null, columns.map((c) => h("td", null, c.cell(row)))))));
}

export function range(min, max) {
  if (min === null && max === null) return "unknown";
  if (min === max) return String(min);
  if (max === null) return `at least ${min}`;
  if (min === null) return `up to ${max}`;
  return `${min}–${max}`;
}
