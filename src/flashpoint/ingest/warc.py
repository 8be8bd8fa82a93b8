"""WARC (.warc, .warc.gz) archives: each HTML response record becomes one article
(source "path:n", n the 1-based record number in the archive).

Request, metadata and non-HTML response records (images, scripts) are not articles
and are passed over. A record that cannot be read is rejected with its number; a
broken archive ends with one ``malformed`` rejection for the rest of the file; an
archive with no HTML response at all yields one ``empty`` rejection.

Nothing cut short passes as complete: a record whose body ends before its
Content-Length is rejected as ``truncated`` (not ingested cut mid-word), and a gzip
archive whose compressed stream stops early ends with one ``truncated`` rejection
for the records it lost, and so does a plain archive cut inside a record's header:
the archive reader itself stops at either without a word.
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..records import Article, Rejected
from .html import decode_html, extract_page
from .readers import parse_published

_CHARSET = re.compile(r"charset=([\w-]+)", re.IGNORECASE)
HTML_TYPES = ("text/html", "application/xhtml+xml")


def _html_response(record) -> tuple[bool, str | None]:
    """Whether a WARC record is an HTML response, and the charset its header declares."""
    if record.rec_type != "response":
        return False, None
    headers = record.http_headers
    content_type = (headers.get_header("Content-Type") if headers else None) or ""
    if not content_type:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if not any(t in content_type.lower() for t in HTML_TYPES):
        return False, None
    match = _CHARSET.search(content_type)
    return True, match.group(1) if match else None


def gzip_complete(path: Path) -> bool:
    """Whether a gzip file decompresses to its end-of-stream marker (a file that is not
    gzip at all counts as complete: it has nothing to be cut from)."""
    with path.open("rb") as handle:
        if handle.read(2) != b"\x1f\x8b":
            return True
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return False
    return True


def _cut_short(record) -> bool:
    """Read a record we pass over to its end; whether it ended before its Content-Length."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    return bool(getattr(stream, "limit", 0))


def _page(record, charset: str | None, *, source: str, min_chars: int) -> Article | Rejected:
    try:
        body = record.content_stream().read()
        missing = getattr(record.raw_stream, "limit", 0)
        if missing:
            return Rejected(source, "truncated", f"the record ends {missing} bytes short of its Content-Length "
                                                 f"({record.length}); the archive was cut: re-crawl or repair it")
        return extract_page(
            decode_html(body, charset, "record"),
            source=source,
            min_chars=min_chars,
            url=record.rec_headers.get_header("WARC-Target-URI"),
            fallback_date=parse_published(record.rec_headers.get_header("WARC-Date")),
        )
    except InputError as exc:
        return Rejected(source, exc.reason, str(exc))
    except Exception as exc:  # one bad record never ends the archive
        return Rejected(source, "malformed", f"record unreadable ({type(exc).__name__}: {exc})")


def read_warc(path: Path, *, min_chars: int) -> Iterator[Article | Rejected]:
    """Every HTML response in the archive as an Article or a Rejected; source is "path:record number"."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    produced, cut, left_over = 0, False, b""
    with path.open("rb") as handle:
        archive = ArchiveIterator(handle)
        records = iter(archive)
        number = 0
        while True:
            number += 1
            try:
                record = next(records)
            except StopIteration:
                break
            except (ArchiveLoadFailed, ValueError, OSError, EOFError, AttributeError) as exc:  # warcio on a cut header
                produced, cut = produced + 1, True
                reason = "malformed" if gzip_complete(path) else "truncated"
                yield Rejected(f"{path}:{number}", reason, f"the archive is broken from record {number} on ({exc}); repair or re-crawl it")
                break
            is_html, charset = _html_response(record)
            if is_html:
                produced += 1
                item = _page(record, charset, source=f"{path}:{number}", min_chars=min_chars)
                cut = cut or (isinstance(item, Rejected) and item.reason == "truncated")
                yield item
            elif _cut_short(record):   # not a page, or its HTTP headers were cut: it was still an input
                produced, cut = produced + 1, True
                yield Rejected(f"{path}:{number}", "truncated", f"record {number} ends before its Content-Length "
                                                                f"({record.length}); the archive was cut: re-crawl or repair it")
        if not cut:   # bytes after the last whole record: a record whose header was cut, which warcio passes over
            handle.seek(archive.offset)
            left_over = handle.read(4096).strip()
    if not cut and (left_over or path.name.lower().endswith(".gz") and not gzip_complete(path)):
        produced += 1
        yield Rejected(f"{path}:{number}", "truncated", f"the archive is cut short near record {max(number - 1, 1)}: "
                                                        "what followed is lost; re-crawl or repair the archive")
    if produced == 0:
        yield Rejected(str(path), "empty", "no HTML response records in the archive")
