"""Incidents out: the JSONL contract (OUTPUT.md), ACLED-compatible CSV, GeoJSON, Parquet.

``incident_doc`` is the one place an Incident becomes the public JSON object; the
store keeps that object too, so the API, the web UI and every format agree.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

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
    }


ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "actor2", "country", "admin1", "location",
                 "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities"]
OUR_COLUMNS = ["fp_type", "fp_date_end", "fp_perpetrator_status", "fp_weapon_class", "fp_weapon_min", "fp_weapon_max",
               "fp_killed_min", "fp_killed_max", "fp_injured_min", "fp_injured_max", "fp_sources",
               "fp_responds_to", "fp_conflicts"]
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_GEO_PRECISION = {"site": 1, "city": 1, "region": 2, "country": 3}
_DISORDER = {"Protests": "Demonstrations", "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}


def csv_row(doc: dict) -> dict:
    loc = doc.get("location") or {}
    killed = doc["casualties"]["killed"]
    event_type = doc["acled"]["event_type"]
    return {
        "event_id_cnty": doc["id"], "event_date": doc["date"]["start"],
        "year": (doc["date"]["start"] or "")[:4] or None,
        "time_precision": _TIME_PRECISION.get(doc["date"]["precision"]),
        "disorder_type": _DISORDER.get(event_type, "Political violence") if event_type else None,
        "event_type": event_type, "sub_event_type": doc["acled"]["sub_event_type"],
        "actor1": doc["perpetrator"]["name"],
        "assoc_actor_1": None,
        "actor2": "; ".join(t["name"] for t in doc["targets"] + doc["victims"] if t["name"]) or None,
        "country": loc.get("country"), "admin1": loc.get("admin1"), "location": loc.get("name"),
        "latitude": loc.get("lat"), "longitude": loc.get("lon"), "geo_precision": _GEO_PRECISION.get(loc.get("precision")),
        "source": "; ".join(sorted({m["article"] for m in doc["mentions"]})), "source_scale": None,
        "notes": doc.get("summary"), "fatalities": killed["min"] if killed["min"] is not None else killed["max"],
        "fp_type": doc["type"], "fp_date_end": doc["date"]["end"], "fp_perpetrator_status": doc["perpetrator"]["status"],
        "fp_weapon_class": doc["weapon"]["class"], "fp_weapon_min": doc["weapon"]["count"]["min"],
        "fp_weapon_max": doc["weapon"]["count"]["max"], "fp_killed_min": killed["min"], "fp_killed_max": killed["max"],
        "fp_injured_min": doc["casualties"]["injured"]["min"], "fp_injured_max": doc["casualties"]["injured"]["max"],
        "fp_sources": doc.get("sources"), "fp_responds_to": " ".join(doc["responds_to"]),
        "fp_conflicts": " ".join(c["field"] for c in doc["conflicts"]),
    }


def geojson_feature(doc: dict) -> dict | None:
    loc = doc.get("location")
    if not loc or loc.get("lat") is None or loc.get("lon") is None:
        return None
    props = {k: doc[k] for k in ("id", "type", "date", "perpetrator", "weapon", "casualties", "responds_to", "sources")}
    props["location"] = loc
    return {"type": "Feature", "id": doc["id"], "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
            "properties": props}


def write(docs: Iterable[dict], fmt: str, out: IO[str] | Path) -> int:
    """Write incident docs in ``fmt`` to a text stream (or a path for parquet); returns the count."""
    docs = list(docs)
    if fmt == "jsonl":
        for d in docs:
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + OUR_COLUMNS)
        writer.writeheader()
        for d in docs:
            writer.writerow(csv_row(d))
    elif fmt == "geojson":
        feats = [f for f in (geojson_feature(d) for d in docs) if f]
        json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
        return len(feats)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [{**csv_row(d), "doc": json.dumps(d, ensure_ascii=False)} for d in docs]
        pq.write_table(pa.Table.from_pylist(rows), out)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return len(docs)


def to_string(docs: Iterable[dict], fmt: str) -> str:
    buf = io.StringIO()
    write(docs, fmt, buf)
    return buf.getvalue()
