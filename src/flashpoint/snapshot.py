"""Read a DuckDB store that another process may be writing: from a private snapshot copy.

DuckDB lets one process write a file and, while it does, no other process may open it.
So the server never opens the live file: it copies it (with its WAL, replayed into the
copy) and reads the copy. When the live file changes and no write is in progress (no WAL
beside it, and nothing changed while copying), a fresh copy replaces the old one; until
then, and whenever a copy fails, the last good snapshot keeps answering.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flashpoint.errors import StoreError


def _signature(path: Path) -> tuple:
    """What changes when the file is written: size and mtime of the file and of its WAL."""
    out = []
    for p in (path, Path(str(path) + ".wal")):
        try:
            st = p.stat()
            out.append((st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


@dataclass
class Snapshot:
    version: int
    con: duckdb.DuckDBPyConnection
    path: Path
    signature: tuple


class SnapshotStore:
    """The current snapshot of ``db_path``; checks for a newer one at most every ``poll_s`` seconds."""

    def __init__(self, db_path: str | Path, poll_s: float = 0.5, threads: int | None = None) -> None:
        self.db_path = Path(db_path)
        # concurrency comes from requests running side by side; one DuckDB thread per query
        # costs least CPU for the small queries the API runs (FLASHPOINT_DB_THREADS to change)
        self.threads = threads or int(os.environ.get("FLASHPOINT_DB_THREADS", "1"))
        self.poll_s = poll_s
        self.dir = Path(tempfile.mkdtemp(prefix="flashpoint-snapshot-"))
        weakref.finalize(self, shutil.rmtree, str(self.dir), True)  # removed at exit even without close()
        self.lock = threading.Lock()
        self.current: Snapshot | None = None
        self.retired: list[Snapshot] = []
        self.checked = 0.0
        self.version = 0
        self.local = threading.local()

    # -- public ------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The newest good snapshot (taking one first if there is none yet)."""
        now = time.monotonic()
        if self.current is None or now - self.checked >= self.poll_s:
            with self.lock:
                if self.current is None or time.monotonic() - self.checked >= self.poll_s:
                    self._refresh()
                    self.checked = time.monotonic()
        return self.current

    def cursor(self):
        """A cursor on the current snapshot, one per thread, reused while the snapshot lasts."""
        snap = self.snapshot()
        held = getattr(self.local, "held", None)
        if held is None or held[0] != snap.version:
            held = (snap.version, snap.con.cursor())
            self.local.held = held
        return held[1]

    def close(self) -> None:
        with self.lock:
            for snap in [*self.retired, *([self.current] if self.current else [])]:
                try:
                    snap.con.close()
                except duckdb.Error:
                    pass
            self.current, self.retired = None, []
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- internals ---------------------------------------------------------------------

    def _refresh(self) -> None:
        if not self.db_path.is_file():
            if self.current is None:
                raise StoreError(f"database {self.db_path} does not exist: build it first with "
                                 f"`flashpoint run SOURCES --db {self.db_path}`")
            return
        sig = _signature(self.db_path)
        if self.current is not None and sig == self.current.signature:
            return
        writing = sig[1] is not None and sig[1][0] > 0
        if self.current is not None and writing:
            return  # a writer is mid-run: keep serving the last good state
        try:
            snap = self._take(sig)
        except (OSError, duckdb.Error) as exc:
            if self.current is None:
                raise StoreError(f"cannot read {self.db_path} ({exc}); is it a Flashpoint database?") from exc
            return
        if snap is None:
            return
        if self.current is not None:
            self.retired.append(self.current)
        self.current = snap
        while len(self.retired) > 2:  # requests still running on an old one finish first
            old = self.retired.pop(0)
            try:
                old.con.close()
            except duckdb.Error:
                pass
            _remove(old.path)

    def _take(self, sig: tuple) -> Snapshot | None:
        self.version += 1
        target = self.dir / f"snap-{self.version}.duckdb"
        shutil.copyfile(self.db_path, target)
        wal = Path(str(self.db_path) + ".wal")
        if wal.exists():
            try:
                shutil.copyfile(wal, str(target) + ".wal")
            except FileNotFoundError:
                pass
        if _signature(self.db_path) != sig and self.current is not None:
            _remove(target)
            return None  # changed while copying: try again on a later request
        # replay any WAL into the private copy, then read it read-only
        con = duckdb.connect(str(target))
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()
        # an index probe that returns thousands of rows is slower than a scan: cap it
        con = duckdb.connect(str(target), read_only=True, config={"threads": self.threads, "index_scan_max_count": 64})
        try:
            con.execute("SELECT count(*) FROM incidents").fetchone()
        except duckdb.Error:
            con.close()
            _remove(target)
            raise
        return Snapshot(self.version, con, target, sig)


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + ".wal")):
        try:
            os.remove(p)
        except FileNotFoundError:
            pass
