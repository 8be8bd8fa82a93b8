"""Grow a stored corpus by copying it: bulk inserts, no extraction, no fusion.

    replicate(db, n_articles)     # the store at ``db`` (fused) grows to n_articles

Each copy ``k`` renames every article, mention and incident (``-c{k}`` appended), moves
every date (SQL columns and the dates inside JSON documents) back by ``k`` times the
span of the stored corpus plus a margin, so copies precede one another in time as the
history of a feed followed for years would (the density of events per day stays that
of the base, and the base stays the most recent part: new articles arrive there); gives
each article its own content hash and MinHash signature (the base's, mixed with the
copy number, as distinct texts would have: no copy is a near-duplicate of another),
and names the person victims apart (``~c{k}``) so a person is the victim of the
events of one copy only. Copies are therefore fused independently: no pair of
mentions from two copies is ever compared (``fuse.could_pair``: windows apart, other
articles, other persons), and the base's incidents, links and evidence are copied as
they are. ``check_partition`` confirms it against a fusion of the whole store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pyarrow as pa

MARGIN_DAYS = 400   # more than the longest window (a year) plus slack

_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

# column -> how a copy changes it
ID, DATE, JSON = "id", "date", "json"
TABLES = {
    "articles": {"id": ID, "published": DATE, "lead": ID, "duplicate_of": ID, "content_hash": "hash",
                 "signature": "signature"},
    "mentions": {"id": ID, "incident": ID, "article": ID, "doc": JSON, "date_start": DATE, "win_lo": DATE,
                 "win_hi": DATE, "best": ID, "persons": "persons", "evidence": "evidence"},
    "incidents": {"id": ID, "date_start": DATE, "date_end": DATE, "doc": JSON, "profile": JSON,
                  "split_from": ID},
    "stances": {"incident": ID, "article": ID},
    "evidence": {"incident": ID, "article": ID},
    "incident_actors": {"incident": ID},
    "links": {"source": ID, "target": ID, "article": ID},
    "link_keys": {"incident": ID, "key": "link_key", "day": DATE},
}


class _Template:
    """A JSON document split around the strings a copy changes (ids, ISO dates, person
    keys, and country codes when ``countries`` names some), so each copy is one join."""

    def __init__(self, text: str, ids: set[str], persons: set[str], countries: frozenset[str] = frozenset()):
        self.parts: list = []
        last = 0
        for m in _QUOTED.finditer(text):
            value = m.group(1)
            kind = ID if value in ids else DATE if _ISO.fullmatch(value) else "person" if value in persons else \
                "country" if value in countries else None
            if kind:
                self.parts.append(text[last:m.start(1)])
                self.parts.append((kind, value))
                last = m.end(1)
        self.parts.append(text[last:])

    def render(self, suffix: str, days: dt.timedelta, countries: dict[str, str] | None = None) -> str:
        out = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
            elif p[0] == ID:
                out.append(p[1] + suffix)
            elif p[0] == DATE:
                out.append((dt.date.fromisoformat(p[1]) + days).isoformat())
            elif p[0] == "country":
                out.append((countries or {}).get(p[1], p[1]))
            else:
                out.append(p[1] + "~" + suffix[1:])
        return "".join(out)


def _person_keys(docs: list[str]) -> set[str]:
    keys = set()
    for doc in docs:
        for v in json.loads(doc).get("victims") or []:
            if v.get("type") == "person":
                keys.add(v.get("id") or v.get("name"))
    return {k for k in keys if k}


def _mix(value: int, k: int) -> int:
    return int.from_bytes(hashlib.blake2b(f"{value}:{k}".encode(), digest_size=4).digest(), "big")


def copies_for(con, n_articles: int) -> int:
    """Whole copies that bring the store nearest to ``n_articles`` (at least the base)."""
    base = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    return max(1, round(n_articles / base)) - 1


def replicate(con, copies: int) -> None:
    """Add ``copies`` whole copies of the stored corpus (see the module docstring)."""
    from flashpoint.ingest.dedupe import band_keys, lsh_bands

    lo, hi = con.execute("SELECT min(published), max(published) FROM articles").fetchone()
    span = (hi - lo).days + MARGIN_DAYS
    ids: set[str] = set()
    for table in ("articles", "mentions", "incidents"):
        ids |= {r[0] for r in con.execute(f"SELECT id FROM {table}").fetchall()}
    persons = _person_keys([r[0] for r in con.execute("SELECT doc FROM mentions").fetchall()])
    victims = {"v:" + p.lower() for p in persons}   # their evidence keys (fuse.evidence_keys)
    bands, rows_per_band = lsh_bands(0.8)
    base = {}
    for table, rules in TABLES.items():
        result = con.execute(f"SELECT * FROM {table}").fetch_arrow_table()
        rows = result.to_pylist()
        for row in rows:
            for col, rule in rules.items():
                if rule == JSON and row[col] is not None:
                    row[col] = _Template(row[col], ids, persons)
        base[table] = (result.schema, rows)
    for k in range(1, copies + 1):
        suffix, days = f"-c{k}", dt.timedelta(days=-k * span)
        for table, rules in TABLES.items():
            schema, rows = base[table]
            out = [_copy_row(row, rules, k, suffix, days, victims) for row in rows]
            _insert(con, table, out, schema)
            if table == "articles":
                _insert(con, "article_bands", [{"article": r["id"], "band": b, "key": key} for r in out if r["signature"]
                                               for b, key in enumerate(band_keys(r["signature"], bands, rows_per_band))])
        con.execute("INSERT INTO changes SELECT coalesce((SELECT max(seq) FROM changes), 0)"
                    " + row_number() OVER (ORDER BY id), now()::TIMESTAMP, 'replicate', id, 'created', NULL"
                    " FROM incidents WHERE id LIKE ?", [f"%{suffix}"])


def _copy_row(row: dict, rules: dict, k: int, suffix: str, days: dt.timedelta,
              victims: frozenset[str] | set[str] = frozenset()) -> dict:
    new = dict(row)
    for col, rule in rules.items():
        v = row[col]
        if v is None:
            continue
        if rule == ID:
            new[col] = v + suffix
        elif rule == DATE:
            new[col] = v + days
        elif rule == JSON:
            new[col] = v.render(suffix, days)
        elif rule == "hash":
            new[col] = hashlib.sha1(f"{v}{suffix}".encode()).hexdigest()
        elif rule == "signature":
            new[col] = [_mix(x, k) for x in v]
        elif rule == "link_key":
            new[col] = v + suffix if row["kind"] == "mention" else v
        elif rule == "persons":
            new[col] = "|" + "|".join(f"{p}~c{k}" for p in v.strip("|").split("|")) + "|"
        elif rule == "evidence":
            new[col] = sorted(f"{key}~c{k}" if key in victims else key for key in v)
    return new


def _insert(con, table: str, rows: list[dict], schema: pa.Schema | None = None) -> None:
    if not rows:
        return
    arrow = pa.Table.from_pylist(rows, schema=schema) if schema is not None else pa.Table.from_pylist(rows)
    con.register("_copy", arrow)
    cols = ", ".join(f'"{c}"' for c in arrow.column_names)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _copy")
    con.unregister("_copy")


def partition(con) -> list[tuple[str, ...]]:
    rows = con.execute("SELECT list(id ORDER BY id) FROM mentions WHERE incident IS NOT NULL GROUP BY incident")
    return sorted(tuple(r[0]) for r in rows.fetchall())
