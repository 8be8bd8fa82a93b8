// Hash router for the workbench: #/explore, #/timeline, #/incident/ID, #/article/ID, #/actor/ID, #/actors,
// #/escalation?a=&b=.
import "../css/app.css";
import { articleView } from "./article.js";
import { actorsView, actorView } from "./actor.js";
import { clear } from "./dom.js";
import { escalationView } from "./escalation.js";
import { exploreView } from "./explore.js";
import { incidentView } from "./incident.js";
import { timelineView } from "./timeline.js";

const view = document.getElementById("view");
const errorBox = document.getElementById("error");
let cleanup = [];
let current = 0;

function parse(hash) {
  const [path, query] = hash.replace(/^#\/?/, "").split("?");
  const [name, ...rest] = path.split("/");
  return { name: name || "explore", id: rest.length ? decodeURIComponent(rest.join("/")) : null, params: new URLSearchParams(query || "") };
}

async function route() {
  const token = ++current;
  cleanup.forEach((fn) => fn());
  cleanup = [];
  clear(view);
  errorBox.hidden = true;
  const { name, id, params } = parse(location.hash);
  const page = view.appendChild(document.createElement("div"));
  view.dataset.route = name;
  delete view.dataset.ready;
  view.setAttribute("aria-busy", "true");
  try {
    if (name === "explore") await exploreView(page, params, cleanup);
    else if (name === "timeline") await timelineView(page, params);
    else if (name === "incident" && id) await incidentView(page, id);
    else if (name === "article" && id) await articleView(page, id, params);
    else if (name === "actor" && id) await actorView(page, id);
    else if (name === "actors") await actorsView(page, params);
    else if (name === "escalation") await escalationView(page, params);
    else throw new Error(`no such page: ${location.hash}`);
    if (name !== "article") window.scrollTo(0, 0);
  } catch (err) {
    console.error(err);
    if (token !== current) return;
    errorBox.textContent = err.message;
    errorBox.hidden = false;
  } finally {
    if (token === current) {
      view.removeAttribute("aria-busy");
      view.dataset.ready = name;
    }
  }
}

window.addEventListener("hashchange", route);
route();
