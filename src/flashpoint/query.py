"""Read queries over the DuckDB store: the only place the API and the web UI get data.

Every query is parameterised; sort keys come from a whitelist. Functions take a
connection (or cursor) opened with :func:`connect` and return plain dicts ready for JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import importlib.util
import re
import statistics
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import duckdb

from flashpoint import country_names
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
# The writer does not keep them (``store._UNINDEXED``); the server builds them on its own
# copy of each snapshot (``prepare_snapshot``).
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
    "id, type, family, CAST(date_start AS VARCHAR) AS date_start, CAST(date_end AS VARCHAR) AS date_end, "
    "date_precision, place, country, admin1, lat, lon, location_precision, perpetrator, "
    "perpetrator_name, killed_min, killed_max, sources, summary"
)


class _Absent:
    """Makes ``import pandas`` fail at once where pandas is not installed.

    DuckDB tries that import for every parameter it binds, and a failed import searches
    sys.path again each time: half the time of a point lookup. Only import statements are
    cut short (the caller two frames up is the import machinery's loader); a probe such as
    ``importlib.util.find_spec("pandas")`` still gets its None, and on a Python whose import
    machinery differs this does nothing at all.
    """

    names: frozenset[str] = frozenset()

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name in cls.names and sys._getframe(2).f_code.co_name == "_find_and_load_unlocked":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


if not any(getattr(finder, "__qualname__", "") == "_Absent" for finder in sys.meta_path) \
        and importlib.util.find_spec("pandas") is None:
    _Absent.names = frozenset({"pandas"})
    sys.meta_path.insert(0, _Absent)


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


MAX_OFFSET = 10_000_000
MAX_VALUES = 50  # values in one multi-valued filter
MAX_COUNT = 2**62  # the largest toll a filter may ask for (BIGINT columns)


def _values(name: str, value: str | None) -> list[str]:
    """A comma-separated filter value as a list, blanks dropped."""
    if not value:
        return []
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if len(parts) > MAX_VALUES:
        raise QueryError(f"{name} has {len(parts)} values; give at most {MAX_VALUES}")
    return parts


def _in(column: str, values: list[Any]) -> tuple[str, list[Any]]:
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


@dataclass(frozen=True)
class Filters:
    """The incident filters shared by list, graph, stats and export. Strings as given by a user.

    ``type``, ``country``, ``admin1`` and ``actor`` take comma-separated values (any of them
    matches); a country is a name or a code; an actor an id, a name or an alias.
    """

    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None
    country: str | None = None
    actor: str | None = None
    stance: str | None = None
    q: str | None = None
    admin1: str | None = None
    min_killed: int | None = None
    undated: bool = False

    def countries(self) -> list[str]:
        codes = []
        for value in _values("country", self.country):
            code = country_names.code_for(value)
            if code is None:
                raise QueryError(f"country {value!r} is not a country name or ISO code; "
                                 f"see /api/suggest?field=country&q={value[:3]} for names")
            codes.append(code)
        return codes

    def where(self, cur=None) -> tuple[str, list[Any]]:
        """SQL condition over alias ``i`` (incidents) and its parameters; validates values.

        With a cursor, actor names and aliases resolve to ids; without one they are taken as ids.
        """
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
        if self.undated:
            conds.append("i.date_start IS NULL")
        types = _values("type", self.type)
        if types:
            parts = []
            for t in types:
                if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", t):
                    raise QueryError(f"type {t!r} is not a type code like 'attack.drone' or a family like 'attack'")
                parts.append("(i.type = ? OR starts_with(i.type, ?) OR i.family = ?)")
                params += [t, t + ".", t]
            conds.append("(" + " OR ".join(parts) + ")")
        codes = self.countries()
        if codes:
            sql, values = _in("i.country", codes)
            conds.append(sql)
            params += values
        admin1 = _values("admin1", self.admin1)
        if admin1:
            sql, values = _in("lower(i.admin1)", [a.lower() for a in admin1])
            conds.append(sql)
            params += values
        if self.min_killed is not None:
            if not 0 <= self.min_killed <= MAX_COUNT:
                raise QueryError(f"min_killed {self.min_killed} is out of range; use 0..{MAX_COUNT}")
            conds.append("coalesce(i.killed_min, i.killed_max) >= ?")
            params.append(self.min_killed)
        if self.stance and self.stance not in STANCES:
            raise QueryError(f"stance {self.stance!r} is unknown; use one of {', '.join(STANCES)}")
        actors = [a for v in _values("actor", self.actor) for a in (resolve_actor(cur, v) if cur is not None else [v])]
        if actors and self.stance:
            sql, values = _in("actor", actors)
            conds.append(f"i.id IN (SELECT incident FROM stances WHERE {sql} AND stance = ?)")
            params += values + [self.stance]
        elif actors:
            sql, values = _in("actor", actors)
            conds.append(f"i.id IN (SELECT incident FROM incident_actors WHERE {sql})")
            params += values
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

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) not in (None, "", False)}


def resolve_actor(cur, value: str) -> list[str]:
    """Actor ids for an id, a name or an alias (case-insensitive); the value itself if none match."""
    return sorted(_directory(cur).index.get(value.strip().lower(), ())) or [value.strip()]


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
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset {offset} is out of range; use 0..{MAX_OFFSET}")


def list_incidents(cur, filters: Filters, sort: str = "-date", limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """One page of incidents matching ``filters``, with the total count."""
    _page(limit, offset)
    order = _order(sort)
    where, params = filters.where(cur)
    total = cur.execute(f"SELECT count(*) FROM incidents i WHERE {where}", params).fetchone()[0]
    items = _rows(
        cur,
        f"SELECT {LIST_COLUMNS} FROM incidents i WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        params + [limit, offset],
    )
    _name_countries(items)
    return {"total": total, "limit": limit, "offset": offset, "sort": sort, "filters": filters.as_dict(), "items": items}


def _name_countries(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        row["country_name"] = country_names.name_of(row.get("country"))


def _parts(cur, sql: str, params: Any) -> dict[str, list[dict[str, Any]]]:
    """Rows of a UNION ALL of ``SELECT 'part', to_json(...)`` branches, grouped by part.

    One statement instead of one per table: DuckDB's cost per statement dominates these
    small lookups.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    for part, text in cur.execute(sql, params).fetchall():
        out.setdefault(part, []).append(json.loads(text))
    return out


def _sorted(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (tuple((r.get(k) is None, str(r.get(k) or "")) for k in keys), _whole(r)))


def _whole(row: dict[str, Any]) -> tuple:
    """The last sort key: every value of the row, so that rows tied on the shown keys still come
    in one order however the store returned them."""
    return tuple((v is None, str(v)) for v in row.values())


# The JSON object each detail part is made of, one per table row: the per-request query and
# the per-snapshot table (prepare_details) build them from these same expressions.
_LINK = "{{id: {other}, kind: kind, article: article, start: start, \"end\": \"end\", evidence: evidence}}"
_PART_ROWS = {  # part -> (table, column naming the incident, the row as a struct)
    "out": ("links", "source", _LINK.format(other="target")),
    "in": ("links", "target", _LINK.format(other="source")),
    "mention": ("mentions", "incident", "{id: id, article: article, start: start, \"end\": \"end\", text: text, "
                                        "type: type, modality: modality}"),
    "stance": ("stances", "incident", "{actor: actor, name: name, stance: stance, source_actor: source_actor, "
                                      "article: article, start: start, \"end\": \"end\", evidence: evidence}"),
    "evidence": ("evidence", "incident", "{field: field, article: article, start: start, \"end\": \"end\", "
                                         "text: text, rule: rule}"),
}
_REF_ROWS = {  # what a detail shows of the incidents it links to and the articles it cites
    "incident": "{key: id, type: type, date_start: CAST(date_start AS VARCHAR), place: place, summary: summary}",
    "article": "{key: id, title: title, outlet: outlet, published: CAST(published AS VARCHAR)}",
}
_DETAIL_SQL = "SELECT 'doc', CAST(doc AS VARCHAR) FROM incidents WHERE id = $id " + " ".join(
    f"UNION ALL SELECT '{part}', CAST(to_json({row}) AS VARCHAR) FROM {table} WHERE {key} = $id"
    for part, (table, key, row) in _PART_ROWS.items())
DETAIL_TABLE = "flashpoint_api_incident_parts"  # made in a server's private snapshot copy only
PREPARE_MOST = 50_000  # incidents; a larger store is served by the per-request queries


def prepare_snapshot(con) -> int:
    """What the server's private copy of a snapshot gets before it is published: the read
    indexes (``INDEXES``; the writer does not keep them, see ``store._UNINDEXED``) and the
    prepared incident details. Returns the number of incidents prepared."""
    for statement in INDEXES:
        con.execute(statement)
    return prepare_details(con)


def prepare_details(con) -> int:
    """Write every incident's detail parts into ``DETAIL_TABLE``: one row per incident holding
    its links, mentions, stances, evidence and the incidents and articles they name, as JSON.

    For a snapshot copy the server alone reads: a set-based pass over the tables costs a
    fraction of what one lookup per requested incident does, and ``get_incident`` then reads
    one row (and the document from ``incidents``) instead of running its queries. A store
    with more than ``PREPARE_MOST`` incidents is left as it is (the table would take about
    2 kB a incident). Returns the number of incidents prepared.
    """
    n = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    if n > PREPARE_MOST:
        return 0
    ctes = {f"part_{part}": f"SELECT {key} AS incident, string_agg(CAST(to_json({row}) AS VARCHAR), ',') "
                            f"AS v FROM {table} WHERE {key} IS NOT NULL GROUP BY {key}"
            for part, (table, key, row) in _PART_ROWS.items()}
    pairs = {  # incident -> the incidents it links to either way, and the articles its mentions and stances cite
        "incident": ("incidents", "SELECT source AS incident, target AS ref FROM links UNION SELECT target, source FROM links"),
        "article": ("articles", "SELECT incident, article AS ref FROM mentions UNION SELECT incident, article FROM stances"),
    }
    ctes |= {f"ref_{part}": f"SELECT r.incident, string_agg(CAST(to_json({_REF_ROWS[part]}) AS VARCHAR), ',') AS v "
                            f"FROM ({sql}) r JOIN {table} ON {table}.id = r.ref "
                            "WHERE r.incident IS NOT NULL AND r.ref <> '' GROUP BY r.incident"
             for part, (table, sql) in pairs.items()}
    text = " || ',' || ".join(f"'\"{name}\":[' || coalesce({name}.v, '') || ']'" for name in ctes)
    con.execute(f"CREATE OR REPLACE TABLE {DETAIL_TABLE} AS WITH "
                + ", ".join(f"{name} AS ({sql})" for name, sql in ctes.items())
                + f" SELECT i.id, '{{' || {text} || '}}' AS parts FROM incidents i "
                + " ".join(f"LEFT JOIN {name} ON {name}.incident = i.id" for name in ctes))
    con.execute(f"CREATE INDEX {DETAIL_TABLE}_id ON {DETAIL_TABLE}(id)")
    return n


# the incident's document and its prepared parts: two indexed reads
_PREPARED_SQL = (f"SELECT CAST(doc AS VARCHAR), (SELECT parts FROM {DETAIL_TABLE} WHERE id = $id) "
                 "FROM incidents WHERE id = $id")


def _prepared_parts(cur, incident_id: str) -> tuple[dict | None, dict]:
    row = cur.execute(_PREPARED_SQL, {"id": incident_id}).fetchone()
    if row is None:
        return None, {}
    got = json.loads(row[1] or "{}")
    parts = {"doc": [json.loads(row[0])], **{p: got.get("part_" + p, []) for p in _PART_ROWS}}
    return parts, {p: got.get("ref_" + p, []) for p in _REF_ROWS}


def _queried_parts(cur, incident_id: str) -> tuple[dict | None, dict]:
    parts = _parts(cur, _DETAIL_SQL, {"id": incident_id})
    if "doc" not in parts:
        return None, {}
    incidents = sorted({r["id"] for part in ("out", "in") for r in parts.get(part, []) if r.get("id")})
    articles = sorted({r["article"] for part in ("mention", "stance") for r in parts.get(part, []) if r.get("article")})
    found: dict[str, list[dict[str, Any]]] = {}
    if incidents or articles:
        marks = lambda xs: ", ".join("?" for _ in xs) or "NULL"  # noqa: E731
        found = _parts(
            cur,
            f"SELECT 'incident', CAST(to_json({_REF_ROWS['incident']}) AS VARCHAR) FROM incidents "
            f"WHERE id IN ({marks(incidents)}) UNION ALL SELECT 'article', CAST(to_json({_REF_ROWS['article']}) "
            f"AS VARCHAR) FROM articles WHERE id IN ({marks(articles)})",
            incidents + articles,
        )
    return parts, found


def get_incident(cur, incident_id: str) -> dict[str, Any] | None:
    """The incident's export document plus links both ways, mentions, stances and evidence rows.

    Read from ``DETAIL_TABLE`` where the store has one (a server's snapshot), else queried.
    """
    fetch = _prepared_parts if _directory(cur).prepared else _queried_parts
    parts, found = fetch(cur, incident_id)
    if parts is None:
        return None
    doc = parts["doc"][0] or {}
    answers, answered_by = parts.get("out", []), parts.get("in", [])
    mentions, stance_rows = parts.get("mention", []), parts.get("stance", [])
    others = {r.pop("key"): r for r in found.get("incident", [])}
    sources = {r.pop("key"): r for r in found.get("article", [])}
    for row in answers + answered_by:
        row.update({k: (others.get(row["id"]) or {}).get(k) for k in ("type", "date_start", "place", "summary")})
    for row in mentions:
        row.update({k: (sources.get(row["article"]) or {}).get(k) for k in ("title", "outlet", "published")})
    for row in stance_rows:
        row.update({k: (sources.get(row["article"]) or {}).get(k) for k in ("title", "outlet")})
    return {
        "id": incident_id,
        "doc": doc,
        "country_name": country_names.name_of((doc.get("location") or {}).get("country")),
        "actors": actor_names(cur, _actor_ids(doc, stance_rows)),
        "responds_to": _sorted(answers, "date_start", "id"),
        "responded_by": _sorted(answered_by, "date_start", "id"),
        "mentions": sorted(mentions, key=lambda m: (str(m.get("published") or "~"), str(m.get("article")),
                                                    m.get("start") or 0, _whole(m))),
        "stances": _sorted(stance_rows, "stance", "actor", "article"),
        "evidence": sorted(parts.get("evidence", []), key=lambda e: (str(e.get("field")), str(e.get("article")),
                                                                      e.get("start") if e.get("start") is not None else -1,
                                                                      _whole(e))),
    }


def _actor_ids(doc: dict, stance_rows: list[dict]) -> set[str]:
    ids = {(doc.get("perpetrator") or {}).get("actor")}
    ids |= {p.get("actor") for p in (doc.get("targets") or []) + (doc.get("victims") or [])}
    ids |= {r.get("actor") for r in doc.get("responsibility") or []} | {r.get("source_actor") for r in doc.get("responsibility") or []}
    ids |= {s["actor"] for s in stance_rows} | {s["source_actor"] for s in stance_rows}
    for conflict in doc.get("conflicts") or []:
        ids |= {v.get("source_actor") for v in conflict.get("values") or [] if isinstance(v, dict)}
    return {i for i in ids if isinstance(i, str) and i}


@dataclass
class _Directory:
    names: dict[str, dict[str, Any]]  # id -> {name, registered}
    index: dict[str, set[str]]  # lower-cased id, name or alias -> ids
    prepared: bool = False  # the store holds DETAIL_TABLE (a server snapshot)


_DIRECTORIES: dict[tuple, _Directory] = {}
_PATHS: dict[int, tuple[Any, str]] = {}


def _directory(cur) -> _Directory:
    """Every actor id the store knows, its display name, the names and aliases that mean it (and
    whether the store has prepared incident details).

    Built once per database file state: a read-only store does not change under a connection,
    so the key (path, size, mtime) is enough.
    """
    held = _PATHS.get(id(cur))
    if held is not None and held[0] is cur:
        path = held[1]
    else:
        path = cur.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]
        if len(_PATHS) > 512:
            _PATHS.clear()
        _PATHS[id(cur)] = (cur, path)  # the cursor is held, so its id is not reused while listed
    try:
        st = Path(path).stat()
        key = (path, st.st_size, st.st_mtime_ns)
    except (OSError, TypeError):
        key = None
    if key is not None and key in _DIRECTORIES:
        return _DIRECTORIES[key]
    names: dict[str, dict[str, Any]] = {}
    index: dict[str, set[str]] = {}

    def known_as(text: str | None, actor: str) -> None:
        if text:
            index.setdefault(text.strip().lower(), set()).add(actor)

    for actor, name in cur.execute("SELECT actor, name FROM stances WHERE actor IS NOT NULL GROUP BY ALL").fetchall():
        names.setdefault(actor, {"name": name or actor, "registered": False})
        known_as(name, actor)
    for actor, name in cur.execute("SELECT perpetrator, perpetrator_name FROM incidents WHERE perpetrator IS NOT NULL "
                                   "GROUP BY ALL").fetchall():
        known_as(name, actor)
    for (actor,) in cur.execute("SELECT DISTINCT actor FROM incident_actors WHERE actor IS NOT NULL").fetchall():
        names.setdefault(actor, {"name": actor, "registered": True})["registered"] = True
        known_as(actor, actor)
    for actor, name, aliases in cur.execute("SELECT id, name, aliases FROM actors").fetchall():
        names[actor] = {"name": name or names.get(actor, {}).get("name") or actor, "registered": True}
        for text in [actor, name, *(json.loads(aliases) if isinstance(aliases, str) else aliases or [])]:
            known_as(text, actor)
    prepared = cur.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND database_name = "
                           "current_database()", [DETAIL_TABLE]).fetchone()[0] > 0
    found = _Directory(names, index, prepared)
    if key is not None:
        if len(_DIRECTORIES) > 16:
            _DIRECTORIES.clear()
        _DIRECTORIES[key] = found
    return found


def actor_names(cur, ids: set[str]) -> dict[str, dict[str, Any]]:
    """For each id: its display name and whether an actor page exists for it.

    A stance holder the registry does not know (a bare name such as "a local official") is
    not registered: the UI shows it as text, not as a link.
    """
    names = _directory(cur).names
    return {i: names.get(i, {"name": i, "registered": False}) for i in sorted(ids)}


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

    roles: dict[str, list[dict[str, Any]]] = {"perpetrator": [], "target": []}
    for row in _rows(  # both roles in one statement: the newest ``limit`` of each
        cur,
        f"SELECT r.role AS role__, {cols} FROM incidents i JOIN (SELECT DISTINCT incident, role FROM incident_actors "
        "WHERE actor = ? AND role IN ('perpetrator', 'target')) r ON r.incident = i.id "
        "QUALIFY row_number() OVER (PARTITION BY r.role ORDER BY i.date_start DESC NULLS LAST, i.id) <= ? "
        "ORDER BY r.role, i.date_start DESC NULLS LAST, i.id",
        [actor_id, limit],
    ):
        roles[row.pop("role__")].append(row)
    stance_parts = {  # part -> which stances
        "claims": "s.actor = $a AND s.stance = 'claimed'",
        "denials": "s.actor = $a AND s.stance = 'denied'",
        "blamed": "s.actor = $a AND s.stance IN ('attributed', 'suspected')",
        "stances_held": "s.source_actor = $a",
    }
    stances: dict[str, list[dict[str, Any]]] = {part: [] for part in stance_parts}
    # newest first; the rest of the key only makes the order (and which rows reach the limit) one
    order = ("i.date_start DESC NULLS LAST, s.incident, s.stance, s.actor, s.source_actor NULLS FIRST, "
             "s.article NULLS FIRST, s.start NULLS FIRST, s.evidence NULLS FIRST")
    for row in _rows(
        cur,
        "SELECT s.*, i.type, i.date_start, i.place FROM (" + " UNION ALL ".join(
            f"SELECT '{part}' AS part__, s.incident, s.actor, s.name, s.stance, s.source_actor, s.article, s.start, "
            f"s.\"end\", s.evidence FROM stances s WHERE {who}" for part, who in stance_parts.items())
        + ") s LEFT JOIN incidents i ON i.id = s.incident"
        + f" QUALIFY row_number() OVER (PARTITION BY part__ ORDER BY {order}) <= $limit ORDER BY part__, {order}",
        {"a": actor_id, "limit": limit},
    ):
        stances[row.pop("part__")].append(row)
    if not actor.get("name"):
        named = cur.execute(
            "SELECT any_value(name) FROM stances WHERE actor = ? AND name IS NOT NULL", [actor_id]
        ).fetchone()
        actor["name"] = named[0] if named else None
    counterparts = _rows(
        cur,
        "SELECT o.actor AS id, count(DISTINCT o.incident) AS incidents FROM incident_actors me "
        "JOIN incident_actors o ON o.incident = me.incident AND o.actor <> me.actor "
        "WHERE me.actor = ? AND me.role IN ('perpetrator', 'target') AND o.role IN ('perpetrator', 'target') "
        "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 8",
        [actor_id],
    )
    names = actor_names(cur, {c["id"] for c in counterparts})
    for c in counterparts:
        c["name"] = names.get(c["id"], {}).get("name", c["id"])
    result = {
        **actor,
        "counterparts": counterparts,
        "as_perpetrator": roles["perpetrator"],
        "as_target": roles["target"],
        **stances,
    }
    ids = {r.get(k) for key in ("claims", "denials", "blamed", "stances_held") for r in result[key]
           for k in ("actor", "source_actor")}
    result["actors"] = actor_names(cur, {i for i in ids if i})
    return result


def graph(cur, filters: Filters, limit: int = 1000) -> dict[str, Any]:
    """Incidents matching ``filters`` (most recent ``limit``) and the responds_to links among them."""
    _page(limit, 0, MAX_GRAPH_NODES)
    where, params = filters.where(cur)
    total = cur.execute(f"SELECT count(*) FROM incidents i WHERE {where}", params).fetchone()[0]
    # pick the ids first (narrow rows sort fast), then fetch the wide columns for those only
    nodes = _rows(
        cur,
        f"SELECT {GRAPH_COLUMNS} FROM incidents i WHERE i.id IN (SELECT i.id FROM incidents i WHERE {where} "
        "ORDER BY i.date_start DESC NULLS LAST, i.id LIMIT ?) ORDER BY i.date_start DESC NULLS LAST, i.id",
        params + [limit],
    )
    edges: list[dict[str, Any]] = []
    if nodes:  # the node ids again as a subquery: cheaper than binding a thousand of them as a parameter
        edges = _rows(
            cur,
            f"WITH ids AS (SELECT i.id FROM incidents i WHERE {where} ORDER BY i.date_start DESC NULLS LAST, i.id LIMIT ?) "
            "SELECT source, target, kind, article, evidence FROM links "
            "WHERE source IN (SELECT id FROM ids) AND target IN (SELECT id FROM ids) ORDER BY source, target",
            params + [limit],
        )
    undated = cur.execute(f"SELECT count(*) FROM incidents i WHERE {where} AND i.date_start IS NULL", params).fetchone()[0]
    _name_countries(nodes)
    return {"total": total, "truncated": total > len(nodes), "undated": undated, "filters": filters.as_dict(),
            "nodes": nodes, "edges": edges}


_STAT_KEYS = {  # a grouping of the stats query -> what it groups by
    "total": (), "by_type": ("type",), "by_family": ("family",), "by_month": ("month",), "by_country": ("country",),
    "by_week": ("week",), "by_month_family": ("month", "fam"), "by_week_family": ("week", "fam"),
}
_STAT_COLUMNS = ("type", "family", "month", "country", "week", "fam")


def _grouping_id(columns: tuple[str, ...]) -> int:
    """DuckDB's grouping_id over _STAT_COLUMNS for a grouping: a 1 bit for each column not grouped by."""
    return sum(1 << (len(_STAT_COLUMNS) - 1 - i) for i, c in enumerate(_STAT_COLUMNS) if c not in columns)


def stats(cur, filters: Filters) -> dict[str, Any]:
    """Counts by type, month, country and stance over the incidents matching ``filters``.

    One pass over the matching incidents (grouping sets) and one over their stances.
    """
    where, params = filters.where(cur)
    rows = cur.execute(
        "WITH f AS (SELECT i.type, i.family, strftime(i.date_start, '%Y-%m') AS month, i.country, "
        "CAST(date_trunc('week', i.date_start) AS DATE) AS week, coalesce(i.family, 'other') AS fam, "
        f"coalesce(i.killed_min, i.killed_max) AS killed FROM incidents i WHERE {where}) "
        f"SELECT grouping_id({', '.join(_STAT_COLUMNS)}), {', '.join(_STAT_COLUMNS)}, count(*), "
        "coalesce(sum(killed), 0) FROM f GROUP BY GROUPING SETS ("
        + ", ".join("(" + ", ".join(cols) + ")" for cols in _STAT_KEYS.values()) + ")",
        params,
    ).fetchall()
    sets: dict[str, list[tuple]] = {name: [] for name in _STAT_KEYS}
    names = {_grouping_id(cols): name for name, cols in _STAT_KEYS.items()}
    at = {c: i + 1 for i, c in enumerate(_STAT_COLUMNS)}
    for row in rows:
        sets[names[row[0]]].append(row)

    def keyed(name: str, killed: bool = False, dated: bool = False) -> list[dict[str, Any]]:
        cols = _STAT_KEYS[name]
        out = []
        for row in sorted(sets[name], key=lambda r: tuple((r[at[c]] is None, r[at[c]] or "") for c in cols)):
            if dated and row[at[cols[0]]] is None:
                continue
            item = {"key": _plain(row[at[cols[0]]])}
            if len(cols) > 1:
                item["family"] = row[at[cols[1]]]
            item["n"] = row[-2]
            if killed:
                item["killed"] = row[-1]
            out.append(item)
        return out

    by_month = keyed("by_month")
    return {
        "total": sets["total"][0][-2] if sets["total"] else 0,
        "by_type": keyed("by_type"),
        "by_family": keyed("by_family"),
        "by_month": by_month,
        "by_country": [{**r, "name": country_names.name_of(r["key"])} for r in keyed("by_country")],
        "killed_by_month": keyed("by_month", killed=True, dated=True),
        "killed_by_week": keyed("by_week", killed=True, dated=True),
        "by_month_family": keyed("by_month_family", dated=True),
        "by_week_family": keyed("by_week_family", dated=True),
        "undated": sum(r["n"] for r in by_month if r["key"] is None),
        "by_stance": _rows(
            cur,
            f"SELECT s.stance AS key, count(*) AS n FROM stances s WHERE s.incident IN (SELECT id FROM incidents i "
            f"WHERE {where}) GROUP BY 1 ORDER BY 1",
            params,
        ),
    }


SUGGEST_FIELDS = ("country", "actor", "admin1", "type")


def suggest(cur, field: str, q: str, limit: int = 10) -> dict[str, Any]:
    """Values a user may mean by ``q`` for a filter: ``[{value, label, detail}]``, best first."""
    if field not in SUGGEST_FIELDS:
        raise QueryError(f"field {field!r} has no suggestions; use one of {', '.join(SUGGEST_FIELDS)}")
    _page(limit, 0, 50)
    text = (q or "").strip()
    items: list[dict[str, Any]] = []
    if field == "country":
        stored = dict(cur.execute("SELECT country, count(*) FROM incidents WHERE country IS NOT NULL GROUP BY 1").fetchall())
        found = country_names.suggest(text, limit=200) if text else [country_names.countries()[c]
                                                                     for c in stored if c in country_names.countries()]
        found.sort(key=lambda c: -stored.get(c.code, 0))  # stable: keeps name order among equals
        items = [{"value": c.code, "label": c.name, "detail": f"{c.code} · {stored.get(c.code, 0)} incidents"}
                 for c in found[:limit]]
    elif field == "actor":
        like = "%" + re.sub(r"([\\%_])", r"\\\1", text.lower()) + "%"
        rows = cur.execute(
            "WITH names AS ("
            " SELECT id, name, name AS matched FROM actors"
            " UNION ALL SELECT id, name, unnest(coalesce(from_json(aliases, '[\"VARCHAR\"]'), [])) FROM actors"
            " UNION ALL SELECT actor, name, name FROM stances WHERE actor IS NOT NULL AND name IS NOT NULL"
            " UNION ALL SELECT perpetrator, perpetrator_name, perpetrator_name FROM incidents WHERE perpetrator IS NOT NULL"
            " UNION ALL SELECT actor, NULL, actor FROM incident_actors WHERE actor IS NOT NULL),"
            " n AS (SELECT actor, count(DISTINCT incident) AS k FROM incident_actors GROUP BY actor) "
            "SELECT names.id, coalesce(any_value(names.name), names.id), coalesce(any_value(n.k), 0) AS k, "
            " min(CASE WHEN starts_with(lower(matched), $q) THEN 0 ELSE 1 END) AS rank, "
            " string_agg(DISTINCT matched, '; ' ORDER BY matched) FILTER (WHERE lower(matched) <> lower(coalesce(names.name, '')) AND matched <> names.id) "
            "FROM names LEFT JOIN n ON n.actor = names.id "
            "WHERE lower(matched) LIKE $like ESCAPE '\\' OR lower(names.id) LIKE $like ESCAPE '\\' "
            "GROUP BY names.id ORDER BY rank, k DESC, names.id LIMIT $limit",
            {"q": text.lower(), "like": like, "limit": limit},
        ).fetchall()
        items = [{"value": r[0], "label": r[1], "detail": f"{r[2]} incidents" + (f" · aka {r[4]}" if r[4] else "")}
                 for r in rows]
    else:
        column = "admin1" if field == "admin1" else "type"
        like = "%" + re.sub(r"([\\%_])", r"\\\1", text.lower()) + "%"
        rows = cur.execute(
            f"SELECT {column}, any_value(country), count(*) AS k FROM incidents WHERE {column} IS NOT NULL "
            f"AND lower({column}) LIKE ? ESCAPE '\\' GROUP BY 1 ORDER BY k DESC, 1 LIMIT ?",
            [like, limit],
        ).fetchall()
        items = [{"value": r[0], "label": r[0], "detail": (f"{country_names.name_of(r[1])} · " if field == "admin1" and r[1]
                                                           else "") + f"{r[2]} incidents"} for r in rows]
    return {"field": field, "q": text, "items": items}


def places(limit: int = 5000) -> dict[str, Any]:
    """Named places of the bundled gazetteer (data/places.csv), for map labels."""
    import csv

    with open(Path(__file__).parent / "data" / "places.csv", encoding="utf-8", newline="") as fh:
        rows = [{"name": r["name"], "kind": r["kind"], "country": r["country"], "lat": float(r["lat"]),
                 "lon": float(r["lon"])} for r in csv.DictReader(fh) if r.get("lat") and r.get("lon")]
    return {"items": rows[:limit]}


def incident_docs(cur, filters: Filters, most: int = 200_000) -> list[dict[str, Any]]:
    """The OUTPUT.md documents of every incident matching ``filters`` (oldest first), for export."""
    where, params = filters.where(cur)
    rows = cur.execute(
        f"SELECT doc FROM incidents i WHERE {where} ORDER BY i.date_start NULLS LAST, i.id LIMIT ?", params + [most]
    ).fetchall()
    return [json.loads(r[0]) if isinstance(r[0], str) else r[0] for r in rows]


def _below(cur, roots: list[str]) -> set[str]:
    """``roots`` and every actor under them in the registry: its parts (the United States
    holds the US military, which holds CENTCOM) and those who speak for them. Backers are
    not followed: Iran's side does not hold the militias it backs."""
    children: dict[str, set[str]] = {}
    for child, parents in cur.execute("SELECT id, parents FROM actors WHERE parents IS NOT NULL").fetchall():
        for parent in (json.loads(parents) if isinstance(parents, str) else parents) or []:
            if isinstance(parent, dict) and parent.get("relation") in ("parents", "speaks_for"):
                children.setdefault(parent["id"], set()).add(child)
    seen, todo = set(roots), list(roots)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _pair_sides(cur, a_ids: list[str], b_ids: list[str]) -> dict[str, str]:
    """Actor id -> "a" or "b": each side is its actor and everything under it. When one side
    lies inside the other (Iran and the IRGC), the inner actors belong to the inner side;
    actors under both (a group with two parents) belong to neither."""
    a_all, b_all = _below(cur, a_ids), _below(cur, b_ids)
    if set(b_ids) & a_all:
        a_all -= b_all
    elif set(a_ids) & b_all:
        b_all -= a_all
    else:
        a_all, b_all = a_all - b_all, b_all - a_all
    return {**{x: "a" for x in a_all}, **{x: "b" for x in b_all}}


def escalation(cur, actor_a: str, actor_b: str, within_days: int = 30) -> dict[str, Any]:
    """Both directions between two actors on one axis: incidents, responds_to links with lags, reciprocity.

    Each side is the named actor and the actors under it in the registry. An incident of one
    side's perpetrator belongs to the pair when the other side is involved in it (target,
    victim or stance), when it answers an incident of the other side, or when the other side
    answered it. Monthly rows are those of ``flashpoint stats`` (stats.escalation_stats) for
    the pair, with each side's members counted under its name.
    """
    from flashpoint.stats import escalation_stats

    if not 1 <= within_days <= 3650:
        raise QueryError(f"within {within_days} is out of range; use 1..3650 days")
    a_ids, b_ids = resolve_actor(cur, actor_a), resolve_actor(cur, actor_b)
    if set(a_ids) & set(b_ids):
        raise QueryError(f"{actor_a!r} and {actor_b!r} name the same actor; choose two different actors")
    sides = _pair_sides(cur, a_ids, b_ids)
    rows = cur.execute(
        "SELECT i.id, i.perpetrator, i.doc FROM incidents i WHERE i.perpetrator IN (SELECT unnest($all)) "
        "ORDER BY i.date_start NULLS LAST, i.id", {"all": sorted(sides)}).fetchall()
    side_of = {inc_id: sides[perp] for inc_id, perp, _ in rows}
    involved: dict[str, set[str]] = {}
    for inc_id, actor in cur.execute(
            "SELECT incident, actor FROM incident_actors WHERE incident IN (SELECT unnest($ids)) "
            "AND actor IN (SELECT unnest($all)) AND role <> 'perpetrator'",
            {"ids": sorted(side_of), "all": sorted(sides)}).fetchall():
        involved.setdefault(inc_id, set()).add(sides[actor])
    pairs = cur.execute("SELECT DISTINCT source, target FROM links WHERE source IN (SELECT unnest($ids)) "
                        "AND target IN (SELECT unnest($ids))", {"ids": sorted(side_of)}).fetchall()
    for source, target in pairs:
        if side_of[source] != side_of[target]:
            involved.setdefault(source, set()).add(side_of[target])
            involved.setdefault(target, set()).add(side_of[source])
    root = {"a": a_ids[0], "b": b_ids[0]}
    docs, incidents = [], []
    for inc_id, perp, raw in rows:
        side = side_of[inc_id]
        if ("b" if side == "a" else "a") not in involved.get(inc_id, ()):
            continue
        doc = json.loads(raw) if isinstance(raw, str) else raw
        docs.append(_as_sides(doc, sides, root))
        date = doc.get("date") or {}
        incidents.append({"id": inc_id, "side": side, "perpetrator": perp, "type": doc.get("type"),
                          "date_start": date.get("start"), "date_end": date.get("end"), "date_precision": date.get("precision"),
                          "place": (doc.get("location") or {}).get("name"), "summary": doc.get("summary")})
    by_id = {i["id"]: i for i in incidents}
    links = []
    for source, target in sorted(pairs):
        if source in by_id and target in by_id:
            src, dst = by_id[source], by_id[target]
            lag = None
            if src["date_start"] and dst["date_start"]:
                lag = (dt.date.fromisoformat(src["date_start"]) - dt.date.fromisoformat(dst["date_start"])).days
            links.append({"source": src["id"], "target": dst["id"], "lag_days": lag,
                          "direction": f"{src['side']}->{dst['side']}"})
    side_root = {v: k for k, v in root.items()}
    monthly = [r for r in escalation_stats(docs, within_days=within_days)
               if {r["actor"], r["against"]} == set(side_root)]
    summary = {}
    for side, other in (("a", "b"), ("b", "a")):
        mine = [r for r in monthly if r["actor"] == root[side]]
        n = sum(r["incidents"] for r in mine)
        answered = sum(round(r["reciprocity"] * r["incidents"]) for r in mine)
        lags = [link["lag_days"] for link in links if link["direction"] == f"{other}->{side}" and link["lag_days"] is not None]
        summary[side] = {"incidents": sum(1 for i in incidents if i["side"] == side), "counted": n,
                         "answered": answered, "reciprocity": (answered / n) if n else None,
                         "median_lag_days": statistics.median(lags) if lags else None}
    names = actor_names(cur, set(a_ids) | set(b_ids))
    return {
        "a": {"query": actor_a, "ids": a_ids, "name": names.get(a_ids[0], {}).get("name", actor_a)},
        "b": {"query": actor_b, "ids": b_ids, "name": names.get(b_ids[0], {}).get("name", actor_b)},
        "within_days": within_days, "incidents": incidents, "links": links, "monthly": monthly, "summary": summary,
    }


def _as_sides(doc: dict, sides: dict[str, str], root: dict[str, str]) -> dict:
    """A copy of ``doc`` whose perpetrator, targets and victims name their side's actor (the
    US military's strike counts as the United States'), for the monthly statistics."""
    def named(party: dict) -> dict:
        actor = party.get("actor")
        return {**party, "actor": root[sides[actor]]} if actor in sides else party

    return {**doc, "perpetrator": named(doc.get("perpetrator") or {}),
            "targets": [named(p) for p in doc.get("targets") or []],
            "victims": [named(p) for p in doc.get("victims") or []]}
