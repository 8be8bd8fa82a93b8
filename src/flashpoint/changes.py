"""What changed, and where an old id lives now: reads over the change log and redirects.

    changes_since(cur, "2024-05-01T00:00")   # [{seq, changed_at, run, incident, change, other}, ...]
    resolve_id(cur, "inc_1a2b3c4d")          # the live id, following merged_into; None if unknown

Each takes any DuckDB connection or cursor (the API passes its read cursor, the store
its connection). ``change`` is created | updated | merged | split | deleted; ``other``
names the survivor of a merge and the parent of a split. Times are UTC.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from .errors import StoreError

FIELDS = ("seq", "changed_at", "run", "incident", "change", "other")


def _moment(since) -> dt.datetime:
    if isinstance(since, dt.datetime):
        return since
    if isinstance(since, dt.date):
        return dt.datetime.combine(since, dt.time())
    try:
        return dt.datetime.fromisoformat(str(since))
    except ValueError:
        raise StoreError(f"since={since!r} is not a time; write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC)") from None


def changes_since(cur, since, limit: int | None = None) -> list[dict]:
    """Changes logged strictly after ``since``, oldest first (at most ``limit``)."""
    sql = f"SELECT {', '.join(FIELDS)} FROM changes WHERE changed_at > ? ORDER BY seq"
    params: list = [_moment(since)]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    try:
        rows = cur.execute(sql, params).fetchall()
    except duckdb.CatalogException:   # a database written before the change log existed
        return []
    return [dict(zip(FIELDS, row)) for row in rows]


def resolve_id(cur, incident_id: str) -> str | None:
    """The live incident ``incident_id`` names, following ``merged_into`` redirects."""
    seen: set[str] = set()
    current = incident_id
    while current not in seen:
        seen.add(current)
        if cur.execute("SELECT 1 FROM incidents WHERE id = ?", [current]).fetchone():
            return current
        try:
            row = cur.execute("SELECT merged_into FROM redirects WHERE id = ?", [current]).fetchone()
        except duckdb.CatalogException:
            return None
        if row is None:
            return None
        current = row[0]
    return None
