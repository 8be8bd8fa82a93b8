"""The DuckDB store: articles, rejects, mentions, incidents and their evidence.

The schema (schema.sql) is the contract with the readers (query.py, api.py, web).
Writes go through Arrow tables (one bulk insert per batch, not a row at a time).
Incidents are a corpus-level view: after each run they are rebuilt from all stored
mentions, so a second run on the same input changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from .errors import StoreError
from .export import incident_doc
from .query import INDEXES
from .records import Article, Incident, Mention, Rejected, from_dict


def _table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows)


class Store:
    def __init__(self, path: str | Path = "flashpoint.duckdb", *, read_only: bool = False):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path}; run `flashpoint run PATH --db {self.path}` first")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        if not read_only:
            self.con.execute(resources.files("flashpoint").joinpath("schema.sql").read_text(encoding="utf-8"))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _insert(self, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        arrow = _table(rows)
        self.con.register("_rows", arrow)
        cols = ", ".join(f'"{c}"' for c in arrow.column_names)
        self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _rows")
        self.con.unregister("_rows")

    # -- articles -----------------------------------------------------------
    def known_ids(self) -> set[str]:
        """Ids of the articles already stored (content duplicates are the Deduplicator's)."""
        return {r[0] for r in self.con.execute("SELECT id FROM articles").fetchall()}

    def content_hashes(self) -> dict[str, str]:
        """Stored article id -> content hash (ingest.id_conflict compares a new text with it)."""
        return dict(self.con.execute("SELECT id, content_hash FROM articles").fetchall())

    def article_texts(self) -> Iterator[tuple[str, str]]:
        yield from self.con.execute("SELECT id, text FROM articles ORDER BY id").fetchall()

    def add_articles(self, items: list[tuple[Article, str | None]]) -> None:
        self._insert("articles", [{
            "id": a.id, "title": a.title, "url": a.url, "outlet": a.outlet, "published": a.published,
            "published_source": a.published_source, "published_confidence": a.published_confidence,
            "language": a.language, "source": a.source,
            "content_hash": a.content_hash, "duplicate_of": dup, "text": a.text,
        } for a, dup in items])

    def add_rejects(self, rejects: list[Rejected]) -> None:
        """Record rejects once per input: a source rejected again replaces its earlier row."""
        if rejects:
            self.con.execute("DELETE FROM rejects WHERE source IN (SELECT unnest(?))", [[r.source for r in rejects]])
        self._insert("rejects", [r.as_dict() for r in rejects])

    def articles(self, ids: list[str]) -> list[Article]:
        rows = self.con.execute(
            "SELECT id, text, title, url, outlet, published, published_source, published_confidence, language, source,"
            " content_hash FROM articles WHERE id IN (SELECT unnest(?)) ORDER BY id", [ids]).fetchall()
        names = ("id", "text", "title", "url", "outlet", "published", "published_source", "published_confidence",
                 "language", "source", "content_hash")
        return [Article(**dict(zip(names, r))) for r in rows]

    def undated_articles(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM articles WHERE published IS NULL ORDER BY id").fetchall()]

    def incident_dates_for(self, article_id: str) -> list:
        """Day-precise dates of incidents this article reports that other articles report too."""
        return [r[0] for r in self.con.execute(
            "SELECT DISTINCT i.date_start FROM incidents i JOIN mentions m ON m.incident = i.id"
            " WHERE m.article = ? AND i.date_precision = 'day' AND EXISTS (SELECT 1 FROM mentions o"
            " WHERE o.incident = i.id AND o.article <> ?)", [article_id, article_id]).fetchall()]

    def set_published(self, article_id: str, date, source: str, confidence: float) -> None:
        self.con.execute("UPDATE articles SET published = ?, published_source = ?, published_confidence = ?"
                         " WHERE id = ?", [date, source, confidence, article_id])

    def delete_mentions(self, article_ids: list[str]) -> None:
        self.con.execute("DELETE FROM mentions WHERE article IN (SELECT unnest(?))", [article_ids])

    def duplicates(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL").fetchall())

    # -- mentions -----------------------------------------------------------
    def add_mentions(self, mentions: Iterable[Mention]) -> None:
        self._insert("mentions", [{
            "id": m.id, "incident": None, "article": m.article, "start": m.sentence.start, "end": m.sentence.end,
            "text": m.sentence.text, "type": m.type, "modality": m.modality, "doc": json.dumps(m.as_dict()),
        } for m in mentions])

    def mentions(self) -> list[Mention]:
        rows = self.con.execute("SELECT doc FROM mentions ORDER BY id").fetchall()
        return [from_dict(Mention, json.loads(r[0])) for r in rows]

    # -- incidents ----------------------------------------------------------
    def replace_incidents(self, incidents: list[Incident]) -> None:
        con = self.con
        for statement in INDEXES:   # rebuilt after the bulk write: faster, and no index on updated rows
            con.execute(f"DROP INDEX IF EXISTS {statement.split()[5]}")
        con.execute("BEGIN TRANSACTION")
        try:
            for table in ("incidents", "stances", "links", "evidence", "incident_actors"):
                con.execute(f"DELETE FROM {table}")
            con.execute("UPDATE mentions SET incident = NULL")
            inc_rows, stance_rows, link_rows, ev_rows, actor_rows, member_rows = [], [], [], [], [], []
            for inc in incidents:
                doc = incident_doc(inc)
                loc, date = inc.location, inc.date
                inc_rows.append({
                    "id": inc.id, "type": inc.type, "family": inc.type.split(".")[0],
                    "date_start": date.start if date else None, "date_end": date.end if date else None,
                    "date_precision": date.precision if date else "unknown",
                    "place": loc.name if loc else None, "country": loc.country if loc else None,
                    "admin1": loc.admin1 if loc else None, "lat": loc.lat if loc else None,
                    "lon": loc.lon if loc else None, "location_precision": loc.precision if loc else None,
                    "perpetrator": inc.perpetrator.id if inc.perpetrator else None,
                    "perpetrator_name": inc.perpetrator.name if inc.perpetrator else None,
                    "perpetrator_status": inc.perpetrator_status, "weapon_class": inc.weapon_class,
                    "killed_min": inc.killed.min, "killed_max": inc.killed.max,
                    "injured_min": inc.injured.min, "injured_max": inc.injured.max,
                    "sources": inc.sources, "n_mentions": len(inc.mentions), "summary": doc["summary"],
                    "doc": json.dumps(doc, ensure_ascii=False),
                })
                for s in inc.responsibility:
                    stance_rows.append({"incident": inc.id, "actor": s.actor.id if s.actor else None,
                                        "name": s.actor.name if s.actor else None, "stance": s.stance,
                                        "source_actor": (s.source_actor.id or s.source_actor.name) if s.source_actor else None,
                                        "article": s.article, "start": s.evidence.start, "end": s.evidence.end,
                                        "evidence": s.evidence.text})
                    if s.actor and s.actor.id:
                        actor_rows.append({"incident": inc.id, "actor": s.actor.id, "role": "stance"})
                for link in inc.responds_to:
                    link_rows.append({"source": link.source, "target": link.target, "kind": link.kind,
                                      "article": link.article, "start": link.evidence.start,
                                      "end": link.evidence.end, "evidence": link.evidence.text})
                ev_rows.extend(_evidence_rows(inc))
                if inc.perpetrator and inc.perpetrator.id:
                    actor_rows.append({"incident": inc.id, "actor": inc.perpetrator.id, "role": "perpetrator"})
                for role, refs in (("target", inc.targets), ("victim", inc.victims)):
                    actor_rows.extend({"incident": inc.id, "actor": r.id, "role": role} for r in refs if r.id)
                member_rows.extend({"id": m.id, "incident": inc.id} for m in inc.mentions)
            self._insert("incidents", inc_rows)
            self._insert("stances", stance_rows)
            self._insert("links", link_rows)
            self._insert("evidence", ev_rows)
            self._insert("incident_actors", [dict(t) for t in {tuple(r.items()) for r in actor_rows}])
            if member_rows:
                self.con.register("_members", _table(member_rows))
                con.execute("UPDATE mentions SET incident = _members.incident FROM _members WHERE mentions.id = _members.id")
                self.con.unregister("_members")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        for statement in INDEXES:
            con.execute(statement)

    def replace_actors(self, rows: list[dict]) -> None:
        self.con.execute("DELETE FROM actors")
        self._insert("actors", [{**r, "aliases": json.dumps(r.get("aliases", [])),
                                 "parents": json.dumps(r.get("parents", []))} for r in rows])

    # -- reads used by the CLI ----------------------------------------------
    def incident_docs(self) -> list[dict]:
        rows = self.con.execute("SELECT doc FROM incidents ORDER BY date_start NULLS LAST, id").fetchall()
        return [json.loads(r[0]) for r in rows]

    def links(self) -> list[tuple[str, str]]:
        return self.con.execute("SELECT source, target FROM links ORDER BY source, target").fetchall()

    def counts(self) -> dict[str, int]:
        q = {
            "articles": "SELECT count(*) FROM articles",
            "near_duplicates": "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL",
            "rejects": "SELECT count(*) FROM rejects",
            "mentions": "SELECT count(*) FROM mentions",
            "incidents": "SELECT count(*) FROM incidents",
            "links": "SELECT count(*) FROM links",
        }
        return {k: self.con.execute(v).fetchone()[0] for k, v in q.items()}


def _evidence_rows(inc: Incident) -> list[dict]:
    rows = []

    def add(field: str, ev, rule: str | None = None) -> None:
        if ev is not None:
            rows.append({"incident": inc.id, "field": field, "article": ev.article, "start": ev.start,
                         "end": ev.end, "text": ev.text, "rule": rule or ev.rule})

    add("date", inc.date.evidence if inc.date else None)
    add("location", inc.location.evidence if inc.location else None)
    add("weapon", inc.weapon_evidence)
    add("casualties", inc.casualties_evidence)
    if inc.perpetrator is not None:
        add("perpetrator", inc.perpetrator.evidence)
    for t in inc.targets:
        add("targets", t.evidence)
    for v in inc.victims:
        add("victims", v.evidence)
    for m in inc.mentions:
        add("type", m.trigger)
    return rows
