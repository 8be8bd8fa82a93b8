"""The JSON API over a small synthetic store: filters, paging, sorting, errors, read-only."""

from __future__ import annotations

import duckdb
import pytest
from fastapi.testclient import TestClient

from flashpoint.api import create_app
from synthetic import XSS_ARTICLE, XSS_TEXT, build_synthetic_db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_synthetic_db(tmp_path_factory.mktemp("api") / "api.duckdb", 150, seed=1)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def get(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_list_pages_with_total(client):
    first = get(client, "/api/incidents", limit=10)
    second = get(client, "/api/incidents", limit=10, offset=10)
    assert first["total"] == second["total"] == 150
    assert len(first["items"]) == len(second["items"]) == 10
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    dates = [i["date_start"] for i in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("sort,key,reverse", [("date", "date_start", False), ("-killed", "killed_max", True),
                                              ("sources", "sources", False), ("type", "type", False)])
def test_sort_whitelist(client, sort, key, reverse):
    items = get(client, "/api/incidents", sort=sort, limit=500)["items"]
    values = [i[key] for i in items if i[key] is not None]
    assert values == sorted(values, reverse=reverse)


def test_type_exact_and_family(client):
    drones = get(client, "/api/incidents", type="attack.drone", limit=500)
    assert drones["total"] > 0 and {i["type"] for i in drones["items"]} == {"attack.drone"}
    attacks = get(client, "/api/incidents", type="attack", limit=500)
    assert attacks["total"] > drones["total"]
    assert all(i["type"].startswith("attack.") for i in attacks["items"])


def test_country_date_actor_stance_text(client):
    iq = get(client, "/api/incidents", country="iq", limit=500)["items"]
    assert iq and {i["country"] for i in iq} == {"IQ"}
    window = get(client, "/api/incidents", date_from="2022-01-01", date_to="2022-03-31", limit=500)["items"]
    assert window and all("2022-01-01" <= i["date_start"] <= "2022-03-31" for i in window)
    houthis = get(client, "/api/incidents", actor="houthis", limit=500)["items"]
    assert houthis
    for item in houthis[:5]:
        detail = get(client, f"/api/incidents/{item['id']}")["doc"]
        involved = {detail["perpetrator"]["actor"], *(t["actor"] for t in detail["targets"]),
                    *(s["source_actor"] for s in detail["responsibility"])}
        assert "houthis" in involved
    denied = get(client, "/api/incidents", stance="denied", limit=500)["items"]
    assert denied
    assert all(any(s["stance"] == "denied" for s in get(client, f"/api/incidents/{i['id']}")["stances"])
               for i in denied[:5])
    hits = get(client, "/api/incidents", q="HALLMARKS", limit=500)
    assert 0 < hits["total"] < 150
    assert get(client, "/api/incidents", q="100%_")["total"] == 0  # LIKE wildcards are literal


@pytest.mark.parametrize("params,words", [
    ({"date_from": "15/03/2021"}, "date_from"),
    ({"date_from": "2022-02-01", "date_to": "2022-01-01"}, "after date_to"),
    ({"sort": "id; DROP TABLE incidents"}, "sort"),
    ({"limit": 0}, "limit 0"),
    ({"limit": 501}, "1..500"),
    ({"offset": -1}, "offset"),
    ({"stance": "maybe"}, "claimed"),
    ({"country": "Iraq"}, "alpha-2"),
    ({"type": "attack.drone'--"}, "type"),
])
def test_bad_parameters_say_what_is_wrong(client, params, words):
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 400
    assert words in r.json()["detail"]


def test_unparseable_integer_is_422(client):
    assert client.get("/api/incidents", params={"limit": "ten"}).status_code == 422


def test_unknown_ids_are_404(client):
    for path in ("/api/incidents/inc_nope", "/api/articles/art_nope", "/api/actors/actor_nope"):
        r = client.get(path)
        assert r.status_code == 404
        assert path.rsplit("/", 1)[1] in r.json()["detail"]


def test_incident_detail_has_links_both_ways(client):
    graph = get(client, "/api/graph", limit=5000)
    edge = graph["edges"][0]
    source = get(client, f"/api/incidents/{edge['source']}")
    target = get(client, f"/api/incidents/{edge['target']}")
    assert edge["target"] in [r["id"] for r in source["responds_to"]]
    assert edge["source"] in [r["id"] for r in target["responded_by"]]
    assert source["mentions"] and source["evidence"] and source["stances"]
    assert source["doc"]["id"] == edge["source"] and edge["target"] in source["doc"]["responds_to"]


def test_article_spans_point_into_text(client):
    article = get(client, f"/api/articles/{XSS_ARTICLE}")
    assert XSS_TEXT in article["text"]
    kinds = {s["kind"] for s in article["spans"]}
    assert {"evidence", "mention", "stance"} <= kinds
    quote = next(s for s in article["spans"] if s["field"] == "quote")
    assert article["text"][quote["start"]:quote["end"]] == XSS_TEXT


def test_graph_edges_stay_inside_the_nodes(client):
    graph = get(client, "/api/graph", type="attack", limit=40)
    ids = {n["id"] for n in graph["nodes"]}
    assert len(ids) == 40 and graph["truncated"]
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    full = get(client, "/api/graph", limit=5000)
    assert not full["truncated"] and len(full["edges"]) > len(graph["edges"])


def test_actor_page_and_stats(client):
    actors = get(client, "/api/actors")["items"]
    top = actors[0]
    assert top["incidents"] >= actors[-1]["incidents"]
    houthis = get(client, "/api/actors/houthis")
    assert houthis["name"] == "Houthis"
    assert all(i["perpetrator"] == "houthis" for i in houthis["as_perpetrator"])
    assert all(s["stance"] == "claimed" for s in houthis["claims"])
    stats = get(client, "/api/stats", country="IQ")
    assert sum(r["n"] for r in stats["by_type"]) == stats["total"] == sum(r["n"] for r in stats["by_country"])
    assert {r["key"] for r in stats["by_stance"]} <= {"claimed", "attributed", "suspected", "denied", "unclaimed"}


def test_api_is_read_only(client, db):
    assert client.post("/api/incidents", json={}).status_code == 405
    assert client.delete("/api/incidents/inc_00000000").status_code == 405
    cur = client.app.state.store.cursor()
    with pytest.raises(duckdb.Error):
        cur.execute("DELETE FROM incidents")


def test_ui_is_served_or_explains_how_to_build(client):
    r = client.get("/")
    assert r.status_code in (200, 503)
    assert ("app.js" in r.text) if r.status_code == 200 else ("npm ci" in r.text)
