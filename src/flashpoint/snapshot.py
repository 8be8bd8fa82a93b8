"""Read a DuckDB store that another process may be writing: from a private snapshot copy.

DuckDB lets one process write a file and, while it does, no other process may open it.
So the server never opens the live file: it copies it (with its WAL, replayed into the
copy) and reads the copy. When the live file changes and no write is in progress (no WAL
beside it, and nothing changed while copying), a fresh copy replaces the old one; until
then, and whenever a copy fails, the last good snapshot keeps answering. Fresh copies are
taken by a background thread, so no request waits for one (only the very first).

A ``prepare`` function may add tables to each private copy before it is published (the
API writes its incident details there, see ``query.prepare_details``); the snapshot is
marked ``prepared`` when it returns something true. If it fails, the copy is published as
it is.
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
from typing import Callable

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
    prepared: bool = False


class SnapshotStore:
    """The current snapshot of ``db_path``; checks for a newer one at most every ``poll_s`` seconds."""

    def __init__(self, db_path: str | Path, poll_s: float = 0.5, threads: int | None = None,
                 prepare: Callable[[duckdb.DuckDBPyConnection], object] | None = None) -> None:
        self.db_path = Path(db_path)
        self.prepare = prepare
        # concurrency comes from requests running side by side; one DuckDB thread per query
        # costs least CPU for the small queries the API runs (FLASHPOINT_DB_THREADS to change)
        self.threads = threads or int(os.environ.get("FLASHPOINT_DB_THREADS", "1"))
        self.poll_s = poll_s
        self.dir = Path(tempfile.mkdtemp(prefix="flashpoint-snapshot-"))
        weakref.finalize(self, shutil.rmtree, str(self.dir), True)  # removed at exit even without close()
        self.lock = threading.RLock()
        self.current: Snapshot | None = None
        self.retired: list[Snapshot] = []
        self.checked = 0.0
        self.version = 0
        self.local = threading.local()
        self.refreshing = False  # a background thread is taking a fresh copy
        self.closed = False

    # -- public ------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The newest good snapshot (taking one first if there is none yet).

        At most every ``poll_s`` seconds a request checks whether the file changed (two stats);
        if it did, a background thread copies it while this and later requests go on with the
        current snapshot.
        """
        if self.current is None:
            with self.lock:
                if self.current is None:
                    self._refresh()
                    self.checked = time.monotonic()
            return self.current
        if time.monotonic() - self.checked >= self.poll_s and not self.refreshing:
            with self.lock:
                if not self.refreshing and time.monotonic() - self.checked >= self.poll_s and not self.closed:
                    self.checked = time.monotonic()
                    sig = _signature(self.db_path)
                    if sig != self.current.signature and not _writing(sig):
                        self.refreshing = True
                        threading.Thread(target=self._refresh_in_background, name="flashpoint-snapshot",
                                         daemon=True).start()
        return self.current

    def cursor(self, snap: Snapshot | None = None):
        """A cursor on ``snap`` (the current snapshot by default), one per thread, reused while it lasts."""
        snap = snap or self.snapshot()
        held = getattr(self.local, "held", None)
        if held is None or held[0] != snap.version:
            held = (snap.version, snap.con.cursor())
            self.local.held = held
        return held[1]

    def close(self) -> None:
        with self.lock:
            self.closed = True
            for snap in [*self.retired, *([self.current] if self.current else [])]:
                try:
                    snap.con.close()
                except duckdb.Error:
                    pass
            self.current, self.retired = None, []
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- internals ---------------------------------------------------------------------

    def _refresh_in_background(self) -> None:
        try:
            self._refresh()
        except Exception:  # noqa: BLE001 - the last good snapshot keeps answering; a later poll retries
            pass
        finally:
            self.refreshing = False

    def _refresh(self) -> None:
        if not self.db_path.is_file():
            if self.current is None:
                raise StoreError(f"database {self.db_path} does not exist: build it first with "
                                 f"`flashpoint run SOURCES --db {self.db_path}`")
            return
        sig = _signature(self.db_path)
        if self.current is not None and sig == self.current.signature:
            return
        if self.current is not None and _writing(sig):
            return  # a writer is mid-run: keep serving the last good state
        try:
            snap = self._take(sig)
        except (OSError, duckdb.Error) as exc:
            if self.current is None:
                raise StoreError(f"cannot read {self.db_path} ({exc}); is it a Flashpoint database?") from exc
            return
        if snap is None:
            return
        with self.lock:
            if self.closed:
                _close(snap)
                return
            if self.current is not None:
                self.retired.append(self.current)
            self.current = snap
            while len(self.retired) > 2:  # requests still running on an old one finish first
                _close(self.retired.pop(0))

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
        # replay any WAL into the private copy, add what the reader prepares, then read it read-only
        con = duckdb.connect(str(target))
        prepared = False
        try:
            con.execute("CHECKPOINT")
            if self.prepare is not None:
                prepared = self._prepare(con)
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
        return Snapshot(self.version, con, target, sig, prepared)

    def _prepare(self, con: duckdb.DuckDBPyConnection) -> bool:
        try:
            con.execute("BEGIN")
            done = self.prepare(con)
            con.execute("COMMIT")
            return bool(done)
        except duckdb.Error:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            return False  # served without: the reader's queries work on the plain tables


def _writing(sig: tuple) -> bool:
    """A WAL with something in it: a writer is mid-run (or crashed; its next run replays it)."""
    return sig[1] is not None and sig[1][0] > 0


def _close(snap: Snapshot) -> None:
    try:
        snap.con.close()
    except duckdb.Error:
        pass
    _remove(snap.path)


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + ".wal")):
        try:
            os.remove(p)
        except FileNotFoundError:
            pass
