"""RSS and Atom feeds: each item is one article.

    for item in read_feed(Path("wire.rss"), min_chars=25): ...        # Article | Rejected
    items = feed_items(data, source="https://example.org/feed.xml")    # FeedItem records

An item's text is its longest body (Atom ``content`` or RSS ``description`` /
``content:encoded``), its HTML reduced to paragraphs of plain text; its ``link`` is the
article's url, its date the item's published (else updated) date and its outlet the
feed's title (else the host of the feed's link). The id is stable per item: derived
from its guid (Atom ``id``), else its link, so a feed read again, or polled again
with new items on top, repeats no article. An item with no body is rejected as
``empty`` with a hint: its page can be read with ``flashpoint watch --fetch-pages``.

``.xml`` files are read as feeds only when their root element is ``rss``, ``feed``
(Atom) or ``rdf:RDF`` (RSS 1.0): ``is_feed`` sniffs it without parsing the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from ..errors import MalformedRecord
from ..records import Article, Rejected
from .readers import build_article, check_not_binary

FEED_ROOTS = {"rss", "feed", "rdf"}       # local names of the root element of RSS 2.0, Atom, RSS 1.0
_PROLOGUE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>[]*(?:\[.*?\])?\s*>)", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)")
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "table", "section", "article", "figure", "figcaption", "pre", "hr"}
_SKIPPED = {"script", "style", "noscript", "iframe", "object", "svg"}


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed, as read: what an Article is built from (here or after its page is fetched)."""

    id: str | None            # stable article id (from guid or link); None: the content hash decides
    source: str               # the feed (file or URL) and the item's guid/link or position
    title: str | None
    text: str                 # plain text of the item's body ("" when it has none)
    link: str | None
    published: dt.date | None
    outlet: str | None


def is_feed(head: bytes) -> bool:
    """Whether a document starting with ``head`` (its first few KB) is an RSS or Atom feed."""
    data = head.lstrip(b"\xef\xbb\xbf")
    pos = 0
    while match := _PROLOGUE.match(data, pos):
        pos = match.end()
    root = _ROOT.match(data, pos)
    if root is None:
        return False
    name = root.group(1).decode("ascii", "replace").rsplit(":", 1)[-1].lower()
    return name in FEED_ROOTS


class _TextOf(HTMLParser):
    """Plain text of an HTML fragment: block elements become paragraph breaks, scripts vanish."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Paragraphs of plain text from an HTML fragment (a feed's description or content)."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def item_id(key: str) -> str:
    """The article id of a feed item, from its guid or link."""
    return "feed_" + hashlib.sha1(key.strip().encode("utf-8")).hexdigest()[:16]


def _date(entry) -> dt.date | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(name)
        if parsed:
            try:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def _body(entry) -> str:
    """The longest of the item's bodies, as plain text."""
    bodies = [c.get("value", "") for c in entry.get("content", []) or []]
    bodies.append(entry.get("summary", "") or "")
    texts = [html_to_text(b) for b in bodies if b and b.strip()]
    return max(texts, key=len, default="")


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def feed_items(data: bytes, *, source: str) -> list[FeedItem]:
    """Every item of a feed document. Raises ``MalformedRecord`` when it is not a readable feed."""
    import feedparser  # imported here: only feeds pay for it

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise MalformedRecord(f"not a readable RSS or Atom feed ({type(problem).__name__}: {problem}); "
                              "check that the file is the feed itself, not an HTML page about it")
    feed = parsed.feed
    outlet = " ".join((html_to_text(feed.get("title", "") or "")).split()) or _host(feed.get("link"))
    items = []
    for n, entry in enumerate(parsed.entries, start=1):
        key = (entry.get("id") or entry.get("link") or "").strip()
        title = " ".join(html_to_text(entry.get("title", "") or "").split()) or None
        items.append(FeedItem(id=item_id(key) if key else None, source=f"{source}#{key or f'item-{n}'}",
                              title=title, text=_body(entry), link=(entry.get("link") or "").strip() or None,
                              published=_date(entry), outlet=outlet))
    return items


def item_article(item: FeedItem, *, min_chars: int) -> Article | Rejected:
    """The Article an item stands for, or a Rejected saying why it cannot be one."""
    if not item.text.strip():
        return Rejected(item.source, "empty", "the item has no description or content, only "
                        f"{'a title and ' if item.title else ''}a link; `flashpoint watch --fetch-pages` "
                        "reads the linked page instead")
    return build_article(item.text, source=item.source, min_chars=min_chars, id=item.id, title=item.title,
                         url=item.link, outlet=item.outlet, published=item.published,
                         published_source="metadata")


def feed_articles(data: bytes, *, source: str, min_chars: int) -> Iterator[Article | Rejected]:
    for item in feed_items(data, source=source):
        yield item_article(item, min_chars=min_chars)


def read_feed(path: Path, *, min_chars: int) -> Iterator[Article | Rejected]:
    """A .rss or .atom file: one Article or Rejected per item."""
    data = path.read_bytes()
    check_not_binary(data)
    yield from feed_articles(data, source=str(path), min_chars=min_chars)


def read_xml(path: Path, *, min_chars: int) -> Iterator[Article | Rejected]:
    """A .xml file: read as a feed when its root element says it is one."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not is_feed(head):
        yield Rejected(str(path), "unsupported", "an XML file that is not an RSS or Atom feed (its root element is "
                                                 "not rss, feed or rdf:RDF); only feeds are read from .xml")
        return
    yield from read_feed(path, min_chars=min_chars)
