"""Read queries over the DuckDB store: the only place the API and the web UI get data.

Every query is parameterised; sort keys come from a whitelist. Functions take a
connection (or cursor) opened with :func:`connect` and return plain dicts ready for JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import duckdb

from flashpoint.errors import FlashpointError, StoreError

STANCES = ("claimed", "attributed", "suspected", "denied", "unclaimed")
SORTS = {
    "date": "i.date_start {d} NULLS LAST, i.id",
    "type": "i.type {d}, i.date_start DESC NULLS LAST, i.id",
    "sources": "i.sources {d} NULLS LAST, i.date_start DESC NULLS LAST, i.id",
    "killed": "coalesce(i.killed_max, i.killed_min) {d} NULLS LAST, i.date_start DESC NULLS LAST, i.id",
}
MAX_LIMIT = 500
# Indexes the read queries rely on at scale (per-incident lookups go from a scan to a probe).
# The store creates them after a bulk load; see schema.sql.
INDEXES = (
    "CREATE INDEX IF NOT EXISTS mentions_incident ON mentions(incident)",
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article)",
    "CREATE INDEX IF NOT EXISTS evidence_incident ON evidence(incident)",
    "CREATE INDEX IF NOT EXISTS evidence_article ON evidence(article)",
    "CREATE INDEX IF NOT EXISTS stances_incident ON stances(incident)",
    "CREATE INDEX IF NOT EXISTS stances_actor ON stances(actor)",
    "CREATE INDEX IF NOT EXISTS links_source ON links(source)",
    "CREATE INDEX IF NOT EXISTS links_target ON links(target)",
    "CREATE INDEX IF NOT EXISTS incident_actors_actor ON incident_actors(actor)",
)
MAX_GRAPH_NODES = 5000
LIST_COLUMNS = (
    "id, type, family, date_start, date_end, date_precision, place, country, admin1, lat, lon, "
    "location_precision, perpetrator, perpetrator_name, perpetrator_status, weapon_class, "
    "killed_min, killed_max, injured_min, injured_max, sources, n_mentions, summary"
)

GRAPH_COLUMNS = (
    "id, type, family, CAST(date_start AS VARCHAR) AS date_start, place, country, lat, lon, location_precision, "
    "perpetrator_name, killed_min, killed_max, sources, summary"
)


class QueryError(FlashpointError, ValueError):
    """A request parameter is invalid; the message says which and what is allowed."""


def connect(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open the store read-only (many readers may share the file with no writer)."""
    path = Path(db_path)
    if not path.is_file():
        raise StoreError(f"database {path} does not exist: build it first with `flashpoint run SOURCES --db {path}`")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open {path} read-only ({exc}); is another process writing to it?") from exc


@dataclass(frozen=True)
class Filters:
    """The incident filters shared by list, graph and stats. Strings as given by a user."""

    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None
    country: str | None = None
    actor: str | None = None
    stance: str | None = None
    q: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """SQL condition over alias ``i`` (incidents) and its parameters; validates values."""
        conds: list[str] = []
        params: list[Any] = []
        start = _date("date_from", self.date_from)
        end = _date("date_to", self.date_to)
        if start and end and start > end:
            raise QueryError(f"date_from ({start}) is after date_to ({end}); swap them")
        if start:
            conds.append("coalesce(i.date_end, i.date_start) >= ?")
            params.append(start)
        if end:
            conds.append("i.date_start <= ?")
            params.append(end)
        if self.type:
            if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", self.type):
                raise QueryError(f"type {self.type!r} is not a type code like 'attack.drone' or a family like 'attack'")
            conds.append("(i.type = ? OR starts_with(i.type, ?) OR i.family = ?)")
            params += [self.type, self.type + ".", self.type]
        if self.country:
            if not re.fullmatch(r"[A-Za-z]{2}", self.country):
                raise QueryError(f"country {self.country!r} is not an ISO-3166 alpha-2 code like 'IQ'")
            conds.append("i.country = ?")
            params.append(self.country.upper())
        if self.stance and self.stance not in STANCES:
            raise QueryError(f"stance {self.stance!r} is unknown; use one of {', '.join(STANCES)}")
        if self.actor and self.stance:
            conds.append("i.id IN (SELECT incident FROM stances WHERE actor = ? AND stance = ?)")
            params += [self.actor, self.stance]
        elif self.actor:
            conds.append("i.id IN (SELECT incident FROM incident_actors WHERE actor = ?)")
            params.append(self.actor)
        elif self.stance:
            conds.append("i.id IN (SELECT incident FROM stances WHERE stance = ?)")
            params.append(self.stance)
        if self.q and self.q.strip():
            needle = self.q.strip().lower()  # a literal substring: no LIKE wildcards to escape
            conds.append(
                "i.id IN (SELECT incident FROM mentions WHERE contains(lower(text), ?)"
                " UNION SELECT incident FROM evidence WHERE contains(lower(text), ?)"
                " UNION SELECT incident FROM stances WHERE contains(lower(evidence), ?))"
            )
            params += [needle, needle, needle]
        return (" AND ".join(conds) or "TRUE"), params

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def _date(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name} {value!r} is not a date; use ISO format YYYY-MM-DD, e.g. 2021-03-15") from None


def _rows(cur, sql: str, params: list[Any] | tuple = ()) -> list[dict[str, Any]]:
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description]
    return [{k: _plain(v) for k, v in zip(names, row)} for row in result.fetchall()]


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _order(sort: str) -> str:
    key = sort.lstrip("-")
    if key not in SORTS:
        allowed = ", ".join(sorted(SORTS) + ["-" + k for k in sorted(SORTS)])
        raise QueryError(f"sort {sort!r} is unknown; use one of {allowed}")
    return SORTS[key].format(d="DESC" if sort.startswith("-") else "ASC")


def _page(limit: int, offset: int, most: int = MAX_LIMIT) -> None:
    if not 1 <= limit <= most:
        raise QueryError(f"limit {limit} is out of range; use 1..{most}")
    if offset < 0:
        raise QueryError(f"offset {offset} is negative; use 0 or more")


def list_incidents(cur, filters: Filters, sort: str = "-date", limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """One page of incidents matching ``filters``, with the total count."""
    _page(limit, offset)
    order = _order(sort)
    where, params = filters.where()
    total = cur.execute(f"SELECT count(*) FROM incidents i WHERE {where}", params).fetchone()[0]
    items = _rows(
        cur,
        f"SELECT {LIST_COLUMNS} FROM incidents i WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        params + [limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "sort": sort, "filters": filters.as_dict(), "items": items}


def get_incident(cur, incident_id: str) -> dict[str, Any] | None:
    """The incident's export document plus links both ways, mentions, stances and evidence rows."""
    row = cur.execute("SELECT doc FROM incidents WHERE id = ?", [incident_id]).fetchone()
    if row is None:
        return None
    doc = json.loads(row[0]) if isinstance(row[0], str) else (row[0] or {})
    link_cols = "l.kind, l.article, l.start, l.\"end\", l.evidence, o.type, o.date_start, o.place, o.summary"
    return {
        "id": incident_id,
        "doc": doc,
        "responds_to": _rows(
            cur,
            f"SELECT l.target AS id, {link_cols} FROM links l LEFT JOIN incidents o ON o.id = l.target "
            "WHERE l.source = ? ORDER BY o.date_start, l.target",
            [incident_id],
        ),
        "responded_by": _rows(
            cur,
            f"SELECT l.source AS id, {link_cols} FROM links l LEFT JOIN incidents o ON o.id = l.source "
            "WHERE l.target = ? ORDER BY o.date_start, l.source",
            [incident_id],
        ),
        "mentions": _rows(
            cur,
            "SELECT m.id, m.article, m.start, m.\"end\", m.text, m.type, m.modality, a.title, a.outlet, a.published "
            "FROM mentions m LEFT JOIN articles a ON a.id = m.article WHERE m.incident = ? ORDER BY a.published, m.article, m.start",
            [incident_id],
        ),
        "stances": _rows(
            cur,
            "SELECT s.actor, s.name, s.stance, s.source_actor, s.article, s.start, s.\"end\", s.evidence, a.title, a.outlet "
            "FROM stances s LEFT JOIN articles a ON a.id = s.article WHERE s.incident = ? ORDER BY s.stance, s.actor, s.article",
            [incident_id],
        ),
        "evidence": _rows(
            cur,
            "SELECT field, article, start, \"end\", text, rule FROM evidence WHERE incident = ? ORDER BY field, article, start",
            [incident_id],
        ),
    }


def get_article(cur, article_id: str) -> dict[str, Any] | None:
    """The article's clean text and every span that produced a field, with its incident."""
    found = _rows(
        cur,
        "SELECT id, title, url, outlet, published, published_source, language, source, duplicate_of, text "
        "FROM articles WHERE id = ?",
        [article_id],
    )
    if not found:
        return None
    spans = _rows(
        cur,
        "SELECT start, \"end\", field, incident, 'evidence' AS kind FROM evidence WHERE article = $a "
        "UNION ALL SELECT start, \"end\", 'mention', incident, 'mention' FROM mentions WHERE article = $a "
        "UNION ALL SELECT start, \"end\", 'stance.' || stance, incident, 'stance' FROM stances WHERE article = $a "
        "UNION ALL SELECT start, \"end\", 'responds_to', source, 'link' FROM links WHERE article = $a "
        "ORDER BY 1, 2 DESC",
        {"a": article_id},
    )
    article = found[0]
    article["spans"] = [s for s in spans if s["start"] is not None and s["end"] is not None]
    return article


def list_actors(cur, q: str | None = None, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Actors known to the registry or involved in an incident, most involved first."""
    _page(limit, offset)
    cond, params = "TRUE", []
    if q:
        cond = "(x.id ILIKE ? ESCAPE '\\' OR coalesce(a.name, '') ILIKE ? ESCAPE '\\')"
        like = "%" + re.sub(r"([\\%_])", r"\\\1", q.strip()) + "%"
        params = [like, like]
    base = (
        "FROM (SELECT id FROM actors UNION SELECT actor FROM incident_actors WHERE actor IS NOT NULL) x "
        "LEFT JOIN actors a ON a.id = x.id "
        "LEFT JOIN (SELECT actor, count(DISTINCT incident) AS n, "
        "count(DISTINCT incident) FILTER (WHERE role = 'perpetrator') AS n_perpetrator, "
        "count(DISTINCT incident) FILTER (WHERE role = 'target') AS n_target "
        "FROM incident_actors GROUP BY actor) c ON c.actor = x.id "
        f"WHERE {cond}"
    )
    total = cur.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    items = _rows(
        cur,
        "SELECT x.id, a.name, a.type, a.country, coalesce(c.n, 0) AS incidents, "
        f"coalesce(c.n_perpetrator, 0) AS as_perpetrator, coalesce(c.n_target, 0) AS as_target {base} "
        "ORDER BY incidents DESC, x.id LIMIT ? OFFSET ?",
        params + [limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def get_actor(cur, actor_id: str, limit: int = 200) -> dict[str, Any] | None:
    """An actor with its incidents as perpetrator and as target, and the stances about it."""
    registry = _rows(cur, "SELECT id, name, type, country, aliases, parents FROM actors WHERE id = ?", [actor_id])
    involved = cur.execute("SELECT count(*) FROM incident_actors WHERE actor = ?", [actor_id]).fetchone()[0]
    if not registry and not involved:
        return None
    actor = registry[0] if registry else {"id": actor_id, "name": None, "type": None, "country": None}
    for key in ("aliases", "parents"):
        if isinstance(actor.get(key), str):
            actor[key] = json.loads(actor[key])
    cols = ", ".join("i." + c.strip() for c in LIST_COLUMNS.split(","))

    def by_role(role: str) -> list[dict[str, Any]]:
        return _rows(
            cur,
            f"SELECT {cols} FROM incidents i WHERE i.id IN "
            "(SELECT incident FROM incident_actors WHERE actor = ? AND role = ?) "
            "ORDER BY i.date_start DESC NULLS LAST, i.id LIMIT ?",
            [actor_id, role, limit],
        )

    stance_sql = (
        "SELECT s.incident, s.actor, s.name, s.stance, s.source_actor, s.article, s.start, s.\"end\", s.evidence, "
        "i.type, i.date_start, i.place FROM stances s LEFT JOIN incidents i ON i.id = s.incident "
        "WHERE {who} ORDER BY i.date_start DESC NULLS LAST, s.incident LIMIT ?"
    )
    if not actor.get("name"):
        named = cur.execute(
            "SELECT any_value(name) FROM stances WHERE actor = ? AND name IS NOT NULL", [actor_id]
        ).fetchone()
        actor["name"] = named[0] if named else None
    return {
        **actor,
        "as_perpetrator": by_role("perpetrator"),
        "as_target": by_role("target"),
        "claims": _rows(cur, stance_sql.format(who="s.actor = ? AND s.stance = 'claimed'"), [actor_id, limit]),
        "denials": _rows(cur, stance_sql.format(who="s.actor = ? AND s.stance = 'denied'"), [actor_id, limit]),
        "blamed": _rows(
            cur, stance_sql.format(who="s.actor = ? AND s.stance IN ('attributed', 'suspected')"), [actor_id, limit]
        ),
        "stances_held": _rows(cur, stance_sql.format(who="s.source_actor = ?"), [actor_id, limit]),
    }


def graph(cur, filters: Filters, limit: int = 1000) -> dict[str, Any]:
    """Incidents matching ``filters`` (most recent ``limit``) and the responds_to links among them."""
    _page(limit, 0, MAX_GRAPH_NODES)
    where, params = filters.where()
    total = cur.execute(f"SELECT count(*) FROM incidents i WHERE {where}", params).fetchone()[0]
    # pick the ids first (narrow rows sort fast), then fetch the wide columns for those only
    nodes = _rows(
        cur,
        f"SELECT {GRAPH_COLUMNS} FROM incidents i WHERE i.id IN (SELECT i.id FROM incidents i WHERE {where} "
        "ORDER BY i.date_start DESC NULLS LAST, i.id LIMIT ?) ORDER BY i.date_start DESC NULLS LAST, i.id",
        params + [limit],
    )
    edges: list[dict[str, Any]] = []
    if nodes:
        ids = [n["id"] for n in nodes]
        edges = _rows(
            cur,
            "SELECT source, target, kind, article, evidence FROM links "
            "WHERE source IN (SELECT unnest($ids)) AND target IN (SELECT unnest($ids)) ORDER BY source, target",
            {"ids": ids},
        )
    return {"total": total, "truncated": total > len(nodes), "filters": filters.as_dict(), "nodes": nodes, "edges": edges}


def stats(cur, filters: Filters) -> dict[str, Any]:
    """Counts by type, month, country and stance over the incidents matching ``filters``."""
    where, params = filters.where()
    sub = f"(SELECT * FROM incidents i WHERE {where})"

    def counts(expr: str) -> list[dict[str, Any]]:
        return _rows(cur, f"SELECT {expr} AS key, count(*) AS n FROM {sub} i GROUP BY 1 ORDER BY 1 NULLS LAST", params)

    return {
        "total": cur.execute(f"SELECT count(*) FROM {sub} i", params).fetchone()[0],
        "by_type": counts("i.type"),
        "by_family": counts("i.family"),
        "by_month": counts("strftime(i.date_start, '%Y-%m')"),
        "by_country": counts("i.country"),
        "by_stance": _rows(
            cur,
            f"SELECT s.stance AS key, count(*) AS n FROM stances s WHERE s.incident IN (SELECT id FROM {sub} i) "
            "GROUP BY 1 ORDER BY 1",
            params,
        ),
    }
