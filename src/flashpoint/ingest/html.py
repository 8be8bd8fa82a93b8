"""HTML pages to Articles with trafilatura (main text, title, date, url, site name)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterator

from ..errors import EmptyInput, MalformedRecord, NotUTF8
from ..records import Article, Rejected
from .readers import build_article, check_not_binary, decode_utf8, parse_published

# Dates only from the page's markup and URL: the extensive search turns a footer's
# "Copyright 2019" into 2019-01-01, which would anchor every relative date wrongly.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def decode_html(data: bytes, declared: str | None = None, what: str = "page") -> str:
    """UTF-8 first, then the charset the HTTP header or a <meta> tag declares."""
    try:
        return decode_utf8(data, what)
    except NotUTF8:
        match = _META_CHARSET.search(data[:4096])
        charset = declared or (match.group(1).decode("ascii") if match else None)
        if not charset:
            raise
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise NotUTF8(f"{what} is neither UTF-8 nor its declared charset {charset!r} ({exc})") from exc


def extract_page(
    html: str,
    *,
    source: str,
    min_chars: int,
    url: str | None = None,
    fallback_date: dt.date | None = None,
) -> Article | Rejected:
    """Main text and metadata of one HTML page; ``fallback_date`` (e.g. WARC-Date) when the page has none."""
    import trafilatura  # imported here: only HTML and WARC inputs pay for it

    if not html.strip():
        raise EmptyInput("page is empty")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params=DATE_PARAMS,
        )
    except Exception as exc:  # trafilatura raises many types on broken markup
        raise MalformedRecord(f"trafilatura could not parse the page ({type(exc).__name__}: {exc})") from exc
    if doc is None or not (doc.text or "").strip():
        return Rejected(source, "empty", "no main text found in the page")
    title = (doc.title or "").strip() or None
    text = doc.text
    lines = text.split("\n")
    if title and lines and " ".join(lines[0].split()) == " ".join(title.split()):
        text = "\n".join(lines[1:])              # the headline is kept in title, not in text
    published = parse_published(doc.date)
    published_source = "page" if published else None
    if published is None and fallback_date is not None:
        published, published_source = fallback_date, "metadata"
    return build_article(
        text.replace("\n", "\n\n"),              # trafilatura puts one paragraph per line
        source=source,
        min_chars=min_chars,
        title=title,
        url=(doc.url or url or None),
        outlet=(doc.sitename or None),
        published=published,
        published_source=published_source,
    )


def read_html(path: Path, *, min_chars: int) -> Iterator[Article | Rejected]:
    """One .html/.htm file: one article (id from the content hash: page names repeat)."""
    data = path.read_bytes()
    check_not_binary(data)
    yield extract_page(decode_html(data), source=str(path), min_chars=min_chars)
