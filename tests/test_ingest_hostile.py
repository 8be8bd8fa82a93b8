"""Hostile inputs at ingest: every one ends in an Article or a Rejected with a reason,
and nothing cut short, undecodable or unlisted is lost without a word."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from flashpoint.ingest import id_conflict, read_sources
from flashpoint.ingest.readers import EARLIEST_PUBLISHED, published_problem
from flashpoint.records import Article, Rejected
from test_ingest import ENGLISH_BODY, _html, _warc

PARAGRAPHS = "".join(f"<p>{s}.</p>" for s in ENGLISH_BODY.split(". "))


def _archive(tmp_path: Path, gz: bool) -> Path:
    return _warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), [
        ("https://example.org/a", "text/html", _html(PARAGRAPHS)),
        ("https://example.org/b", "text/html", _html(PARAGRAPHS.replace("Saturday", "Sunday") * 3)),
    ], gz)


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("cut_from_end", [30, 400])
def test_a_warc_cut_inside_a_record_rejects_it_as_truncated(tmp_path, gz, cut_from_end):
    whole = _archive(tmp_path, gz)
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(whole.read_bytes()[:-cut_from_end])
    first, *rest = read_sources([cut])
    assert isinstance(first, Article)
    assert len(rest) == 1 and isinstance(rest[0], Rejected) and rest[0].reason == "truncated", rest


@pytest.mark.parametrize("gz", [False, True])
def test_an_archive_cut_anywhere_in_its_second_record_says_what_it_lost(tmp_path, gz):
    whole = _archive(tmp_path, gz)
    data, first_text = whole.read_bytes(), next(read_sources([whole])).text
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    for size in range(len(data) // 2, len(data) - 10, 23):     # through the second record's headers and body
        cut.write_bytes(data[:size])
        items = list(read_sources([cut]))
        assert isinstance(items[0], Article) and items[0].text == first_text
        assert [i.reason for i in items[1:]] == ["truncated"], (size, items[1:])


def test_a_complete_archive_has_no_truncated_record(tmp_path):
    for gz in (False, True):
        items = list(read_sources([_archive(tmp_path, gz)]))
        assert [type(i) for i in items] == [Article, Article]


def test_a_bad_jsonl_line_rejects_that_line_only(tmp_path):
    good = json.dumps({"id": "good", "text": ENGLISH_BODY})
    lines = [good.replace("good", "g1"), '{"id": "lone", "text": "' + ENGLISH_BODY[:50] + '\\ud800 more"}',
             "{not json", '"a string"', good.replace("good", "g2")]
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_sources([path]))
    assert [getattr(i, "id", None) or i.reason for i in items] == ["g1", "malformed", "malformed", "malformed", "g2"]
    assert "surrogate" in items[1].detail and items[1].source.endswith(":2")


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(ENGLISH_BODY)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(ENGLISH_BODY)
    listdir = Path.iterdir

    def refuse(self):
        if self.name == "locked":
            raise PermissionError(13, "Permission denied", str(self))
        return listdir(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    rejected, article = read_sources([tmp_path])          # "locked" sorts before "ok"
    assert isinstance(article, Article) and article.source.endswith("a.txt")
    assert rejected.reason == "unreadable" and rejected.source == str(locked) and "Permission denied" in rejected.detail


def test_broken_links_and_special_files_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH_BODY)
    os.symlink(tmp_path / "gone.txt", tmp_path / "b.txt")
    os.symlink(tmp_path, tmp_path / "loop")          # a link back up the tree is walked once
    os.mkfifo(tmp_path / "c.txt")
    items = list(read_sources([tmp_path]))
    reasons = {Path(i.source).name: getattr(i, "reason", "ok") for i in items}
    assert reasons == {"a.txt": "ok", "b.txt": "unreadable", "c.txt": "unsupported"}
    [given] = read_sources([tmp_path / "b.txt"])
    assert given.reason == "unreadable" and "broken symbolic link" in given.detail


def test_text_above_the_ceiling_is_too_long(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(ENGLISH_BODY * 10)
    [item] = read_sources([path], max_chars=1000)
    assert item.reason == "too_long" and "max_chars=1,000" in item.detail
    [ok] = read_sources([path], max_chars=10_000)
    assert isinstance(ok, Article)


@pytest.mark.parametrize("published,reason", [
    ("0001-01-01", "bad_date"), ("9999-12-31", "bad_date"), ("1899-12-31", "bad_date"),
    ("1900-01-01", None), ("2021-03-16", None),
])
def test_metadata_dates_outside_the_sane_range_are_rejected(tmp_path, published, reason):
    path = tmp_path / "dated.jsonl"
    path.write_text(json.dumps({"id": "d", "text": ENGLISH_BODY, "published": published}) + "\n")
    [item] = read_sources([path])
    assert getattr(item, "reason", None) == reason
    if reason:
        assert published in item.detail


def test_published_problem_window():
    today = dt.date(2024, 6, 1)
    assert published_problem(today + dt.timedelta(days=2), today) is None
    assert "after" in published_problem(today + dt.timedelta(days=3), today)
    assert published_problem(EARLIEST_PUBLISHED, today) is None
    assert published_problem(None, today) is None


def test_id_conflict_only_for_a_different_text():
    article = Article(id="x", text="some text", content_hash="h1", source="in.jsonl:1")
    assert id_conflict(article, None) is None
    assert id_conflict(article, "h1") is None
    conflict = id_conflict(article, "h2")
    assert conflict.reason == "id_conflict" and conflict.source == "in.jsonl:1" and "'x'" in conflict.detail


def test_rejects_are_recorded_once_per_input(tmp_path):
    from flashpoint.store import Store

    with Store(tmp_path / "r.duckdb") as store:
        for _ in range(3):   # three runs over the same bad input
            store.add_rejects([Rejected("in.jsonl:2", "malformed", "not valid JSON")])
        store.add_rejects([Rejected("in.jsonl:3", "empty")])
        rows = store.con.execute("SELECT source, reason FROM rejects ORDER BY source").fetchall()
    assert rows == [("in.jsonl:2", "malformed"), ("in.jsonl:3", "empty")]


def test_markup_in_file_names_is_printed_as_text(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import flashpoint.pipeline as pipeline
    from flashpoint.cli import app

    (tmp_path / "[").mkdir()
    odd = tmp_path / "[" / "x][bold]odd.txt"        # the path holds "[/x][bold]"
    odd.write_text("short")
    report = pipeline.RunReport(rejected=[Rejected(str(odd), "too_short", "[/red] 5 characters")],
                                duplicates={str(odd): "[link=x]a[/link]"})
    monkeypatch.setattr(pipeline, "run", lambda paths, settings, progress=None: report)
    result = CliRunner().invoke(app, ["run", str(odd), "--db", str(tmp_path / "m.duckdb")])
    assert result.exit_code == 0, result.output
    assert "[/x][bold]odd.txt: too_short - [/red] 5 characters" in result.output
    assert "[link=x]a[/link]" in result.output
    missing = CliRunner().invoke(app, ["run", str(tmp_path / "[/x]gone"), "--db", str(tmp_path / "m.duckdb")])
    assert missing.exit_code == 2 and "[/x]gone" in missing.output


def test_a_new_text_under_a_stored_id_is_an_id_conflict(tmp_path):
    from flashpoint.config import Settings
    from flashpoint.pipeline import run
    from flashpoint.store import Store

    settings = Settings(db_path=tmp_path / "c.duckdb")
    first, again, other = (tmp_path / f"{n}.jsonl" for n in ("first", "again", "other"))
    first.write_text(json.dumps({"id": "same", "text": ENGLISH_BODY, "published": "2023-05-06"}) + "\n")
    again.write_text(first.read_text())
    other.write_text(json.dumps({"id": "same", "text": ENGLISH_BODY.replace("one soldier", "two soldiers"),
                                 "published": "2023-05-06"}) + "\n")
    run([first], settings)
    assert run([again], settings).duplicates == {f"{again}:1": "same"}
    report = run([other], settings)
    assert [(r.source, r.reason) for r in report.rejected] == [(f"{other}:1", "id_conflict")]
    assert not report.duplicates
    with Store(settings.db_path, read_only=True) as store:
        assert store.con.execute("SELECT reason FROM rejects WHERE source = ?", [f"{other}:1"]).fetchall() == [("id_conflict",)]
