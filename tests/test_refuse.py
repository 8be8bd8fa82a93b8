"""`flashpoint refuse` rebuilds from scratch and keeps ids; near-duplicates are found from
stored signatures, not by reading stored texts again."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from flashpoint.cli import app
from flashpoint.config import Settings
from flashpoint.pipeline import run
from flashpoint.store import Store


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("refuse") / "examples.duckdb"
    run([EXAMPLES], Settings(db_path=db))
    return db


def members(db):
    with Store(db, read_only=True) as store:
        rows = store.con.execute("SELECT incident, list(id ORDER BY id) FROM mentions WHERE incident IS NOT NULL"
                                 " GROUP BY incident ORDER BY incident").fetchall()
        return dict(rows), sorted(store.links())


def test_refuse_rebuilds_the_same_incidents_under_the_same_ids(examples_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(examples_db, db)
    before = members(db)
    with Store(db) as store:   # as if fusion had gone wrong: every incident gone
        store.delete_incidents([r[0] for r in store.con.execute("SELECT id FROM incidents").fetchall()])
        store.con.execute("DELETE FROM links")
    result = CliRunner().invoke(app, ["refuse", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "created" in result.output
    assert members(db) == before      # new ids come from each incident's first mention: the same ones


def test_refuse_of_a_sound_database_changes_nothing(examples_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(examples_db, db)
    before = members(db)
    result = CliRunner().invoke(app, ["refuse", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "no changes" in result.output
    assert members(db) == before


def test_near_duplicates_come_from_stored_signatures(examples_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(examples_db, db)
    with Store(db) as store:
        [(text,)] = store.con.execute("SELECT text FROM articles WHERE id = 'ex-005'").fetchall()
        store.con.execute("UPDATE articles SET text = ''")     # the texts can no longer be compared
    repost = tmp_path / "repost.jsonl"
    repost.write_text(json.dumps({"id": "repost-005", "text": text + " Share this article.",
                                  "published": "2020-01-08"}) + "\n", encoding="utf-8")
    report = run([repost], Settings(db_path=db))
    assert report.near_duplicates == {"repost-005": "ex-005"}


def test_examples_fed_in_three_runs_end_as_in_one(examples_db, tmp_path):
    """The bundled corpus in one run, or in three runs of four files, ends in the same
    partition of mentions into incidents and the same responds_to links between them."""
    db = tmp_path / "batches.duckdb"
    files = sorted(EXAMPLES.glob("ex-*.txt"))
    for i in range(0, len(files), 4):
        part = tmp_path / f"part{i}"
        part.mkdir()
        for f in files[i:i + 4]:
            shutil.copy(f, part / f.name)
        shutil.copy(EXAMPLES / "articles.jsonl", part / "articles.jsonl")
        run([part], Settings(db_path=db))

    def by_members(path):
        incidents, links = members(path)
        key = {inc: tuple(ms) for inc, ms in incidents.items()}
        return sorted(key.values()), sorted((key[s], key[t]) for s, t in links)

    assert by_members(db) == by_members(examples_db)
