"""A synthetic Flashpoint store for API/web tests and the latency benchmark.

``build_synthetic_db(path, n_incidents, seed=0)`` creates the schema shipped with the
package and fills every table with incidents shaped like the export contract
(OUTPUT.md): mentions whose text sits at its offsets in the article, stances, evidence
rows, responds_to links from later incidents to earlier ones, actors. Article
``XSS_ARTICLE`` carries markup that the UI must show as text.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import random
from pathlib import Path

import duckdb
import pyarrow as pa

from flashpoint.query import INDEXES

XSS_ARTICLE = "syn-art-000000"
XSS_TEXT = "<script>window.__xss=1</script><b>bold</b>"

# id, name, type, country
ACTORS = [
    ("iran_backed_militias", "Iran-backed militias", "armed_group", "IQ"),
    ("kataib_hezbollah", "Kataib Hezbollah", "armed_group", "IQ"),
    ("islamic_resistance_in_iraq", "Islamic Resistance in Iraq", "armed_group", "IQ"),
    ("houthis", "Houthis", "armed_group", "YE"),
    ("iran", "Iran", "state", "IR"),
    ("united_states", "United States", "state", "US"),
    ("us_forces", "US forces", "military", "US"),
    ("coalition_forces", "Coalition forces", "military", None),
    ("isis", "Islamic State", "armed_group", None),
    ("israel", "Israel", "state", "IL"),
    ("civilians", "civilians", "civilians", None),
    ("us_officials", "US officials", "government", "US"),
    ("pentagon", "Pentagon", "military", "US"),
]
NAMES = {a[0]: a[1] for a in ACTORS}
PERPETRATORS = ["iran_backed_militias", "kataib_hezbollah", "islamic_resistance_in_iraq", "houthis", "iran",
                "united_states", "isis", "israel"]
TARGETS = ["us_forces", "coalition_forces", "civilians", "kataib_hezbollah", "iran_backed_militias"]
# name, country, admin1, lat, lon, precision
PLACES = [
    ("Ain al-Asad Air Base", "IQ", "Anbar", 33.80, 42.44, "site"),
    ("Balad Air Base", "IQ", "Salah ad Din", 33.94, 44.36, "site"),
    ("Erbil", "IQ", "Erbil", 36.19, 44.01, "city"),
    ("Baghdad", "IQ", "Baghdad", 33.31, 44.37, "city"),
    ("Anbar province", "IQ", "Anbar", 33.0, 42.0, "region"),
    ("al-Tanf", "SY", "Homs", 33.50, 38.62, "site"),
    ("Deir ez-Zor", "SY", "Deir ez-Zor", 35.34, 40.14, "city"),
    ("Syria", "SY", None, 35.0, 38.5, "country"),
    ("Tower 22", "JO", "Mafraq", 33.32, 38.70, "site"),
    ("Sanaa", "YE", "Amanat al Asimah", 15.37, 44.19, "city"),
    ("Hodeidah", "YE", "Al Hudaydah", 14.80, 42.95, "city"),
    ("Tehran", "IR", "Tehran", 35.69, 51.39, "city"),
]
# type, family, weapon class, noun, PLOVER, ACLED pair, weight
TYPES = [
    ("attack.rocket", "attack", "rocket", "rockets", "ASSAULT", ("Explosions/Remote violence", "Shelling/artillery/missile attack"), 5),
    ("attack.drone", "attack", "drone", "drones", "ASSAULT", ("Explosions/Remote violence", "Air/drone strike"), 5),
    ("attack.missile", "attack", "missile", "missiles", "ASSAULT", ("Explosions/Remote violence", "Shelling/artillery/missile attack"), 2),
    ("attack.airstrike", "attack", "aircraft", "airstrikes", "ASSAULT", ("Explosions/Remote violence", "Air/drone strike"), 3),
    ("attack.bombing", "attack", "bomb", "roadside bombs", "ASSAULT", ("Explosions/Remote violence", "Remote explosive/landmine/IED"), 2),
    ("protest.peaceful", "protest", None, None, "PROTEST", ("Protests", "Peaceful protest"), 1),
    ("threaten", "statement", None, None, "THREATEN", None, 1),
    ("consult", "statement", None, None, "CONSULT", None, 1),
]
OUTLETS = ["Reuters", "AP", "AFP", "Al-Monitor", "The National", "Kurdistan24"]
START = dt.date(2021, 1, 1)
COLUMNS = {
    "articles": ["id", "title", "url", "outlet", "published", "published_source", "published_confidence", "language",
                 "source", "content_hash", "duplicate_of", "text"],
    "incidents": ["id", "type", "family", "date_start", "date_end", "date_precision", "place", "country", "admin1",
                  "lat", "lon", "location_precision", "perpetrator", "perpetrator_name", "perpetrator_status",
                  "weapon_class", "killed_min", "killed_max", "injured_min", "injured_max", "sources", "n_mentions",
                  "summary", "doc"],
    "mentions": ["id", "incident", "article", "start", "end", "text", "type", "modality", "doc"],
    "stances": ["incident", "actor", "name", "stance", "source_actor", "article", "start", "end", "evidence"],
    "links": ["source", "target", "kind", "article", "start", "end", "evidence"],
    "evidence": ["incident", "field", "article", "start", "end", "text", "rule"],
    "incident_actors": ["incident", "actor", "role"],
    "actors": ["id", "name", "type", "country", "aliases", "parents"],
}


class _Article:
    """An article's text built sentence by sentence, remembering offsets."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, sentence: str) -> int:
        if self.text:
            self.text += " "
        start = len(self.text)
        self.text += sentence
        return start


def _incident(rng: random.Random, i: int, tables: dict[str, list], arts: list[_Article], n_articles: int,
              dates: list[dt.date]) -> None:
    inc_id = f"inc_{i:08x}"
    code, family, wclass, noun, plover, acled, _ = rng.choices(TYPES, weights=[t[-1] for t in TYPES])[0]
    place = rng.choice(PLACES)
    perp = rng.choice(PERPETRATORS)
    target = rng.choice([t for t in TARGETS if t != perp])
    day = dates[i]
    killed = rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12, None]) if family == "attack" else None
    injured = rng.choice([0, 1, 2, 4, 10, None]) if family == "attack" else None
    count = rng.choice([1, 2, 3, 5, 7, None])
    weekday = day.strftime("%A")
    if family == "attack":
        sentence = (f"{NAMES[perp]} launched {count or 'several'} {noun} at {NAMES[target]} at {place[0]} on {weekday}, "
                    f"killing {killed if killed is not None else 'an unknown number'} and wounding "
                    f"{injured if injured is not None else 'others'}.")
    elif family == "protest":
        sentence = f"Hundreds of supporters of {NAMES[perp]} protested in {place[0]} on {weekday} against {NAMES[target]}."
        noun = "protested"
    else:
        verb = "threatened" if code == "threaten" else "met officials of"
        sentence = f"{NAMES[perp]} {verb} {NAMES[target]} in {place[0]} on {weekday}."
        noun = verb
    n_sources = 1 + (rng.random() < 0.4) + (rng.random() < 0.15)
    homes = [i % n_articles] + rng.sample(range(n_articles), n_sources - 1)
    stance = rng.choice(["claimed", "attributed", "suspected", "denied", "unclaimed"]) if family == "attack" else "attributed"
    status = {"unclaimed": "unknown", "denied": "suspected"}.get(stance, stance)
    mentions, responsibility, evidence_rows = [], [], []
    for k, a in enumerate(dict.fromkeys(homes)):
        art = arts[a]
        start = art.add(sentence)
        mentions.append({"article": _aid(a), "start": start, "end": start + len(sentence), "text": sentence})
        tables["mentions"].append([f"{inc_id}-m{k}", inc_id, _aid(a), start, start + len(sentence), sentence, code,
                                   "asserted", _MENTION_DOCS[code]])
        for field, part in (("type", noun), ("location", place[0]), ("date", weekday),
                            ("perpetrator", NAMES[perp]), ("targets", NAMES[target])):
            off = sentence.find(part) if part else -1
            if off >= 0:
                evidence_rows.append([inc_id, field, _aid(a), start + off, start + off + len(part), part, "synthetic.v1"])
        holder, held_actor, stance_sentence = _stance_sentence(stance, perp)
        s_start = art.add(stance_sentence)
        tables["stances"].append([inc_id, held_actor, NAMES.get(held_actor), stance, holder, _aid(a), s_start,
                                  s_start + len(stance_sentence), stance_sentence])
        responsibility.append({"actor": held_actor, "name": NAMES.get(held_actor), "stance": stance,
                               "source_actor": holder, "article": _aid(a), "evidence": stance_sentence})
        if holder:
            tables["incident_actors"].append([inc_id, holder, "stance"])
    responds = []
    if i > 0 and rng.random() < 0.3:
        back = max(0, i - rng.randint(1, 20))
        responds.append(f"inc_{back:08x}")
        art = arts[homes[0]]
        link_sentence = f"The strike came in retaliation for an earlier attack ({dates[back].isoformat()})."
        l_start = art.add(link_sentence)
        tables["links"].append([inc_id, responds[0], "responds_to", _aid(homes[0]), l_start,
                                l_start + len(link_sentence), link_sentence])
    tables["evidence"].extend(evidence_rows)
    tables["incident_actors"].extend([[inc_id, perp, "perpetrator"], [inc_id, target, "target"]])
    conflicts = []
    if len(mentions) > 1 and killed:
        conflicts.append({"field": "casualties.killed", "values": [
            {"value": {"min": killed, "max": killed}, "article": mentions[0]["article"], "source_actor": None},
            {"value": {"min": killed + 2, "max": killed + 2}, "article": mentions[1]["article"], "source_actor": "us_officials"},
        ]})
    doc = {
        "id": inc_id, "type": code, "plover": plover,
        "acled": {"event_type": acled[0], "sub_event_type": acled[1]} if acled else None,
        "date": {"start": day.isoformat(), "end": day.isoformat(), "precision": "day", "text": weekday},
        "location": {"name": place[0], "country": place[1], "admin1": place[2], "lat": place[3], "lon": place[4],
                     "precision": place[5], "text": place[0]},
        "perpetrator": {"actor": perp, "name": NAMES[perp], "status": status},
        "responsibility": responsibility,
        "targets": [{"actor": target, "name": NAMES[target], "text": NAMES[target]}],
        "victims": [],
        "weapon": {"class": wclass, "count": {"min": count, "max": count}, "text": f"{count or 'several'} {noun}"} if wclass else None,
        "casualties": {"killed": {"min": killed, "max": killed}, "injured": {"min": injured, "max": injured},
                       "text": None},
        "responds_to": responds, "conflicts": conflicts, "mentions": mentions,
    }
    tables["incidents"].append([inc_id, code, family, day, day, "day", place[0], place[1], place[2], place[3],
                                place[4], place[5], perp, NAMES[perp], status, wclass, killed, killed, injured,
                                injured, len(mentions), len(mentions), sentence, json.dumps(doc)])


def _stance_sentence(stance: str, perp: str) -> tuple[str | None, str | None, str]:
    if stance == "claimed":
        return perp, perp, f"{NAMES[perp]} claimed responsibility for the attack in a statement."
    if stance == "denied":
        return perp, perp, f"{NAMES[perp]} denied any involvement."
    if stance == "suspected":
        return "us_officials", perp, f"US officials said the attack bore the hallmarks of {NAMES[perp]}."
    if stance == "unclaimed":
        return None, None, "No group has claimed responsibility for the attack."
    return "pentagon", perp, f"The Pentagon blamed {NAMES[perp]} for the attack."


def _aid(a: int) -> str:
    return _AIDS[a] if a < len(_AIDS) else f"syn-art-{a:06d}"


_AIDS = [f"syn-art-{a:06d}" for a in range(100_000)]
_MENTION_DOCS = {t[0]: json.dumps({"type": t[0], "modality": "asserted"}) for t in TYPES}


def build_synthetic_db(path: str | Path, n_incidents: int, seed: int = 0) -> Path:
    """Create ``path`` (replacing it) with ``n_incidents`` synthetic incidents; returns the path."""
    path = Path(path)
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    rng = random.Random(seed)
    n_articles = max(1, n_incidents // 2)
    arts = [_Article() for _ in range(n_articles)]
    arts[0].add(f"A reader comment quoted in the report read {XSS_TEXT} before it was removed.")
    dates = sorted(START + dt.timedelta(days=rng.randint(0, 3 * 365)) for _ in range(n_incidents))
    tables: dict[str, list] = {name: [] for name in COLUMNS}
    for i in range(n_incidents):
        _incident(rng, i, tables, arts, n_articles, dates)
    xss_start = arts[0].text.find(XSS_TEXT)
    tables["evidence"].append(["inc_00000000", "quote", XSS_ARTICLE, xss_start, xss_start + len(XSS_TEXT), XSS_TEXT,
                               "synthetic.v1"])
    for a, art in enumerate(arts):
        first = dates[min(a, n_incidents - 1)] if n_incidents else START
        title = "Reader comment: <script>alert(1)</script>" if a == 0 else f"Attack report {a}"
        tables["articles"].append([_aid(a), title, f"https://example.org/{a}", OUTLETS[a % len(OUTLETS)],
                                   first + dt.timedelta(days=1), "metadata", 1.0, "en", "synthetic", f"h{a:x}", None,
                                   art.text])
    tables["actors"] = [[a, n, t, c, json.dumps([n]), json.dumps([])] for a, n, t, c in ACTORS]
    con = duckdb.connect(str(path))
    try:
        con.execute((importlib.resources.files("flashpoint") / "schema.sql").read_text(encoding="utf-8"))
        for name, rows in tables.items():
            if rows:
                cols = COLUMNS[name]
                arrow = pa.table({c: [r[j] for r in rows] for j, c in enumerate(cols)})
                con.register("staged", arrow)
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM staged")
                con.unregister("staged")
        for statement in INDEXES:
            con.execute(statement)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


if __name__ == "__main__":
    import sys
    import time

    t0 = time.perf_counter()
    out = build_synthetic_db(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    print(f"wrote {out} in {time.perf_counter() - t0:.1f}s")
