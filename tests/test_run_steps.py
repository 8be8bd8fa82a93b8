"""A run fuses its articles in committed steps taken by publication date; how many steps
it takes does not change the incidents. The scale benchmark's replayed copies keep the
base's density per country and day."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT
from flashpoint.config import Settings
from flashpoint.pipeline import run
from flashpoint.records import Article
from flashpoint.store import Store


def _partition(db: Path) -> list[tuple[str, ...]]:
    with Store(db, read_only=True) as store:
        rows = store.con.execute("SELECT list(id ORDER BY id) FROM mentions WHERE incident IS NOT NULL"
                                 " GROUP BY incident").fetchall()
    return sorted(tuple(r[0]) for r in rows)


def test_small_fusion_steps_end_in_the_partition_of_one(tmp_path, monkeypatch):
    one = tmp_path / "one.duckdb"
    run([EXAMPLES], Settings(db_path=one))
    fetched = []      # each fusion step fetches its own articles: a run never holds every input's id
    ids_in_state = Store.ids_in_state

    def recording(self, state, **kw):
        out = ids_in_state(self, state, **kw)
        if state == "extracted":
            fetched.append(len(out))
        return out

    monkeypatch.setattr(Store, "ids_in_state", recording)
    steps = tmp_path / "steps.duckdb"
    report = run([EXAMPLES], Settings(db_path=steps, extra={"fuse_batch": 2}))
    assert len(report.ingested) > 4   # several steps of two articles
    assert max(fetched) == 2 and sum(fetched) == len(report.ingested)
    assert _partition(steps) == _partition(one)


def test_pending_articles_go_by_publication_date_undated_last(tmp_path):
    dates = {"a": dt.date(2021, 5, 1), "b": None, "c": dt.date(2020, 1, 2), "d": dt.date(2021, 5, 1)}
    with Store(tmp_path / "s.duckdb") as store:
        store.add_articles([(Article(id=i, text=f"text {i}", published=d), None) for i, d in dates.items()])
        assert store.ids_in_state("ingested") == ["a", "b", "c", "d"]
        assert store.ids_in_state("ingested", by_date=True) == ["c", "a", "d", "b"]
        assert store.ids_in_state("ingested", by_date=True, limit=2) == ["c", "a"]


def test_replayed_copies_fill_the_years_then_other_countries():
    sys.path.insert(0, str(ROOT))
    from benchmarks.replay import Layout

    where = Layout(step_days=1000, per_round=3, base_countries=("IQ", "SY"))
    assert [where.place(k)[1] for k in range(1, 8)] == [0, 0, 0, 1, 1, 1, 2]
    assert where.place(1)[0] == where.place(4)[0] == dt.timedelta(days=-1000)
    assert where.place(3)[0] == dt.timedelta(days=-3000)
    assert where.countries(0) == {}
    first, second = where.countries(1), where.countries(2)
    assert set(first) == set(second) == {"IQ", "SY"}
    renamed = list(first.values()) + list(second.values())
    assert len(set(renamed)) == 4 and not set(renamed) & {"IQ", "SY"}


def test_a_writer_caps_duckdb_and_a_reader_does_not(tmp_path):
    # A run's memory must not follow DuckDB's defaults (a cache of 80% of RAM, a thread
    # per core, each with its own buffers); readers of the finished database keep them.
    import duckdb

    from flashpoint.store import WRITER_MEMORY_LIMIT, WRITER_THREADS

    capped = duckdb.connect()
    capped.execute(f"SET memory_limit = '{WRITER_MEMORY_LIMIT}'")
    db = tmp_path / "caps.duckdb"
    with Store(db) as store:
        assert store.con.execute("SELECT current_setting('threads')").fetchone()[0] == WRITER_THREADS
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchone() == \
            capped.execute("SELECT current_setting('memory_limit')").fetchone()
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT current_setting('threads')").fetchone()[0] >= WRITER_THREADS


def _running_out_of_memory(monkeypatch, times: int) -> list[int]:
    """Make the next ``times`` fusion steps write their incidents and then fail as DuckDB
    does when a query needs more than its cap; returns the caps the steps ran under."""
    import duckdb

    import flashpoint.pipeline as pipeline

    fuse_new, caps = pipeline.fuse_new, []

    def failing(store, new, **kw):
        caps.append(store.memory_mb)
        summary = fuse_new(store, new, **kw)
        if len(caps) <= times:
            raise duckdb.OutOfMemoryException("failed to pin block (test)")
        return summary

    monkeypatch.setattr(pipeline, "fuse_new", failing)
    return caps


def test_a_step_out_of_memory_is_rolled_back_and_run_again_with_a_wider_cap(tmp_path, monkeypatch, caplog):
    one = tmp_path / "one.duckdb"
    run([EXAMPLES], Settings(db_path=one))
    caps = _running_out_of_memory(monkeypatch, times=2)
    again = tmp_path / "again.duckdb"
    with caplog.at_level("WARNING", logger="flashpoint"):
        run([EXAMPLES], Settings(db_path=again))
    assert caps[:3] == [96, 192, 384]            # the same step three times, the cap doubled each time
    assert "again with 192 MB" in caplog.text
    assert _partition(again) == _partition(one)  # the failed tries' writes were rolled back
    with Store(again, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM articles WHERE state <> 'fused'").fetchone()[0] == 0


def test_at_the_largest_cap_the_run_stops_and_leaves_its_step_pending(tmp_path, monkeypatch):
    import pytest

    import flashpoint.store as store_module
    from flashpoint.errors import StoreError

    one = tmp_path / "one.duckdb"
    run([EXAMPLES], Settings(db_path=one))
    monkeypatch.setattr(store_module, "WRITER_MEMORY_MAX_MB", 192)
    with monkeypatch.context() as patched:
        _running_out_of_memory(patched, times=10)
        stopped = tmp_path / "stopped.duckdb"
        with pytest.raises(StoreError, match="largest cap"):
            run([EXAMPLES], Settings(db_path=stopped))
    with Store(stopped, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM articles WHERE state = 'fused'").fetchone()[0] == 0
        assert store.con.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0
    run([], Settings(db_path=stopped))            # the next run finishes what this one left
    assert _partition(stopped) == _partition(one)
