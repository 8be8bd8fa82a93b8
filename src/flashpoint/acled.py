"""ACLED's column contract: one incident document (OUTPUT.md) as one row of ACLED's table.

``ACLED_COLUMNS`` are the codebook's columns in its order; ``FP_COLUMNS`` follow them
and keep what ACLED's conventions flatten (bounds, precision, our ids). ``acled_row``
writes one row; ``codable`` says whether ACLED would code the incident at all.

Conventions, and where we had to choose (the mappings themselves are in data/acled.yaml
and data/acled_countries.csv):

* ``country`` is ACLED's country name, ``iso`` the ISO 3166 numeric code, ``region`` ACLED's
  region; ``event_id_cnty`` is the ISO alpha-3 code and a number read from our incident id
  (``inc_1a2b3c4d`` -> the hexadecimal number 1a2b3c4d in decimal), so it is stable across runs
  and leads back to ``fp_id``.
* ``event_date`` is ISO ``YYYY-MM-DD``. A span of days is coded on its middle day
  (time_precision 2), a month on the 15th and a year on 1 July (both 3). An incident the
  reports do not date is coded on its earliest report's date with time_precision 2;
  ``fp_date_precision`` says ``unknown``.
* ``actor1`` is the perpetrator; a report that names none gives ACLED's
  "Unidentified Armed Group (<country>)" (or "Protesters"/"Rioters" for demonstrations), and
  ``fp_perpetrator`` keeps the words we read. ``actor2`` is the opposing actor only: the first
  registered actor among the targets and victims (never a facility, a place or a description
  such as "three soldiers"); a person stands for the organisation they belong to and is named
  in ``assoc_actor_2``; civilians are "Civilians (<country>)". ``inter1``/``inter2`` follow the
  actor's registry type (state forces abroad are External/Other forces, 8) and
  ``interaction`` joins them smaller first (13), or is ten times ``inter1`` for a lone actor.
* ``fatalities`` is an integer, 0 when unknown, the lower bound when reports disagree
  (ACLED's conservative rule), and counts every death: the victims and the attackers who
  died; ``fp_killed_min``/``fp_killed_max`` keep the victims' bounds and
  ``fp_attackers_killed_min``/``_max`` the attackers'.
* ``source`` lists the outlets that reported the incident ("; "), not article ids (those are in
  ``fp_articles``). ``source_scale`` is left empty: we do not know an outlet's reach.
* ``notes`` is the first report's sentence on one line; ``tags`` carries ACLED's
  "crowd size=no report" for demonstrations; ``timestamp`` is the incident's last update
  (unix seconds) when the store records it, else the time of the export.
* Statements (claims, denials, accusations, threats ...) are not ACLED events: ``codable`` says
  no, and written anyway (``--all``) they become Strategic developments / Other.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pycountry
import yaml

from .config import DATA_DIR
from .errors import UsageError

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
FP_COLUMNS = (
    "fp_id", "fp_type", "fp_date_start", "fp_date_end", "fp_date_precision", "fp_location_precision",
    "fp_country_code", "fp_perpetrator", "fp_perpetrator_id", "fp_perpetrator_status", "fp_weapon_class",
    "fp_weapon_min", "fp_weapon_max", "fp_killed_min", "fp_killed_max", "fp_injured_min", "fp_injured_max",
    "fp_attackers_killed_min", "fp_attackers_killed_max",
    "fp_sources", "fp_articles", "fp_responds_to", "fp_conflicts",
)
COLUMNS = ACLED_COLUMNS + FP_COLUMNS
INT_COLUMNS = ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities",
               "timestamp", "fp_weapon_min", "fp_weapon_max", "fp_killed_min", "fp_killed_max", "fp_injured_min",
               "fp_injured_max", "fp_attackers_killed_min", "fp_attackers_killed_max", "fp_sources")
FLOAT_COLUMNS = ("latitude", "longitude")
DATE_COLUMNS = ("event_date", "fp_date_start", "fp_date_end")
NO_COUNTRY = "XXX"      # event_id_cnty prefix of an incident with no known country (written only with --all)


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    numeric: int
    name: str           # as ACLED writes it
    region: str


@dataclass(frozen=True)
class Codebook:
    countries: dict[str, Country]          # by ISO alpha-2
    inter_codes: dict[int, str]
    inter_by_type: dict[str, int]
    inter_by_actor: dict[str, int]
    unnamed: dict[str, tuple[str, int]]
    military_forces: str
    with_the: frozenset[str]
    disorder_by_event: dict[str, str]
    disorder_by_sub: dict[str, str]
    event_types: dict[str, tuple[str, ...]]
    verbal_event: tuple[str, str]
    time_precision: dict[str, int]
    geo_precision: dict[str, int]
    civilian_targeting: str

    def disorder(self, event_type: str, sub_event_type: str | None) -> str:
        return self.disorder_by_sub.get(sub_event_type or "") or self.disorder_by_event[event_type]


@functools.lru_cache(maxsize=1)
def codebook() -> Codebook:
    """The mappings of data/acled.yaml and data/acled_countries.csv, loaded once."""
    rules = yaml.safe_load((DATA_DIR / "acled.yaml").read_text(encoding="utf-8"))
    countries = {}
    with open(DATA_DIR / "acled_countries.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            iso = pycountry.countries.get(alpha_2=row["iso2"])
            countries[row["iso2"]] = Country(
                iso2=row["iso2"], iso3=iso.alpha_3 if iso else row["iso3"],
                numeric=int(iso.numeric) if iso else int(row["iso_numeric"]), name=row["country"], region=row["region"])
    return Codebook(
        countries=countries,
        inter_codes={int(k): v for k, v in rules["inter_codes"].items()},
        inter_by_type=dict(rules["inter_by_type"]), inter_by_actor=dict(rules["inter_by_actor"]),
        unnamed={k: (v[0], int(v[1])) for k, v in rules["unnamed_actor"].items()},
        military_forces=rules["military_forces"], with_the=frozenset(rules["country_names_with_the"]),
        disorder_by_event=dict(rules["disorder"]["by_event_type"]), disorder_by_sub=dict(rules["disorder"]["by_sub_event"]),
        event_types={k: tuple(v) for k, v in rules["event_types"].items()},
        verbal_event=tuple(rules["verbal_event"]),
        time_precision=dict(rules["time_precision"]), geo_precision=dict(rules["geo_precision"]),
        civilian_targeting=rules["civilian_targeting"],
    )


# -- countries ------------------------------------------------------------------------------
def country(code: str | None) -> Country | None:
    return codebook().countries.get(code.upper()) if code else None


def country_code(text: str) -> str:
    """ISO alpha-2 code for a country written as a code (IQ, IRQ, 368) or a name (Iraq, Ivory Coast)."""
    wanted = text.strip()
    books = codebook().countries
    if wanted.upper() in books:
        return wanted.upper()
    for c in books.values():
        if wanted.casefold() in (c.name.casefold(), c.iso3.casefold()) or wanted == str(c.numeric):
            return c.iso2
    try:
        return pycountry.countries.lookup(wanted).alpha_2
    except LookupError:
        pass
    names = sorted(c.name for c in books.values())
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; give a name (Iraq) or an ISO code (IQ, IRQ)"
    raise UsageError(f"unknown country {text!r}{hint}")


# -- dates ------------------------------------------------------------------------------------
def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def event_date(doc: dict) -> tuple[dt.date | None, int | None]:
    """ACLED's (event_date, time_precision) for our date, its precision and the report dates."""
    book = codebook()
    date = doc["date"]
    start, end, precision = _iso(date["start"]), _iso(date["end"]), date["precision"]
    if start is None:
        reported = [_iso(m["published"]) for m in doc["mentions"] if m.get("published")]
        first = min(reported, default=None) or end
        return first, (book.time_precision["unknown"] if first else None)
    if precision == "month":
        return start.replace(day=15), book.time_precision["month"]
    if precision == "year":
        return start.replace(month=7, day=1), book.time_precision["year"]
    if end and end > start:
        return start + (end - start) / 2, book.time_precision["week"]
    return start, book.time_precision.get(precision, book.time_precision["day"])


# -- actors -----------------------------------------------------------------------------------
def _registry():
    from .resolve.actors import ActorRegistry

    return ActorRegistry.default()


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    inter: int
    id: str | None = None
    person: str | None = None     # the person named, when the actor stands for a person's organisation


def _entry(actor_id: str | None) -> dict | None:
    return _registry().actors.get(actor_id) if actor_id else None


def _up(actor_id: str, relations: tuple[str, ...]) -> list[str]:
    return [i for i, rel in _registry().ancestry(actor_id) if rel in relations]


def inter_code(actor_id: str, event_country: str | None, family: str) -> int | None:
    """ACLED's inter code for a registered actor in an event in ``event_country``."""
    book, entry = codebook(), _entry(actor_id)
    if entry is None:
        return None
    code = next((book.inter_by_actor[i] for i in [actor_id, *_up(actor_id, ("parents",))] if i in book.inter_by_actor),
                None)
    if code is None:
        code = book.inter_by_type.get(entry["type"])
    if code == 1 and entry.get("country") and event_country and entry["country"] != event_country:
        code = 8
    if code == 6 and family == "riot":
        code = 5
    return code


def _unnamed(kind: str, where: Country | None) -> Actor:
    label, code = codebook().unnamed[kind]
    return Actor(f"{label} ({where.name})" if where else label, code)


def _named(actor_id: str, where: Country | None, family: str) -> Actor | None:
    """An Actor for a registry id; None when the id names no actor ACLED would code (a place)."""
    entry = _entry(actor_id)
    if entry is None:
        return None
    if entry["type"] == "person":
        org = next((i for i in _up(actor_id, ("parents", "speaks_for")) if (_entry(i) or {}).get("type") != "person"), None)
        if org is None:
            return Actor(entry["name"], codebook().unnamed["civilians"][1], actor_id)
        found = _named(org, where, family)
        return Actor(found.name, found.inter, found.id, person=entry["name"]) if found else None
    code = inter_code(actor_id, where.iso2 if where else None, family)
    if code is None:
        return None
    if entry.get("generic") and not entry.get("country"):
        return _generic(entry, code, where, family)
    if entry["type"] == "state" or entry.get("role") == "armed_forces":
        return Actor(military_forces(country(entry.get("country"))) or entry["name"], code, actor_id)
    return Actor(entry["name"], code, actor_id)


def military_forces(of: Country | None) -> str | None:
    """ACLED's name for a country's armed forces: "Military Forces of the United States"."""
    if of is None:
        return None
    book = codebook()
    return f"{book.military_forces} {'the ' if of.name in book.with_the else ''}{of.name}"


def _generic(entry: dict, code: int, where: Country | None, family: str) -> Actor:
    """An unnamed actor ("gunmen", "civilians", "troops") as ACLED names one: by kind and country."""
    if code == 1:
        return Actor(military_forces(where) or entry["name"], code)
    if code == 8:
        return Actor(entry["name"], code)
    kind = {5: "riot", 6: "riot" if family == "riot" else "protest", 7: "civilians"}.get(code, "political_violence")
    return _unnamed(kind, where)


def actor1(doc: dict, where: Country | None, family: str) -> Actor | None:
    perp = doc["perpetrator"]["actor"]
    found = _named(perp, where, family) if perp else None
    if found:
        return found
    if family in ("protest", "riot") and doc["type"] != "protest.excessive_force":
        return _unnamed(family, where)
    if family in ("attack", "territory", "protest", "riot"):
        return _unnamed("political_violence", where)
    return None


def opponents(doc: dict, first: Actor | None, where: Country | None, family: str) -> list[Actor]:
    """Registered targets, then victims, as ACLED actors; never the perpetrator, a place or a
    description. Civilians come last: another opponent is the one the event was fought with."""
    found: dict[str, Actor] = {}
    for party in doc["targets"] + doc["victims"]:
        actor = _named(party["actor"], where, family) if party.get("actor") else None
        if actor is None or (first and _same_side(first, actor)):
            continue
        kept = found.get(actor.name)
        if kept is None or (actor.person and not kept.person):   # keep the person an organisation stands for
            found[actor.name] = actor
    if doc["type"] == "protest.excessive_force" and not any(a.inter == 6 for a in found.values()):
        protesters = _unnamed("protest", where)
        found = {protesters.name: protesters, **found}
    ordered = list(found.values())
    return [a for a in ordered if a.inter != 7] + [a for a in ordered if a.inter == 7]


def _same_side(a: Actor, b: Actor) -> bool:
    """One actor, one part of the other, or two state forces of one country (the US and the US military)."""
    if a.name == b.name:
        return True
    if not (a.id and b.id):
        return False
    if a.id in _up(b.id, ("parents",)) or b.id in _up(a.id, ("parents",)):
        return True
    country_a, country_b = _entry(a.id).get("country"), _entry(b.id).get("country")
    return bool(country_a) and country_a == country_b and {a.inter, b.inter} <= {1, 8}


def _assoc(names: list[str]) -> str:
    return "; ".join(dict.fromkeys(n for n in names if n))


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    if inter2 is None:
        return 10 * inter1
    low, high = sorted((inter1, inter2))
    return 10 * low + high


# -- the row ----------------------------------------------------------------------------------
def is_verbal(doc: dict) -> bool:
    return not doc["acled"]["event_type"]


def codable(doc: dict) -> str | None:
    """None when ACLED would code the incident; else why not (a statement, no country, no date)."""
    if is_verbal(doc):
        return "statement"
    if country((doc.get("location") or {}).get("country")) is None:
        return "no country"
    if event_date(doc)[0] is None:
        return "no date"
    return None


def event_number(incident_id: str) -> int:
    """The number in ``event_id_cnty``: our hexadecimal id read as a number (a hash for other ids)."""
    m = re.fullmatch(r"inc_([0-9a-f]{1,15})", incident_id)
    return int(m.group(1), 16) if m else int(hashlib.sha1(incident_id.encode("utf-8")).hexdigest()[:12], 16)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _outlets(doc: dict, outlets: Mapping[str, str]) -> str:
    return "; ".join(sorted({outlets[m["article"]] for m in doc["mentions"] if outlets.get(m["article"])}))


def acled_row(doc: dict, *, outlets: Mapping[str, str], updated: dt.datetime) -> dict:
    """One row in ACLED's columns (then ours) for an incident document; values are typed
    (int, float, date, str or None)."""
    book = codebook()
    loc = doc.get("location") or {}
    where = country(loc.get("country"))
    family = doc["type"].split(".")[0]
    event_type, sub_event_type = doc["acled"]["event_type"], doc["acled"]["sub_event_type"]
    if not event_type:
        event_type, sub_event_type = book.verbal_event
    date, time_precision = event_date(doc)
    first = actor1(doc, where, family)
    others = opponents(doc, first, where, family)
    second = others[0] if others else None
    co_claimants = [r["name"] for r in doc["responsibility"]
                    if r["stance"] == "claimed" and r["actor"] and r["actor"] != doc["perpetrator"]["actor"]]
    killed, injured, weapon = doc["casualties"]["killed"], doc["casualties"]["injured"], doc["weapon"]["count"]
    attackers = doc["casualties"].get("attackers_killed") or {"min": None, "max": None}
    targets_civilians = any(getattr(_named(p["actor"], where, family), "inter", None) == 7
                            for p in doc["targets"] if p.get("actor"))
    civilian = event_type == "Violence against civilians" or targets_civilians or (second is not None and second.inter == 7)
    row = {
        "event_id_cnty": f"{where.iso3 if where else NO_COUNTRY}{event_number(doc['id'])}",
        "event_date": date, "year": date.year if date else None, "time_precision": time_precision,
        "disorder_type": book.disorder(event_type, sub_event_type),
        "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": first.name if first else None,
        "assoc_actor_1": _assoc([first.person if first else None, *co_claimants]) or None,
        "inter1": first.inter if first else None,
        "actor2": second.name if second else None,
        "assoc_actor_2": _assoc([second.person if second else None] + [n for o in others[1:] for n in (o.name, o.person)])
        or None,
        "inter2": second.inter if second else None,
        "interaction": interaction(first.inter if first else None, second.inter if second else None),
        "civilian_targeting": book.civilian_targeting if civilian else None,
        "iso": where.numeric if where else None, "region": where.region if where else None,
        "country": where.name if where else None,
        "admin1": loc.get("admin1"), "admin2": None, "admin3": None, "location": loc.get("name"),
        "latitude": round(loc["lat"], 4) if loc.get("lat") is not None else None,
        "longitude": round(loc["lon"], 4) if loc.get("lon") is not None else None,
        "geo_precision": book.geo_precision.get(loc.get("precision")),
        "source": _outlets(doc, outlets) or None, "source_scale": None,
        "notes": _one_line(doc.get("summary")) or None,
        "fatalities": (killed["min"] or 0) + (attackers["min"] or 0),   # ACLED counts every death
        "tags": "crowd size=no report" if event_type in ("Protests", "Riots") else None,
        "timestamp": int(updated.timestamp()),
        "fp_id": doc["id"], "fp_type": doc["type"],
        "fp_date_start": _iso(doc["date"]["start"]), "fp_date_end": _iso(doc["date"]["end"]),
        "fp_date_precision": doc["date"]["precision"], "fp_location_precision": loc.get("precision"),
        "fp_country_code": loc.get("country"),
        "fp_perpetrator": doc["perpetrator"]["name"], "fp_perpetrator_id": doc["perpetrator"]["actor"],
        "fp_perpetrator_status": doc["perpetrator"]["status"], "fp_weapon_class": doc["weapon"]["class"],
        "fp_weapon_min": weapon["min"], "fp_weapon_max": weapon["max"],
        "fp_killed_min": killed["min"], "fp_killed_max": killed["max"],
        "fp_injured_min": injured["min"], "fp_injured_max": injured["max"],
        "fp_attackers_killed_min": attackers["min"], "fp_attackers_killed_max": attackers["max"],
        "fp_sources": doc.get("sources"),
        "fp_articles": " ".join(sorted({m["article"] for m in doc["mentions"]})) or None,
        "fp_responds_to": " ".join(doc["responds_to"]) or None,
        "fp_conflicts": " ".join(c["field"] for c in doc["conflicts"]) or None,
    }
    return row
