"""RSS and Atom items become articles; page fetching is opt-in and polite (loopback only)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.ingest import read_sources
from flashpoint.ingest.feeds import feed_items, html_to_text, is_feed, item_id
from flashpoint.ingest.fetch import USER_AGENT, Fetcher, page_article
from flashpoint.records import Article, Rejected
from feed_samples import DEPOT, MARKET, PAGE, rss, rss_item
from loopback import Loopback

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="https://news.example.org/"/>
  <id>urn:example:feed</id>
  <updated>2024-03-12T09:00:00Z</updated>
  <entry>
    <title type="html">Rockets hit &lt;em&gt;Kirkuk&lt;/em&gt; market</title>
    <id>urn:example:kirkuk-1</id>
    <link href="https://news.example.org/kirkuk-market"/>
    <published>2024-03-12T07:15:00Z</published>
    <summary>Rockets hit a market.</summary>
    <content type="html">&lt;p&gt;Two rockets hit a market in Kirkuk on Tuesday,&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;
    &lt;p&gt;wounding five traders, police said.&lt;/p&gt;</content>
  </entry>
</feed>"""


def _read(path, min_chars=25):
    return list(read_sources([path], min_chars=min_chars))


def test_rss_items_become_articles_with_their_metadata(tmp_path):
    feed = tmp_path / "wire.rss"
    feed.write_text(rss(rss_item("fw-1", "Drone hits depot", f"<p>{DEPOT}</p><p>More <b>soon</b>.</p>",
                                 link="https://www.frontierwire.example/depot")), encoding="utf-8")
    [article] = _read(feed)
    assert isinstance(article, Article)
    assert article.title == "Drone hits depot"
    assert article.url == "https://www.frontierwire.example/depot"
    assert article.outlet == "Frontier Wire"
    assert article.published == dt.date(2024, 3, 11) and article.published_source == "metadata"
    assert "<" not in article.text and article.text.endswith("More soon.")
    assert article.text.startswith("A drone struck a fuel depot")
    assert article.id == item_id("fw-1")


def test_item_ids_are_stable_per_item_whatever_comes_before_it(tmp_path):
    one = tmp_path / "a.rss"
    one.write_text(rss(rss_item("fw-1", "Depot", DEPOT)), encoding="utf-8")
    two = tmp_path / "b.rss"
    two.write_text(rss(rss_item(None, "Market", MARKET, link="https://x.example/market"),
                       rss_item("fw-1", "Depot", DEPOT)), encoding="utf-8")
    first = {a.text: a.id for a in _read(one)}
    second = {a.text: a.id for a in _read(two)}
    assert second[DEPOT] == first[DEPOT]
    assert second[MARKET] == item_id("https://x.example/market")    # no guid: the link names it
    assert len(set(second.values())) == 2


def test_an_item_with_no_text_is_rejected_with_a_reason(tmp_path):
    feed = tmp_path / "wire.rss"
    feed.write_text(rss(rss_item("fw-2", "Only a headline", None, link="https://x.example/h"),
                        rss_item("fw-3", "Tiny", "Hi.")), encoding="utf-8")
    empty, short = _read(feed)
    assert isinstance(empty, Rejected) and empty.reason == "empty" and "--fetch-pages" in empty.detail
    assert empty.source.endswith("#fw-2")
    assert isinstance(short, Rejected) and short.reason == "too_short"


def test_atom_content_is_preferred_to_its_summary_and_cleaned(tmp_path):
    feed = tmp_path / "news.atom"
    feed.write_text(ATOM, encoding="utf-8")
    [article] = _read(feed, min_chars=10)
    assert article.text == "Two rockets hit a market in Kirkuk on Tuesday,\n\nwounding five traders, police said."
    assert article.title == "Rockets hit Kirkuk market"
    assert article.outlet == "news.example.org"           # no feed title: the host of its link
    assert article.published == dt.date(2024, 3, 12)
    assert article.id == item_id("urn:example:kirkuk-1")


def test_xml_files_are_read_only_when_they_are_feeds(tmp_path):
    (tmp_path / "feed.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>',
                                          encoding="utf-8")
    items = {(i.source.split("#")[0].rsplit("/", 1)[-1], type(i).__name__) for i in _read(tmp_path, 10)}
    assert items == {("feed.xml", "Article"), ("sitemap.xml", "Rejected")}
    [sitemap] = [i for i in _read(tmp_path / "sitemap.xml")]
    assert sitemap.reason == "unsupported" and "not an RSS or Atom feed" in sitemap.detail


@pytest.mark.parametrize("head, expected", [
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<rss version="2.0">', True),
    (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "y">]><!-- c --><rss>', True),
    (b'<feed xmlns="http://www.w3.org/2005/Atom">', True),
    (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', True),
    (b'<?xml version="1.0"?><urlset>', False),
    (b"<html><body>rss</body></html>", False),
    (b"plain text", False),
])
def test_feeds_are_sniffed_from_their_root_element(head, expected):
    assert is_feed(head) is expected


def test_html_to_text_keeps_paragraphs_and_drops_scripts():
    assert html_to_text("<p>One &amp; two</p><script>x()</script><ul><li>three</li></ul>") == "One & two\n\nthree"
    assert html_to_text("no markup at all ") == "no markup at all"


def test_a_broken_feed_is_rejected_not_raised(tmp_path):
    feed = tmp_path / "broken.rss"
    feed.write_text("<rss><channel><item><title>cut", encoding="utf-8")
    [rejected] = _read(feed)
    assert isinstance(rejected, Rejected) and rejected.reason in ("malformed", "empty")


def test_run_turns_rss_items_into_incidents(tmp_path):
    feed = tmp_path / "wire.rss"
    feed.write_text(rss(rss_item("fw-1", "Drone hits depot", DEPOT), rss_item("fw-2", "Rockets", MARKET),
                        rss_item("fw-3", "Headline only", None, link="https://x.example/h")), encoding="utf-8")
    db = tmp_path / "feed.duckdb"
    result = CliRunner().invoke(app, ["run", str(feed), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "3 inputs: 2 ingested" in result.output and "1 rejected" in result.output
    docs = [json.loads(line) for line in CliRunner().invoke(app, ["export", "--db", str(db)]).stdout.splitlines()
            if line.startswith("{")]
    places = {(d["type"].split(".")[0], (d.get("location") or {}).get("name")) for d in docs}
    assert ("attack", "Erbil") in places and ("attack", "Kirkuk") in places
    articles = {m["article"] for d in docs for m in d["mentions"]}
    assert articles == {item_id("fw-1"), item_id("fw-2")}


# -- fetching pages: opt-in, polite, loopback only -------------------------------------------

SHORT = "A drone struck the depot on Sunday, the ministry said in a statement."


class FakeClock:
    def __init__(self):
        self.now, self.slept = 100.0, []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_fetcher_names_itself_waits_per_host_and_obeys_robots():
    routes = {"/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
              "/news/depot": (200, "text/html; charset=utf-8", PAGE.encode()),
              "/private/memo": (200, "text/html", b"<p>secret</p>")}
    clock = FakeClock()
    with Loopback(routes) as site:
        fetcher = Fetcher(delay=3.0, clock=clock, sleep=clock.sleep, timeout=5)
        assert fetcher.get(site.url("/private/memo")) is None          # robots.txt forbids it
        page = fetcher.get(site.url("/news/depot"))
        assert page.status == 200 and b"fuel depot" in page.body and page.charset == "utf-8"
        fetcher.get(site.url("/news/depot"))
    assert site.paths() == ["/robots.txt", "/news/depot", "/news/depot"]     # robots read once, /private never
    assert all(h["user-agent"] == USER_AGENT for _, _, h, _ in site.requests)
    assert "Flashpoint" in USER_AGENT
    assert clock.slept == [3.0, 3.0]                 # one wait before each request after the first to the host


def test_a_site_that_forbids_robots_txt_is_not_read():
    with Loopback({"/robots.txt": (403, "text/plain", b"no"), "/a": (200, "text/html", b"x")}) as site:
        assert Fetcher(delay=0).get(site.url("/a")) is None
    assert site.paths() == ["/robots.txt"]


def test_page_article_reads_the_linked_page_under_the_items_identity():
    with Loopback({"/news/depot": (200, "text/html", PAGE.encode())}) as site:   # no robots.txt: 404, allowed
        [item] = feed_items(rss(rss_item("fw-9", "Depot", SHORT, link=site.url("/news/depot"))).encode(),
                            source="wire.rss")
        article = page_article(Fetcher(delay=0), item, min_chars=25)
        missing = page_article(Fetcher(delay=0), dataclasses.replace(item, link=site.url("/gone")), min_chars=10)
    assert isinstance(article, Article)
    assert article.id == item_id("fw-9") and article.title == "Depot"
    assert "Investigators visited the site" in article.text and "Home | World" not in article.text
    assert article.published == dt.date(2024, 3, 11) and article.outlet == "Frontier Wire"
    assert isinstance(missing, Article) and missing.text == SHORT     # the page is gone: the item's own text
