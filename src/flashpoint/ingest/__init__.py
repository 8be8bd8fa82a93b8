"""Ingest: read files into clean ``Article`` records, reject the rest with a reason.

    for item in read_sources(["corpus/"]):
        if isinstance(item, Article): ...
        else: log(item.reason, item.source)

Nothing is silently lost: every input file (every non-blank JSON Lines line, every
HTML response in a WARC archive) yields exactly one ``Article`` or one ``Rejected``.
Directories are walked recursively in sorted order; hidden entries (".git",
".DS_Store") and ``articles.jsonl`` metadata sidecars are not inputs. A folder that
cannot be listed, a broken symbolic link and anything that is not a regular file
(a FIFO, a socket) are reported as rejects, never skipped without a word. A text
longer than ``max_chars`` (Settings.max_chars) is rejected as ``too_long``, and
``id_conflict`` tells a new text under an already stored id from a duplicate.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..config import Settings
from ..errors import InputError
from ..records import Article, Rejected
from .clean import clean_text
from .dedupe import Deduplicator, signature
from .feeds import read_feed, read_xml
from .html import read_html
from .language import is_english
from .readers import content_hash, is_metadata_file, read_jsonl, read_txt
from .warc import read_warc

__all__ = [
    "read_sources", "read_file", "clean_text", "is_english", "content_hash",
    "Deduplicator", "signature", "SUFFIXES", "id_conflict",
]

log = logging.getLogger(__name__)

Reader = Callable[..., Iterator["Article | Rejected"]]
READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".jsonl": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_xml,     # only when the root element is a feed's (feeds.is_feed)
}
SUFFIXES = tuple(READERS)


def _reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):    # ".warc.gz" before ".gz"
        if name.endswith(suffix):
            return READERS[suffix]
    return None


def _bounded(item: Article | Rejected, max_chars: int) -> Article | Rejected:
    if isinstance(item, Article) and len(item.text) > max_chars:
        return Rejected(item.source or item.id, "too_long",
                        f"{len(item.text):,} characters after cleaning, more than max_chars={max_chars:,}; "
                        "split the text into articles or raise max_chars")
    return item


def id_conflict(article: Article, stored_hash: str | None) -> Rejected | None:
    """A ``Rejected("id_conflict")`` when ``article`` comes under an id already stored with
    another text (``stored_hash`` is that article's content hash); None when the id is new
    or the text is the same (then it is a plain duplicate)."""
    if stored_hash is None or stored_hash == article.content_hash:
        return None
    return Rejected(article.source or article.id, "id_conflict",
                    f"id {article.id!r} is already stored with a different text; give this text its own id "
                    "(or remove the id to use its content hash)")


def read_file(path: Path, *, min_chars: int = 200,
              max_chars: int = Settings.max_chars) -> Iterator[Article | Rejected]:
    """Read one file; any failure becomes a ``Rejected`` for it."""
    reader = _reader_for(path)
    if reader is None:
        yield Rejected(str(path), "unsupported", f"suffix not read; supported: {', '.join(SUFFIXES)}")
        return
    produced = 0
    try:
        for item in reader(path, min_chars=min_chars):
            produced += 1
            yield _bounded(item, max_chars)
    except InputError as exc:
        yield Rejected(str(path), exc.reason, str(exc))
    except OSError as exc:
        yield Rejected(str(path), "unreadable", f"{exc.strerror or exc}; check the path and its permissions")
    except Exception as exc:  # a reader bug must not end the run: record it and go on
        log.exception("reading %s failed", path)
        after = f" after {produced} records" if produced else ""
        yield Rejected(str(path), "malformed", f"reading failed{after}: {type(exc).__name__}: {exc}")
    else:
        if produced == 0:
            yield Rejected(str(path), "empty", "the file holds no records")


def _walk(root: Path, seen_dirs: set[Path] | None = None) -> Iterator[Path | Rejected]:
    """Files under ``root`` in sorted order, without hidden entries and metadata sidecars;
    a folder that cannot be listed, a broken link or a special file is a ``Rejected``."""
    seen_dirs = set() if seen_dirs is None else seen_dirs
    seen_dirs.add(root.resolve())
    try:
        entries = sorted(root.iterdir())
    except OSError as exc:
        yield Rejected(str(root), "unreadable", f"cannot list the folder ({exc.strerror or exc}); check its permissions")
        return
    for path in entries:
        if path.name.startswith("."):
            continue
        if path.is_symlink() and not path.exists():
            yield Rejected(str(path), "unreadable", f"broken symbolic link to {os.readlink(path)}; fix or remove the link")
        elif path.is_dir():
            if path.resolve() not in seen_dirs:     # a link back up the tree is walked once
                yield from _walk(path, seen_dirs)
        elif path.is_file():
            if not (path.suffix.lower() == ".jsonl" and is_metadata_file(path)):
                yield path
        else:
            yield Rejected(str(path), "unsupported", "not a regular file (a FIFO, socket or device); pass files only")


def read_sources(paths: Iterable[str | Path | Article | Rejected], *, min_chars: int = 200,
                 max_chars: int = Settings.max_chars) -> Iterator[Article | Rejected]:
    """Every Article and Rejected from files and directories, in a stable order. Records
    given among the paths (a feed item read from a URL, see watch.py) pass through."""
    seen: set[Path] = set()
    for given in paths:
        if isinstance(given, (Article, Rejected)):
            yield _bounded(given, max_chars)
            continue
        path = Path(given)
        if path.is_dir():
            files = _walk(path)
        elif path.exists():
            if path.suffix.lower() == ".jsonl" and is_metadata_file(path):
                yield Rejected(str(path), "unsupported", "a metadata sidecar for the .txt files beside it; pass the directory instead")
                continue
            files = iter([path])
        elif path.is_symlink():
            yield Rejected(str(path), "unreadable", f"broken symbolic link to {os.readlink(path)}; fix or remove the link")
            continue
        else:
            yield Rejected(str(path), "unreadable", "no such file or directory; check the path")
            continue
        for file in files:
            if isinstance(file, Rejected):
                log.debug("rejected %s: %s (%s)", file.source, file.reason, file.detail)
                yield file
                continue
            key = file.resolve()
            if key in seen:
                continue
            seen.add(key)
            for item in read_file(file, min_chars=min_chars, max_chars=max_chars):
                if isinstance(item, Rejected):
                    log.debug("rejected %s: %s (%s)", item.source, item.reason, item.detail)
                yield item
