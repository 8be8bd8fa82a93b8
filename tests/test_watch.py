"""flashpoint watch: polls feeds (files or URLs on loopback) and folders, ingests only what is new."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.config import Settings
from flashpoint.errors import UsageError
from flashpoint.ingest.feeds import item_id
from flashpoint.ingest.fetch import Fetcher
from flashpoint.store import Store
from flashpoint.watch import Watcher, incident_line, parse_every, watch
from feed_samples import DEPOT, MARKET, PAGE, rss, rss_item
from loopback import Loopback

IDLIB = ("A drone strike hit a car near Idlib in northwestern Syria on Monday, killing three men, a war "
         "monitor said. The monitor blamed government forces for the strike.")


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400), ("45", 45),
                                           ("0.5m", 30), ("10 min", 600)])
def test_intervals(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "15x", "-5m", "m15"])
def test_bad_intervals_say_how_to_write_one(text):
    with pytest.raises(UsageError, match="15m"):
        parse_every(text)


def test_incident_line_names_the_change_the_incident_and_where():
    doc = {"id": "inc_1a2b3c4d", "type": "attack.drone", "date": {"start": "2024-03-10"},
           "location": {"name": "Erbil", "country": "IQ"}, "summary": "A drone struck a depot. " * 20}
    line = incident_line("created", doc)
    assert line.startswith("created inc_1a2b3c4d attack.drone 2024-03-10 Erbil, IQ: A drone struck")
    assert line.endswith("...") and len(line) < 200
    assert incident_line("updated", {"id": "inc_x", "type": "protest", "date": {}, "location": None,
                                     "summary": None}) == "updated inc_x protest undated no place: "


def test_watching_a_feed_file_ingests_each_item_once(tmp_path):
    feed = tmp_path / "wire.rss"
    feed.write_text(rss(rss_item("fw-1", "Depot", DEPOT)), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    watcher = Watcher([str(feed)], Settings(db_path=db))
    slept = []
    first, second = watch(watcher, every=60, max_polls=2, sleep=slept.append)
    assert first.new_items == 1 and first.run.ingested == [item_id("fw-1")]
    assert first.lines and all(line.startswith("created inc_") for line in first.lines)
    assert any("Erbil, IQ" in line for line in first.lines)
    assert second.run is None and second.new_items == 0          # the file did not change: nothing read
    assert len(slept) == 1 and 0 < slept[0] <= 60
    feed.write_text(rss(rss_item("fw-2", "Market", MARKET), rss_item("fw-1", "Depot", DEPOT)), encoding="utf-8")
    third = watcher.poll()
    assert third.skipped == 1 and third.run.ingested == [item_id("fw-2")] and not third.run.duplicates
    assert any("Kirkuk, IQ" in line for line in third.lines)
    assert not any("Erbil" in line for line in third.lines)        # only what changed is printed
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 2


def test_watching_a_folder_ingests_files_added_between_polls(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.jsonl").write_text(json.dumps({"id": "sy-1", "text": IDLIB, "published": "2024-03-12"}),
                                   encoding="utf-8")
    watcher = Watcher([str(inbox)], Settings(db_path=tmp_path / "f.duckdb"))
    first = watcher.poll()
    assert first.run.ingested == ["sy-1"] and any("Idlib, SY" in line for line in first.lines)
    assert watcher.poll().run is None
    (inbox / "b.rss").write_text(rss(rss_item("fw-1", "Depot", DEPOT)), encoding="utf-8")
    third = watcher.poll()
    assert third.new_items == 1 and third.run.ingested == [item_id("fw-1")]


def test_watching_a_feed_url_uses_etags_and_fetches_pages_politely(tmp_path):
    routes = {"/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
              "/news/depot": (200, "text/html; charset=utf-8", PAGE.encode())}
    with Loopback(routes) as site:
        routes["/feed.rss"] = (200, "application/rss+xml", rss(
            rss_item("fw-1", "Depot", "A drone struck the depot, the ministry said in a statement.",
                     link=site.url("/news/depot")),
            rss_item("fw-2", "Memo", "A memo on the strike was leaked to the press on Monday, officials said.",
                     link=site.url("/private/memo"))).encode())
        site.routes.update(routes)
        site.etags["/feed.rss"] = '"v1"'
        watcher = Watcher([site.url("/feed.rss")], Settings(db_path=tmp_path / "u.duckdb"), fetch_pages=True,
                          fetcher=Fetcher(delay=0))
        first, second = watch(watcher, every=0, max_polls=2, sleep=lambda s: None)
    assert site.paths() == ["/robots.txt", "/feed.rss", "/news/depot", "/feed.rss"]   # never /private/
    assert site.requests[-1][2].get("if-none-match") == '"v1"' and second.run is None
    assert sorted(first.run.ingested) == sorted([item_id("fw-1"), item_id("fw-2")])
    with Store(tmp_path / "u.duckdb", read_only=True) as store:
        depot, memo = store.articles([item_id("fw-1"), item_id("fw-2")])
    assert "Investigators visited the site" in depot.text       # the page, not the one-line description
    assert memo.text.startswith("A memo on the strike")         # robots.txt forbade its page: the description


def test_an_unreachable_feed_is_reported_and_the_watch_goes_on(tmp_path):
    with Loopback() as site:
        dead = site.url("/feed.rss")
    feed = tmp_path / "wire.rss"
    feed.write_text(rss(rss_item("fw-1", "Depot", DEPOT)), encoding="utf-8")
    poll = Watcher([dead, str(feed)], Settings(db_path=tmp_path / "d.duckdb"), fetcher=Fetcher(delay=0)).poll()
    assert len(poll.errors) == 1 and poll.errors[0].startswith(dead)
    assert poll.run.ingested == [item_id("fw-1")]


def test_watch_command(tmp_path):
    runner = CliRunner()
    feed = tmp_path / "wire.rss"
    feed.write_text(rss(rss_item("fw-1", "Depot", DEPOT)), encoding="utf-8")
    db = tmp_path / "c.duckdb"
    result = runner.invoke(app, ["watch", str(feed), "--db", str(db), "--once"])
    assert result.exit_code == 0, result.output
    assert any(line.startswith("created inc_") and "Erbil" in line for line in result.stdout.splitlines())
    again = runner.invoke(app, ["watch", str(feed), "--db", str(db), "--max-polls", "1"])
    assert again.exit_code == 0 and "nothing new (1 items already stored)" in again.output
    assert runner.invoke(app, ["watch", str(feed), "--db", str(db), "--every", "soon", "--once"]).exit_code == 2
    assert runner.invoke(app, ["watch", str(tmp_path / "missing.rss"), "--db", str(db), "--once"]).exit_code == 2
