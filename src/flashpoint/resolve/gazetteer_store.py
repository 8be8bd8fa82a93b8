"""Where the gazetteer's index lives: in memory while it is built, then in a small SQLite file
under the user cache dir (``~/.cache/flashpoint``; ``FLASHPOINT_CACHE_DIR`` overrides), keyed by
package version + data file hashes. Opening the file takes milliseconds and a few MB, against
seconds and hundreds of MB to build; a missing or stale file is rebuilt on first use.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import threading
from pathlib import Path

SCHEMA = 4   # bump when Entry fields or indexing rules change
_FIELDS = ("id", "name", "kind", "country", "admin1", "admin_key", "lat", "lon", "population", "curated")


class MemoryIndex:
    """Name key -> entry numbers, as dicts (the form a fresh build has)."""

    def __init__(self):
        self.entries: list = []
        self.keys: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}
        self.skeleton: dict[str, list[int]] = {}   # consonant skeleton -> entries (fuzzy look-ups)
        self.ids: dict[str, int] = {}

    def find(self, key: str, loose: bool = False, table: str | None = None) -> list:
        mapping = getattr(self, table) if table else (self.loose if loose else self.keys)
        return [self.entries[i] for i in mapping.get(key, ())]

    def get(self, entry_id: str):
        i = self.ids.get(entry_id)
        return self.entries[i] if i is not None else None


class SqliteIndex:
    """The same lookups over a cache file; one connection per process (safe across fork)."""

    def __init__(self, path: Path, make_entry):
        self.path, self._make = path, make_entry
        self._local = threading.local()
        self._memo: dict[int, object] = {}

    def _db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _entries(self, rows) -> list:
        out = []
        for row in rows:
            entry = self._memo.get(row[0])
            if entry is None:
                if len(self._memo) > 50_000:
                    self._memo.clear()
                entry = self._memo[row[0]] = self._make(*row[1:])
            out.append(entry)
        return out

    def find(self, key: str, loose: bool = False, table: str | None = None) -> list:
        table = table or ("loose" if loose else "keys")
        rows = self._db().execute(f"SELECT e.rowid, e.* FROM {table} k JOIN entries e ON e.rowid = k.idx "
                                  "WHERE k.key = ? ORDER BY k.idx", (key,)).fetchall()
        return self._entries(rows)

    def get(self, entry_id: str):
        rows = self._db().execute("SELECT rowid, * FROM entries WHERE id = ? ORDER BY rowid LIMIT 1",
                                  (entry_id,)).fetchall()
        return self._entries(rows)[0] if rows else None

    def meta(self, name: str):
        row = self._db().execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None


def cache_dir() -> Path:
    env = os.environ.get("FLASHPOINT_CACHE_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "flashpoint"


def cache_key(files: list[Path], *versions: str) -> str:
    h = hashlib.sha256(json.dumps([SCHEMA, *versions]).encode())
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def save(index: MemoryIndex, meta: dict, path: Path) -> None:
    """Write ``index`` to ``path`` atomically (a temp file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        conn.execute(f"CREATE TABLE entries ({', '.join(_FIELDS)})")
        conn.executemany(f"INSERT INTO entries (rowid, {', '.join(_FIELDS)}) VALUES (?{', ?' * len(_FIELDS)})",
                         ((i, *(getattr(e, f) for f in _FIELDS)) for i, e in enumerate(index.entries)))
        for table, mapping in (("keys", index.keys), ("loose", index.loose), ("skeleton", index.skeleton)):
            conn.execute(f"CREATE TABLE {table} (key TEXT, idx INTEGER)")
            conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", ((k, i) for k, ids in mapping.items() for i in ids))
            conn.execute(f"CREATE INDEX {table}_key ON {table} (key)")
        conn.execute("CREATE INDEX entries_id ON entries (id)")
        conn.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
        conn.executemany("INSERT INTO meta VALUES (?, ?)", ((k, json.dumps(v)) for k, v in meta.items()))
        conn.commit()
        conn.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
