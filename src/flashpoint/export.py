"""Incidents out: the JSONL contract (OUTPUT.md), an ACLED-compatible CSV, GeoJSON, Parquet.

``incident_doc`` is the one place an Incident becomes the public JSON object; the
store keeps that object too, so the API, the web UI and every format agree.

Two shapes leave this module:

* ``jsonl``: every selected incident as its full OUTPUT.md document.
* the ACLED table (acled.py): ``csv`` writes it as text, ``parquet`` with real DATE, integer
  and float columns (plus the document as JSON in ``doc``), ``geojson`` as one Point feature
  per located row with the row's flat columns as properties (no nested objects).

ACLED itself has no verbal events: claims, denials, accusations, threats and the other
statements are left out of the ACLED table by default, and so are incidents with no known
country (ACLED codes every event in a country). ``ExportFilters(all_events=True)``
(``flashpoint export --all``) writes them too: a statement as Strategic developments / Other,
dated like any incident; an incident with no country with empty country columns and an
``XXX`` prefix in ``event_id_cnty``. ``table()`` reports how many rows were left out and why.

Library use (the CLI and the API both call these)::

    with Store(db, read_only=True) as store:
        sel = select(store, ExportFilters(types=("attack",), countries=("IQ",)))
    write(sel, "csv", sys.stdout)                      # or "jsonl", "geojson", a path for "parquet"
    write(select(con, docs=my_docs), "geojson", fh)    # docs chosen elsewhere; outlets looked up
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from . import acled
from .errors import OutputError, UsageError
from .extract.lexicon import load_lexicon
from .records import ActorRef, Incident

FORMATS = ("jsonl", "csv", "geojson", "parquet")


def _actor(ref: ActorRef | None) -> dict:
    return {"actor": ref.id if ref else None, "name": ref.name if ref else None}


def _party(ref: ActorRef) -> dict:
    return {"actor": ref.id, "name": ref.name, "text": ref.text, "kind": ref.type}


def _acled(inc: Incident) -> dict:
    info = load_lexicon().event_types.get(inc.type, {})
    event_type, sub = info.get("acled_event_type"), info.get("acled_sub_event_type")
    if inc.type == "attack.other" and any((v.id == "civilians" or "civilian" in v.name.lower())
                                          for v in list(inc.victims) + list(inc.targets)):
        event_type, sub = "Violence against civilians", "Attack"
    return {"event_type": event_type, "sub_event_type": sub}


def incident_doc(inc: Incident) -> dict:
    """The OUTPUT.md object for one incident (plus a few documented extras)."""
    info = load_lexicon().event_types.get(inc.type, {})
    date, loc = inc.date, inc.location
    first = min(inc.mentions, key=lambda m: (m.published is None, str(m.published), m.article, m.trigger.start)) if inc.mentions else None
    published = max((m.published for m in inc.mentions if m.published), default=None)
    return {
        "id": inc.id,
        "type": inc.type,
        "plover": info.get("plover"),
        "acled": _acled(inc),
        "date": {
            "start": date.start.isoformat() if date and date.start else None,
            "end": date.end.isoformat() if date and date.end else (published.isoformat() if not date and published else None),
            "precision": date.precision if date else "unknown",
            "text": date.text if date else None,
        },
        "location": None if loc is None else {
            "name": loc.name, "country": loc.country, "admin1": loc.admin1, "lat": loc.lat, "lon": loc.lon,
            "precision": loc.precision, "text": loc.text,
        },
        "perpetrator": {**_actor(inc.perpetrator), "status": inc.perpetrator_status},
        "responsibility": [
            {**_actor(s.actor), "stance": s.stance,
             "source_actor": (s.source_actor.id or s.source_actor.name) if s.source_actor else None,
             "article": s.article, "evidence": s.evidence.text,
             "start": s.evidence.start, "end": s.evidence.end}
            for s in inc.responsibility
        ],
        "targets": [_party(t) for t in inc.targets],
        "victims": [_party(v) for v in inc.victims],
        "weapon": {"class": inc.weapon_class, "count": inc.weapon_count.as_dict(),
                   "text": inc.weapon_evidence.text if inc.weapon_evidence else None},
        "casualties": {"killed": inc.killed.as_dict(), "injured": inc.injured.as_dict(),
                       "attackers_killed": inc.attackers_killed.as_dict(),
                       "text": inc.casualties_evidence.text if inc.casualties_evidence else None},
        "responds_to": [link.target for link in inc.responds_to],
        "conflicts": [{"field": c.field, "values": list(c.values), "reconciled": c.reconciled, "rule": c.rule}
                      for c in inc.conflicts],
        "mentions": [{"article": m.article, "start": m.sentence.start, "end": m.sentence.end, "text": m.sentence.text,
                      "trigger": m.trigger.text, "published": m.published.isoformat() if m.published else None,
                      "published_source": m.published_source}
                     for m in inc.mentions],
        # extras (allowed by the contract)
        "sources": inc.sources,
        "responds_to_evidence": [{"target": l.target, "kind": l.kind, "article": l.article, "evidence": l.evidence.text,
                                  "start": l.evidence.start, "end": l.evidence.end} for l in inc.responds_to],
        "summary": first.sentence.text if first else None,
        "type_evidence": type_evidence(inc),
    }


LOW_CONFIDENCE = 0.5   # a model-chosen type below this probability is marked for review


def type_evidence(inc: Incident) -> dict:
    """Who chose the incident's type: the event model (name, version, its best probability
    over the mentions of that type) or the lexicon; ``low_confidence`` below 0.5."""
    typed = [m for m in inc.mentions if m.type == inc.type and m.type_model]
    if not typed:
        return {"rule": "lexicon.v1", "model": None, "probability": None, "low_confidence": False}
    best = max(typed, key=lambda m: m.type_probability or 0.0)
    p = best.type_probability
    return {"rule": best.trigger.rule, "model": best.type_model, "probability": round(p, 3) if p is not None else None,
            "low_confidence": p is not None and p < LOW_CONFIDENCE}


@dataclass(frozen=True, slots=True)
class ExportFilters:
    """Which incidents an export holds. Empty means no restriction."""

    types: tuple[str, ...] = ()       # type codes or families: attack.drone, attack, protest
    countries: tuple[str, ...] = ()   # ISO alpha-2 codes (acled.country_code turns names into them)
    since: dt.datetime | None = None  # updated at or after (report dates when the store keeps no update times)
    all_events: bool = False          # the ACLED table also holds statements and incidents with no country

    def matches(self, doc: dict) -> bool:
        if self.types and not any(doc["type"] == t or doc["type"].startswith(t + ".") for t in self.types):
            return False
        if self.countries and (doc.get("location") or {}).get("country") not in self.countries:
            return False
        return True


@dataclass(frozen=True)
class Selection:
    """Incident documents with what the formats need beyond them: outlets and update times."""

    docs: tuple[dict, ...]
    outlets: Mapping[str, str] = field(default_factory=dict)           # article id -> outlet name
    updated: Mapping[str, dt.datetime] = field(default_factory=dict)   # incident id -> last update
    as_of: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    since_basis: str | None = None    # "updated_at" or "published": what --since compared

    def updated_at(self, incident_id: str) -> dt.datetime:
        return self.updated.get(incident_id) or self.as_of


@dataclass(frozen=True)
class AcledTable:
    rows: list[dict]
    left_out: dict[str, int]          # why ("statements", "with no country", "with no date") -> incidents


def known_types() -> set[str]:
    codes = set(load_lexicon().event_types)
    return codes | {c.split(".")[0] for c in codes}


def filters(types: Iterable[str] = (), countries: Iterable[str] = (), since: str | dt.date | None = None,
            all_events: bool = False) -> ExportFilters:
    """ExportFilters from what a user typed: comma lists, country names or codes, an ISO date."""
    wanted_types = tuple(t.strip() for v in types for t in v.split(",") if t.strip())
    unknown = sorted(set(wanted_types) - known_types())
    if unknown:
        families = sorted({c.split(".")[0] for c in known_types()})
        raise UsageError(f"unknown type {', '.join(unknown)}; give a type code (attack.drone) "
                         f"or a family: {', '.join(families)}")
    codes = tuple(acled.country_code(c) for v in countries for c in v.split(",") if c.strip())
    return ExportFilters(types=wanted_types, countries=codes, since=_since(since), all_events=all_events)


def _since(value: str | dt.date | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.timezone.utc)
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--since {value!r} is not a date; write it as YYYY-MM-DD (or YYYY-MM-DDTHH:MM)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _connection(source: Any):
    return getattr(source, "con", source)   # a Store, or a DuckDB connection or cursor


def _has_column(con, table: str, column: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                            [table, column]).fetchone()[0])


def _outlet(outlet: str | None, url: str | None) -> str | None:
    if outlet and outlet.strip():
        return outlet.strip()
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def select(source: Any, filters: ExportFilters | None = None, *, docs: Iterable[dict] | None = None) -> Selection:
    """The incidents of a store (a Store or a DuckDB connection) that pass ``filters``, with
    their outlets and update times. Give ``docs`` to export incidents chosen elsewhere."""
    filters = filters or ExportFilters()
    con = _connection(source)
    if docs is None:
        rows = con.execute("SELECT doc FROM incidents ORDER BY date_start NULLS LAST, id").fetchall()
        docs = [json.loads(r[0]) for r in rows]
    chosen = [d for d in docs if filters.matches(d)]
    updated: dict[str, dt.datetime] = {}
    if _has_column(con, "incidents", "updated_at"):
        for incident_id, stamp in con.execute("SELECT id, updated_at FROM incidents WHERE updated_at IS NOT NULL").fetchall():
            updated[incident_id] = _aware(stamp)
    articles = sorted({m["article"] for d in chosen for m in d["mentions"]})
    outlets: dict[str, str] = {}
    published: dict[str, dt.date] = {}
    if articles:
        for article_id, outlet, url, day in con.execute(
                "SELECT id, outlet, url, published FROM articles WHERE id IN (SELECT unnest(?))", [articles]).fetchall():
            if _outlet(outlet, url):
                outlets[article_id] = _outlet(outlet, url)
            if day:
                published[article_id] = day
    basis = None
    if filters.since is not None:
        if updated:
            basis = "updated_at"
            chosen = [d for d in chosen if d["id"] in updated and updated[d["id"]] >= filters.since]
        else:
            basis = "published"
            since_day = filters.since.date()
            chosen = [d for d in chosen if any(published.get(m["article"], dt.date.min) >= since_day for m in d["mentions"])]
    return Selection(docs=tuple(chosen), outlets=outlets, updated=updated, since_basis=basis)


def _aware(stamp: Any) -> dt.datetime:
    if isinstance(stamp, str):
        stamp = dt.datetime.fromisoformat(stamp)
    if not isinstance(stamp, dt.datetime):
        stamp = dt.datetime.combine(stamp, dt.time())
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


def _selection(source: Any, filters: ExportFilters) -> Selection:
    if isinstance(source, Selection):
        return source
    if hasattr(source, "execute") or hasattr(source, "con"):
        return select(source, filters)
    return Selection(docs=tuple(d for d in source if filters.matches(d)))


_LEFT_OUT = {"statement": "statements", "no country": "with no country", "no date": "with no date"}


def table(selection: Selection, all_events: bool = False) -> AcledTable:
    """The ACLED table of a selection: rows ACLED would code (or every row with ``all_events``)."""
    rows, left_out = [], Counter()
    for doc in selection.docs:
        reason = acled.codable(doc)
        if reason and not all_events:
            left_out[_LEFT_OUT[reason]] += 1
            continue
        rows.append(acled.acled_row(doc, outlets=selection.outlets, updated=selection.updated_at(doc["id"])))
    return AcledTable(rows=rows, left_out=dict(left_out))


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def geojson_feature(row: dict) -> dict | None:
    if row["latitude"] is None or row["longitude"] is None:
        return None
    return {"type": "Feature", "id": row["fp_id"],
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}}


def parquet_schema():
    import pyarrow as pa

    def kind(col: str):
        if col in acled.DATE_COLUMNS:
            return pa.date32()
        if col in acled.INT_COLUMNS:
            return pa.int64()
        if col in acled.FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()

    return pa.schema([pa.field(c, kind(c)) for c in acled.COLUMNS] + [pa.field("doc", pa.string())])


def write(source: Any, fmt: str, out: IO[str] | str | Path, filters: ExportFilters | None = None) -> int:
    """Write incidents in ``fmt`` to a text stream (a path for parquet); returns the count written.

    ``source`` is a Selection, a Store or DuckDB connection (selected with ``filters``), or
    incident documents (then ``source`` has no outlets: give a Selection for them).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    filters = filters or ExportFilters()
    selection = _selection(source, filters)
    if fmt == "jsonl":
        for d in selection.docs:
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
        return len(selection.docs)
    rows = table(selection, filters.all_events).rows
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(acled.COLUMNS), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _text(v) for k, v in row.items()})
        return len(rows)
    if fmt == "geojson":
        feats = [f for f in (geojson_feature(r) for r in rows) if f]
        json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
        return len(feats)
    import pyarrow as pa
    import pyarrow.parquet as pq

    docs = {d["id"]: d for d in selection.docs}
    records = [{**row, "doc": json.dumps(docs[row["fp_id"]], ensure_ascii=False)} for row in rows]
    try:
        pq.write_table(pa.Table.from_pylist(records, schema=parquet_schema()), out)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc}; choose a writable --out path") from exc
    return len(rows)


def to_string(source: Any, fmt: str, filters: ExportFilters | None = None) -> str:
    buf = io.StringIO()
    write(source, fmt, buf, filters)
    return buf.getvalue()
