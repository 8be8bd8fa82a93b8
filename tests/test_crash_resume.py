"""A run killed (SIGKILL) or failing to write (disk full) at a named point is finished by
the next run: the same incidents, ids and links as one uninterrupted run, nothing lost.
The full sweep over every point is ``python benchmarks/faults.py``."""

from __future__ import annotations

import pytest

from benchmarks.faults import run_all, settings_for
from conftest import EXAMPLES
from flashpoint.pipeline import run
from flashpoint.store import Store

POINTS = [("kill", "stored", 2), ("kill", "extracting", 2), ("kill", "fused", 2),
          ("disk_full", "storing", 1), ("disk_full", "fusing", 2)]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    return run_all(tmp_path_factory.mktemp("faults"), POINTS, EXAMPLES)


def test_every_fault_fired_and_the_database_opened_after_it(sweep):
    assert sweep["not_fired"] == []
    assert all(r["reopened"] for r in sweep["scenarios"])


def test_the_rerun_ends_with_the_incidents_of_an_uninterrupted_run(sweep):
    failed = [r for r in sweep["scenarios"] if not r["survived"]]
    assert failed == []
    assert sweep["data_lost"] == 0 and sweep["faults_injected"] == len(POINTS)


def test_an_interrupted_article_is_extracted_not_called_a_duplicate(tmp_path, monkeypatch):
    db = tmp_path / "db.duckdb"
    monkeypatch.setenv("FLASHPOINT_FAIL_WRITE_AT", "extracting:1")   # the first batch is stored, not extracted
    with pytest.raises(OSError):
        run([EXAMPLES], settings_for(db))
    monkeypatch.delenv("FLASHPOINT_FAIL_WRITE_AT")
    again = run([EXAMPLES], settings_for(db))
    first = ["ex-001", "ex-002", "ex-003"]   # the first batch of 4 inputs (EXPECTED.md is rejected)
    assert again.resumed == first and not set(first) & set(again.duplicates.values())
    assert set(first) <= set(again.ingested)
    with Store(db, read_only=True) as store:
        fused = {r[0] for r in store.con.execute("SELECT DISTINCT article FROM mentions WHERE incident IS NOT NULL"
                                                 " AND article IN ('ex-001', 'ex-002', 'ex-003')").fetchall()}
        states = set(store.stored_states(first).values())
    assert fused == set(first) and states == {"fused"}


def test_a_run_killed_while_dating_an_article_from_the_corpus_is_finished_by_the_next(tmp_path):
    # the re-run changes no incident itself: it must still date the article the killed run did not
    from benchmarks.faults import redating_corpus

    sweep = run_all(tmp_path / "runs", [("kill", "redating", 1)], redating_corpus(tmp_path / "undated"))
    assert sweep["not_fired"] == []
    assert [r["survived"] for r in sweep["scenarios"]] == [True]
