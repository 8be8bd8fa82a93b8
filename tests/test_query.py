"""The read-query layer on its own: validation, parameterisation, opening the store."""

from __future__ import annotations

import pytest

from flashpoint import query
from flashpoint.errors import StoreError
from flashpoint.query import Filters, QueryError
from synthetic import build_synthetic_db


@pytest.fixture(scope="module")
def cur(tmp_path_factory):
    con = query.connect(build_synthetic_db(tmp_path_factory.mktemp("q") / "q.duckdb", 80, seed=2))
    yield con.cursor()
    con.close()


def test_user_text_never_enters_the_sql():
    hostile = "x'); DROP TABLE incidents; --"
    sql, params = Filters(actor=hostile, q=hostile).where()
    assert hostile not in sql and "DROP" not in sql
    assert hostile in params


def test_text_search_is_a_literal_case_insensitive_substring():
    _, params = Filters(q="  50%_Off ").where()
    assert params == ["50%_off"] * 3


@pytest.mark.parametrize("filters,message", [
    (Filters(date_to="2021-02-30"), "YYYY-MM-DD"),
    (Filters(type="Attack Drone"), "attack.drone"),
    (Filters(country="Atlantis"), "country name or ISO code"),
    (Filters(stance="blamed"), "unclaimed"),
])
def test_invalid_filters_raise_with_the_fix(filters, message):
    with pytest.raises(QueryError, match=message):
        filters.where()


def test_sort_keys_come_from_the_whitelist(cur):
    with pytest.raises(QueryError, match="-killed"):
        query.list_incidents(cur, Filters(), sort="date_start")
    oldest = query.list_incidents(cur, Filters(), sort="date", limit=1)["items"][0]
    newest = query.list_incidents(cur, Filters(), sort="-date", limit=1)["items"][0]
    assert oldest["date_start"] < newest["date_start"]


def test_date_filter_keeps_overlapping_intervals(cur):
    day = query.list_incidents(cur, Filters(), limit=1)["items"][0]["date_start"]
    hits = query.list_incidents(cur, Filters(date_from=day, date_to=day), limit=500)
    assert hits["total"] >= 1 and all(i["date_start"] == day for i in hits["items"])


def test_actor_and_stance_together_mean_a_stance_about_that_actor(cur):
    rows = query.list_incidents(cur, Filters(actor="iran", stance="denied"), limit=500)["items"]
    assert rows
    for row in rows:
        stances = query.get_incident(cur, row["id"])["stances"]
        assert any(s["stance"] == "denied" and "iran" in (s["actor"], s["source_actor"]) for s in stances)


def test_missing_store_says_how_to_build_it(tmp_path):
    with pytest.raises(StoreError, match="flashpoint run"):
        query.connect(tmp_path / "absent.duckdb")


def test_unknown_ids_return_none(cur):
    assert query.get_incident(cur, "inc_absent") is None
    assert query.get_article(cur, "absent") is None
    assert query.get_actor(cur, "absent") is None


def test_graph_limit_is_bounded(cur):
    with pytest.raises(QueryError, match="limit"):
        query.graph(cur, Filters(), limit=query.MAX_GRAPH_NODES + 1)
