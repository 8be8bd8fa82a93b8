"""Polite HTTP: feeds polled by URL and, when asked (``--fetch-pages``), the pages feed items link to.

    fetcher = Fetcher(delay=2.0)
    page = fetcher.get("https://example.org/feed.xml")    # Page, or None when robots.txt forbids it
    article = page_article(fetcher, item, min_chars=25)   # the item's page as an Article

Every request names Flashpoint in its User-Agent, waits ``delay`` seconds after the
previous request to the same host, reads at most ``max_bytes`` and gives up after
``timeout`` seconds. robots.txt is read once per host (with the same client, so the
same rules apply to it) and obeyed through ``urllib.robotparser``: a 401 or 403 on it
forbids the host, any other error allows it, as the standard library reads it.
Failures raise ``FetchError`` (a reason the caller reports), never a traceback.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urlsplit

from .. import __version__
from ..errors import FlashpointError, InputError
from ..records import Article, Rejected
from .feeds import FeedItem, item_article

log = logging.getLogger(__name__)

USER_AGENT = f"Flashpoint/{__version__} (news-to-incidents research tool; polite feed and page reader)"
HOST_DELAY = 2.0          # seconds between two requests to one host
TIMEOUT = 20.0
MAX_BYTES = 5_000_000


class FetchError(FlashpointError):
    """A URL could not be read (network error, HTTP error, too large)."""


@dataclass(frozen=True)
class Page:
    url: str                  # after redirects
    status: int               # 200, or 304 when a conditional request found nothing new
    body: bytes
    headers: dict = field(default_factory=dict)

    @property
    def charset(self) -> str | None:
        msg = Message()
        msg["content-type"] = self.headers.get("content-type", "")
        return msg.get_content_charset()


class Fetcher:
    """One polite HTTP client: per-host delay, robots.txt, a User-Agent, bounded reads."""

    def __init__(self, *, user_agent: str = USER_AGENT, delay: float = HOST_DELAY, timeout: float = TIMEOUT,
                 max_bytes: int = MAX_BYTES, respect_robots: bool = True, clock=time.monotonic, sleep=time.sleep):
        self.user_agent, self.delay, self.timeout, self.max_bytes = user_agent, delay, timeout, max_bytes
        self.respect_robots = respect_robots
        self._clock, self._sleep = clock, sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._lock = threading.Lock()
        self.requests: list[str] = []           # every URL requested, robots.txt included, in order

    # -- politeness -----------------------------------------------------------
    def _wait_for(self, host: str) -> None:
        with self._lock:
            last = self._last.get(host)
            if last is not None:
                left = self.delay - (self._clock() - last)
                if left > 0:
                    self._sleep(left)
            self._last[host] = self._clock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets Flashpoint's User-Agent read it."""
        if not self.respect_robots:
            return True
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(root)
        if rules is None:
            rules = urllib.robotparser.RobotFileParser(root + "/robots.txt")
            try:
                page = self._request(root + "/robots.txt", {})
                rules.parse(page.body.decode("utf-8", "replace").splitlines())
            except _HTTPStatus as exc:
                if exc.status in (401, 403):
                    rules.disallow_all = True
                else:
                    rules.allow_all = True
            except FetchError as exc:
                log.info("robots.txt of %s unreadable (%s); reading as allowed", root, exc)
                rules.allow_all = True
            self._robots[root] = rules
        return rules.can_fetch(self.user_agent, url)

    # -- requests ---------------------------------------------------------------
    def _request(self, url: str, headers: dict) -> Page:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url} is not an http(s) URL")
        self._wait_for(parts.netloc.lower())
        self.requests.append(url)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, **headers})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(self.max_bytes + 1)
                if len(body) > self.max_bytes:
                    raise FetchError(f"{url} is larger than {self.max_bytes:,} bytes; not read")
                return Page(response.geturl(), response.status, body,
                            {k.lower(): v for k, v in response.headers.items()})
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Page(url, 304, b"", {k.lower(): v for k, v in exc.headers.items()})
            raise _HTTPStatus(exc.code, f"{url} answered HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(f"cannot read {url}: {reason}; check the URL and the network") from None

    def get(self, url: str, *, etag: str | None = None, modified: str | None = None) -> Page | None:
        """The page at ``url`` (status 304 when ``etag``/``modified`` say it has not changed),
        or None when robots.txt forbids it. Raises ``FetchError``."""
        if not self.allowed(url):
            log.info("robots.txt forbids %s; not read", url)
            return None
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return self._request(url, headers)


class _HTTPStatus(FetchError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def page_article(fetcher: Fetcher, item: FeedItem, *, min_chars: int) -> Article | Rejected:
    """The full page an item links to, as an Article under the item's id, title and date;
    the item's own text when the page cannot be read, is forbidden or has no main text."""
    from .html import decode_html, extract_page

    fallback = item_article(item, min_chars=min_chars)
    if not item.link:
        return fallback
    try:
        page = fetcher.get(item.link)
        if page is None:
            return _or_reason(fallback, item, "robots.txt forbids reading the page")
        html = decode_html(page.body, page.charset, what=item.link)
        found = extract_page(html, source=item.source, min_chars=min_chars, url=item.link,
                             fallback_date=item.published)
    except (FetchError, InputError) as exc:
        log.info("page of %s not used: %s", item.source, exc)
        return _or_reason(fallback, item, str(exc))
    if isinstance(found, Rejected):
        return fallback if isinstance(fallback, Article) else found
    return found.replace(id=item.id or found.id, title=item.title or found.title,
                         outlet=item.outlet or found.outlet,
                         published=item.published or found.published,
                         published_source="metadata" if item.published else found.published_source)


def _or_reason(fallback: Article | Rejected, item: FeedItem, why: str) -> Article | Rejected:
    if isinstance(fallback, Article):
        return fallback
    return Rejected(item.source, "unreadable", f"{why}; and the item itself has no usable text")
