"""WARC (.warc, .warc.gz) archives: each HTML response record becomes one article
(source "path:n", n the 1-based record number in the archive).

Request, metadata and non-HTML response records (images, scripts) are not articles
and are passed over. A record that cannot be read is rejected with its number; a
broken archive ends with one ``malformed`` rejection for the rest of the file; an
archive with no HTML response at all yields one ``empty`` rejection.
"""

from __future__ import annotations

import re
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


def _page(record, charset: str | None, *, source: str, min_chars: int) -> Article | Rejected:
    try:
        body = record.content_stream().read()
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

    produced = 0
    with path.open("rb") as handle:
        records = iter(ArchiveIterator(handle))
        number = 0
        while True:
            number += 1
            try:
                record = next(records)
            except StopIteration:
                break
            except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
                produced += 1
                yield Rejected(f"{path}:{number}", "malformed", f"the archive is broken from record {number} on ({exc}); repair or re-crawl it")
                break
            is_html, charset = _html_response(record)
            if is_html:
                produced += 1
                yield _page(record, charset, source=f"{path}:{number}", min_chars=min_chars)
    if produced == 0:
        yield Rejected(str(path), "empty", "no HTML response records in the archive")
