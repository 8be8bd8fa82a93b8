"""What makes the API fast under load must not change what it answers (issue 12, item 7).

Incident details read from the table a snapshot prepares equal the ones queried from the
plain tables; concurrent requests for one uncached response compute it once and share it
(or its error); a snapshot whose preparation fails is served all the same.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from types import SimpleNamespace

import duckdb
import pytest
from fastapi.testclient import TestClient

from flashpoint import query
from flashpoint.api import Reader, create_app
from flashpoint.query import QueryError
from flashpoint.snapshot import SnapshotStore
from synthetic import build_synthetic_db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_synthetic_db(tmp_path_factory.mktemp("cache") / "cache.duckdb", 120, seed=7)


def test_prepared_details_equal_queried_ones(db, tmp_path):
    copy = tmp_path / "prepared.duckdb"
    shutil.copyfile(db, copy)
    con = duckdb.connect(str(copy))
    assert query.prepare_details(con) == 120
    con.close()
    plain = duckdb.connect(str(db), read_only=True).cursor()
    prepared = duckdb.connect(str(copy), read_only=True).cursor()
    assert query._directory(prepared).prepared and not query._directory(plain).prepared
    ids = [r[0] for r in plain.execute("SELECT id FROM incidents ORDER BY id").fetchall()]
    linked = plain.execute("SELECT count(*) FROM links").fetchone()[0]
    assert linked > 0  # the store has responds_to links to join both ways
    for incident_id in ids + ["inc_absent", ""]:
        assert json.dumps(query.get_incident(prepared, incident_id)) == json.dumps(query.get_incident(plain, incident_id))


def test_the_server_reads_details_from_its_prepared_snapshot(db):
    app = create_app(db)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert app.state.reader.snapshots.snapshot().prepared
        plain = duckdb.connect(str(db), read_only=True).cursor()
        for incident_id in ("inc_00000001", "inc_00000042", "inc_00000077"):
            r = client.get(f"/api/incidents/{incident_id}")
            assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff"
            assert r.json() == json.loads(json.dumps(query.get_incident(plain, incident_id)))
            assert client.get(f"/api/incidents/{incident_id}").content == r.content  # cached bytes
        assert client.get("/api/incidents/inc_absent").status_code == 404


def _request(path: str, query_string: bytes = b"") -> SimpleNamespace:
    return SimpleNamespace(scope={"path": path, "query_string": query_string})


def _together(n: int, call) -> list:
    results: list = [None] * n
    start = threading.Barrier(n)

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test looks at what each thread got
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_concurrent_requests_for_one_response_compute_it_once(db):
    reader = Reader(db)
    calls: list[int] = []

    def slow_count(cur):
        calls.append(1)
        time.sleep(0.3)
        return {"total": cur.execute("SELECT count(*) FROM incidents").fetchone()[0]}

    try:
        got = _together(8, lambda: reader.cached(_request("/api/x", b"a=1"), slow_count))
        assert len(calls) == 1
        assert got == [b'{"total":120}'] * 8
        assert reader.cached(_request("/api/x", b"a=2"), slow_count) == b'{"total":120}'
        assert len(calls) == 2  # another query string is another response
    finally:
        reader.close()


def test_waiting_requests_get_the_error_of_the_one_computing(db):
    reader = Reader(db)
    calls: list[int] = []

    def bad(cur):
        calls.append(1)
        time.sleep(0.3)
        raise QueryError("limit 0 is out of range")

    try:
        got = _together(5, lambda: reader.cached(_request("/api/y"), bad))
        assert len(calls) == 1
        assert all(isinstance(g, QueryError) for g in got)
        assert not reader.flights and not reader.cache  # nothing kept of a failure
    finally:
        reader.close()


def test_a_snapshot_whose_preparation_fails_is_served_as_it_is(db):
    def broken(con):
        con.execute("SELECT * FROM no_such_table")

    store = SnapshotStore(db, prepare=broken)
    try:
        snap = store.snapshot()
        assert not snap.prepared
        cur = store.cursor()
        assert not query._directory(cur).prepared
        assert query.get_incident(cur, "inc_00000001")["id"] == "inc_00000001"
    finally:
        store.close()


def test_stats_in_one_pass_agree_with_counting_the_rows(db):
    from collections import Counter
    import datetime as dt

    from flashpoint.query import Filters

    cur = duckdb.connect(str(db), read_only=True).cursor()
    rows = cur.execute("SELECT type, family, date_start, country, coalesce(killed_min, killed_max) FROM incidents "
                       "WHERE country = 'IQ'").fetchall()
    got = query.stats(cur, Filters(country="IQ"))
    month = lambda d: d.strftime("%Y-%m") if d else None  # noqa: E731
    week = lambda d: (d - dt.timedelta(days=d.weekday())).isoformat()  # noqa: E731
    assert got["total"] == len(rows) > 0
    assert {r["key"]: r["n"] for r in got["by_type"]} == Counter(r[0] for r in rows)
    assert {r["key"]: r["n"] for r in got["by_month"]} == Counter(month(r[2]) for r in rows)
    assert got["undated"] == sum(1 for r in rows if r[2] is None)
    killed: Counter = Counter()
    for r in rows:
        if r[2] is not None:
            killed[week(r[2])] += r[4] or 0
    assert {r["key"]: r["killed"] for r in got["killed_by_week"]} == {k: killed[k] for k in killed}
    assert {(r["key"], r["family"]): r["n"] for r in got["by_week_family"]} == Counter(
        (week(r[2]), r[1] or "other") for r in rows if r[2] is not None)
    assert [r["key"] for r in got["by_month"]] == sorted({month(r[2]) for r in rows}, key=lambda k: (k is None, k or ""))


def test_a_store_above_the_ceiling_is_not_prepared(db, monkeypatch):
    monkeypatch.setattr(query, "PREPARE_MOST", 100)  # the store holds 120
    store = SnapshotStore(db, prepare=query.prepare_details)
    try:
        assert not store.snapshot().prepared
        cur = store.cursor()
        assert cur.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                           [query.DETAIL_TABLE]).fetchone()[0] == 0
        assert query.get_incident(cur, "inc_00000002")["id"] == "inc_00000002"
    finally:
        store.close()


def test_the_servers_snapshot_has_the_read_indexes_a_writer_does_not_keep(tmp_path):
    from flashpoint.store import Store

    path = tmp_path / "written.duckdb"
    with Store(path):
        pass   # a database as `flashpoint run` leaves it: no secondary indexes
    names = lambda con: {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    with duckdb.connect(str(path), read_only=True) as con:
        assert "mentions_incident" not in names(con)
    snapshots = SnapshotStore(path, prepare=query.prepare_snapshot)
    try:
        assert {s.split()[5] for s in query.INDEXES} <= names(snapshots.snapshot().con)
    finally:
        snapshots.close()
