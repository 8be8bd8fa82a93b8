"""Follow sources: poll feeds (URLs or files) and folders, ingest what is new, say what changed.

    watcher = Watcher(["https://example.org/feed.xml", "inbox/"], settings, fetch_pages=False)
    for poll in watch(watcher, every=parse_every("15m"), max_polls=None):
        for line in poll.lines: print(line)

A poll reads each source and hands only what is new to ``pipeline.run`` (one run per
poll, so one change log entry per incident):

- a feed by URL is fetched politely (``ingest.fetch.Fetcher``) with its ETag and
  Last-Modified, so an unchanged feed costs one 304; a feed file is read again when
  its size or modification time changed;
- a feed's items whose ids the database already holds are skipped before anything
  else is done with them (their pages are not fetched again);
- with ``fetch_pages`` each new item's linked page is read (trafilatura) and replaces
  the item's short description; a page that cannot be read leaves the description;
- a folder (or any other file) gives the files added or changed since the last poll.

After the run, ``PollReport.lines`` says what each new or changed incident is, and the
run's alerts go out (``watches.fire``).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .errors import UsageError
from .ingest.feeds import FeedItem, feed_items, is_feed, item_article
from .ingest.fetch import Fetcher, FetchError, page_article
from .ingest.readers import is_metadata_file
from .records import Article, Rejected
from .store import Store

log = logging.getLogger("flashpoint")

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
FEED_SUFFIXES = (".rss", ".atom", ".xml")


def parse_every(text: str) -> float:
    """Seconds in an interval written 30s, 15m, 2h or 1d (a bare number is seconds)."""
    match = _EVERY.match(text or "")
    if not match:
        raise UsageError(f"--every {text!r} is not an interval; write it as 30s, 15m, 2h or 1d")
    return float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]


def is_url(source: str) -> bool:
    return str(source).startswith(("http://", "https://"))


@dataclass
class PollReport:
    """One poll: what was read, the run it made (None when nothing was new) and what changed."""

    number: int
    new_items: int = 0                  # feed items and files handed to the run
    skipped: int = 0                    # feed items the database already held
    run: object = None                  # pipeline.RunReport
    changes: list[tuple[str, str]] = field(default_factory=list)   # (incident, created | split | updated)
    lines: list[str] = field(default_factory=list)                 # one per new or changed incident
    errors: list[str] = field(default_factory=list)                # sources that could not be read
    alerts: object = None               # watches.AlertReport


def incident_line(change: str, doc: dict) -> str:
    """``created inc_1a2b3c4d attack.drone 2024-01-28 Tower 22, JO: <summary>``"""
    date = (doc.get("date") or {}).get("start") or "undated"
    loc = doc.get("location") or {}
    place = ", ".join(p for p in (loc.get("name"), loc.get("country")) if p) or "no place"
    summary = " ".join((doc.get("summary") or "").split())
    if len(summary) > 120:
        summary = summary[:117] + "..."
    return f"{change:<7} {doc['id']} {doc.get('type')} {date} {place}: {summary}"


class Watcher:
    """The sources of one ``flashpoint watch`` and what it has seen of them."""

    def __init__(self, sources: list[str], settings: Settings, *, fetch_pages: bool = False,
                 fetcher: Fetcher | None = None, post=None):
        missing = [s for s in sources if not is_url(s) and not Path(s).exists()]
        if missing:
            raise UsageError(f"no such file or directory: {', '.join(missing)}; give feed URLs, files or folders")
        self.sources, self.settings, self.fetch_pages = list(sources), settings, fetch_pages
        self.fetcher = fetcher or Fetcher()
        self.post = post
        self._validators: dict[str, tuple[str | None, str | None]] = {}   # url -> (etag, last-modified)
        self._stamps: dict[Path, tuple[int, int]] = {}                     # file -> (size, mtime_ns)
        self.polls = 0

    # -- reading sources ----------------------------------------------------------
    def _changed(self, path: Path) -> bool:
        try:
            st = path.stat()
        except OSError:
            return True     # let the reader report it
        stamp = (st.st_size, st.st_mtime_ns)
        if self._stamps.get(path) == stamp:
            return False
        self._stamps[path] = stamp
        return True

    def _feed_url(self, url: str) -> list[FeedItem]:
        etag, modified = self._validators.get(url, (None, None))
        page = self.fetcher.get(url, etag=etag, modified=modified)
        if page is None:
            raise FetchError(f"robots.txt of {url} forbids reading it")
        if page.status == 304:
            return []
        self._validators[url] = (page.headers.get("etag"), page.headers.get("last-modified"))
        return feed_items(page.body, source=url)

    def _folder(self, root: Path) -> list[Path]:
        """Files under ``root`` added or changed since the last poll (the folder itself when
        an ``articles.jsonl`` sidecar changed: its .txt files take new metadata)."""
        changed = []
        for path in sorted(root.rglob("*")):
            if any(part.startswith(".") for part in path.relative_to(root).parts) or not path.is_file():
                continue
            if self._changed(path):
                if path.suffix.lower() == ".jsonl" and is_metadata_file(path):
                    return [root]
                changed.append(path)
        return changed

    def _is_feed_file(self, path: Path) -> bool:
        if path.suffix.lower() not in FEED_SUFFIXES:
            return False
        try:
            with path.open("rb") as fh:
                return is_feed(fh.read(8192))
        except OSError:
            return False

    def _collect(self, report: PollReport) -> tuple[list[FeedItem], list[Path]]:
        items: list[FeedItem] = []
        paths: list[Path] = []
        for source in self.sources:
            try:
                if is_url(source):
                    items.extend(self._feed_url(source))
                    continue
                path = Path(source)
                if path.is_dir():
                    for found in self._folder(path):
                        if found.is_file() and self._is_feed_file(found):
                            items.extend(feed_items(found.read_bytes(), source=str(found)))
                        else:
                            paths.append(found)
                elif self._changed(path):
                    if self._is_feed_file(path):
                        items.extend(feed_items(path.read_bytes(), source=str(path)))
                    else:
                        paths.append(path)
            except (FetchError, OSError) as exc:
                report.errors.append(f"{source}: {exc}")
            except Exception as exc:   # a malformed feed must not stop the watch
                report.errors.append(f"{source}: {type(exc).__name__}: {exc}")
        return items, paths

    def _new_items(self, items: list[FeedItem], report: PollReport) -> list[FeedItem]:
        ids = sorted({i.id for i in items if i.id})
        stored: set[str] = set()
        if ids and Path(self.settings.db_path).exists():
            with Store(self.settings.db_path) as store:
                stored = set(store.stored_states(ids))
        fresh, seen = [], set()
        for item in items:
            if item.id and (item.id in stored or item.id in seen):
                report.skipped += 1
                continue
            seen.add(item.id)
            fresh.append(item)
        return fresh

    def _articles(self, items: list[FeedItem]) -> list[Article | Rejected]:
        min_chars = self.settings.min_chars
        if self.fetch_pages:
            return [page_article(self.fetcher, item, min_chars=min_chars) for item in items]
        return [item_article(item, min_chars=min_chars) for item in items]

    # -- one poll -------------------------------------------------------------------
    def poll(self, progress: Callable[[int, int], None] | None = None) -> PollReport:
        from . import watches
        from .pipeline import run

        self.polls += 1
        report = PollReport(number=self.polls)
        items, paths = self._collect(report)
        records = self._articles(self._new_items(items, report))
        report.new_items = len(records) + len(paths)
        if not records and not paths:
            return report
        report.run = run([*records, *paths], self.settings, progress=progress)
        with Store(self.settings.db_path) as store:
            report.changes = watches.run_changes(store, report.run.run_id)
            docs = store.incident_docs_by_id([i for i, _ in report.changes])
        report.lines = [incident_line(change, json.loads(docs[i])) for i, change in report.changes if i in docs]
        report.alerts = watches.fire(self.settings.db_path, report.run.run_id, post=self.post)
        return report


def watch(watcher: Watcher, *, every: float, max_polls: int | None = None,
          sleep: Callable[[float], None] = time.sleep, progress=None) -> Iterator[PollReport]:
    """Poll every ``every`` seconds, ``max_polls`` times (None: until interrupted)."""
    done = 0
    while True:
        started = time.monotonic()
        yield watcher.poll(progress=progress)
        done += 1
        if max_polls is not None and done >= max_polls:
            return
        sleep(max(0.0, every - (time.monotonic() - started)))
