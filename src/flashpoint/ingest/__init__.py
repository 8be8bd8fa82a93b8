"""Ingest: read files into clean ``Article`` records, reject the rest with a reason.

    for item in read_sources(["corpus/"]):
        if isinstance(item, Article): ...
        else: log(item.reason, item.source)

Nothing is silently lost: every input file (every non-blank JSON Lines line, every
HTML response in a WARC archive) yields exactly one ``Article`` or one ``Rejected``.
Directories are walked recursively in sorted order; hidden entries (".git",
".DS_Store") and ``articles.jsonl`` metadata sidecars are not inputs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..records import Article, Rejected
from .clean import clean_text
from .dedupe import Deduplicator, signature
from .html import read_html
from .language import is_english
from .readers import content_hash, is_metadata_file, read_jsonl, read_txt
from .warc import read_warc

__all__ = [
    "read_sources", "read_file", "clean_text", "is_english", "content_hash",
    "Deduplicator", "signature", "SUFFIXES",
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
}
SUFFIXES = tuple(READERS)


def _reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):    # ".warc.gz" before ".gz"
        if name.endswith(suffix):
            return READERS[suffix]
    return None


def read_file(path: Path, *, min_chars: int = 200) -> Iterator[Article | Rejected]:
    """Read one file; any failure becomes a ``Rejected`` for it."""
    reader = _reader_for(path)
    if reader is None:
        yield Rejected(str(path), "unsupported", f"suffix not read; supported: {', '.join(SUFFIXES)}")
        return
    produced = 0
    try:
        for item in reader(path, min_chars=min_chars):
            produced += 1
            yield item
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


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, sorted, without hidden entries and metadata sidecars."""
    for path in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.is_file() and not (path.suffix.lower() == ".jsonl" and is_metadata_file(path)):
            yield path


def read_sources(paths: Iterable[str | Path], *, min_chars: int = 200) -> Iterator[Article | Rejected]:
    """Every Article and Rejected from files and directories, in a stable order."""
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = list(_walk(path))
        elif path.exists():
            if path.suffix.lower() == ".jsonl" and is_metadata_file(path):
                yield Rejected(str(path), "unsupported", "a metadata sidecar for the .txt files beside it; pass the directory instead")
                continue
            files = [path]
        else:
            yield Rejected(str(path), "unreadable", "no such file or directory; check the path")
            continue
        for file in files:
            key = file.resolve()
            if key in seen:
                continue
            seen.add(key)
            for item in read_file(file, min_chars=min_chars):
                if isinstance(item, Rejected):
                    log.debug("rejected %s: %s (%s)", item.source, item.reason, item.detail)
                yield item
