"""The JSON API over a small synthetic store: filters, paging, sorting, errors, read-only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

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
    with TestClient(create_app(db), base_url="http://127.0.0.1:8000") as c:
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
    ({"country": "Atlantis"}, "country name or ISO code"),
    ({"offset": 2**63}, "offset"),
    ({"offset": 10_000_001}, "0..10000000"),
    ({"limit": -5}, "limit -5"),
    ({"min_killed": -1}, "min_killed"),
    ({"contry": "IQ"}, "unknown parameter 'contry'"),
    ({"type": "attack.drone'--"}, "type"),
])
def test_bad_parameters_say_what_is_wrong(client, params, words):
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 400
    assert words in r.json()["detail"]


def test_validation_errors_have_the_one_error_shape(client):
    shapes = []
    for path, params in [("/api/incidents", {"limit": "ten"}), ("/api/incidents", {"stance": "maybe"}),
                         ("/api/incidents", {"contry": "IQ"}), ("/api/incidents/inc_nope", {}),
                         ("/api/suggest", {}), ("/api/nothing-here", {})]:
        r = client.get(path, params=params)
        assert r.status_code in (400, 404), (path, r.status_code)
        body = r.json()
        assert set(body) == {"status", "detail", "errors"} and body["status"] == r.status_code
        assert isinstance(body["detail"], str) and body["detail"]
        shapes.append(r.status_code)
    assert shapes.count(400) == 4
    assert client.get("/api/incidents", params={"limit": "ten"}).json()["errors"][0]["parameter"] == "limit"


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
    cur = client.app.state.reader.cursor()
    with pytest.raises(duckdb.Error):
        cur.execute("DELETE FROM incidents")


def test_ui_is_served_or_explains_how_to_build(client):
    r = client.get("/")
    assert r.status_code in (200, 503)
    assert ("app.js" in r.text) if r.status_code == 200 else ("npm ci" in r.text)


def test_filters_people_can_use(client):
    iq = get(client, "/api/incidents", country="IQ", limit=500)["total"]
    sy = get(client, "/api/incidents", country="SY", limit=500)["total"]
    both = get(client, "/api/incidents", country="IQ,SY", limit=500)
    assert both["total"] == iq + sy and {i["country"] for i in both["items"]} == {"IQ", "SY"}
    assert get(client, "/api/incidents", country="Iraq")["total"] == iq  # a name, not only a code
    assert get(client, "/api/incidents", country="Syria, Iraq")["total"] == iq + sy
    by_name = get(client, "/api/incidents", actor="Kataib Hezbollah")["total"]
    assert by_name > 0 and by_name == get(client, "/api/incidents", actor="kataib_hezbollah")["total"]
    anbar = get(client, "/api/incidents", admin1="anbar", limit=500)["items"]
    assert anbar and {i["admin1"] for i in anbar} == {"Anbar"}
    deadly = get(client, "/api/incidents", min_killed=3, limit=500)["items"]
    assert deadly and all((i["killed_min"] if i["killed_min"] is not None else i["killed_max"]) >= 3 for i in deadly)
    assert get(client, "/api/incidents", min_killed=3)["total"] < get(client, "/api/incidents")["total"]
    r = client.get("/api/incidents?country=IQ&country=SY")
    assert r.status_code == 400 and "'country' given 2 times" in r.json()["detail"]


def test_suggestions_by_name_and_alias(client):
    countries = get(client, "/api/suggest", field="country", q="ira")["items"]
    assert [c["value"] for c in countries[:2]] == ["IQ", "IR"] and countries[0]["label"] == "Iraq"
    actors = get(client, "/api/suggest", field="actor", q="kataib")["items"]
    assert actors[0]["value"] == "kataib_hezbollah" and actors[0]["label"] == "Kataib Hezbollah"
    assert get(client, "/api/suggest", field="admin1", q="anb")["items"][0]["value"] == "Anbar"
    assert client.get("/api/suggest", params={"field": "colour", "q": "x"}).status_code == 400


def test_host_header_is_checked_and_security_headers_sent(client):
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example"):
        r = client.get("/api/incidents", headers={"host": host})
        assert r.status_code == 400 and "not served here" in r.json()["detail"], host
    for host in ("127.0.0.1:8000", "localhost", "[::1]:8000"):
        assert client.get("/api/stats", headers={"host": host}).status_code == 200, host
    for path in ("/api/incidents", "/", "/api/incidents/inc_nope"):
        r = client.get(path)
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert "access-control-allow-origin" not in r.headers  # CORS is off unless configured
    r = client.get("/api/stats", headers={"origin": "http://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_and_extra_hosts_when_configured(db):
    app = create_app(db, allowed_hosts=["workbench.lan"], cors_origins=["http://notebook.lan"])
    with TestClient(app, base_url="http://workbench.lan") as c:
        r = c.get("/api/stats", headers={"origin": "http://notebook.lan"})
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "http://notebook.lan"
        assert c.get("/api/stats", headers={"host": "other.lan"}).status_code == 400


def test_openapi_declares_models_enums_and_errors(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"IncidentDoc", "IncidentPage", "ErrorResponse", "Stance", "WeaponClass", "Escalation"} <= set(schemas)
    assert set(schemas["Stance"]["enum"]) == {"claimed", "attributed", "suspected", "denied", "unclaimed"}
    for path, ops in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        responses = ops["get"]["responses"]
        assert "400" in responses, path
        assert "422" not in responses, path
        if "{" in path:
            assert "404" in responses, path
        ok = responses["200"]["content"]
        assert "$ref" in json.dumps(ok) or path == "/api/export", path


def test_responses_match_the_declared_models(client):
    from flashpoint import api_models as m

    page = m.IncidentPage.model_validate(get(client, "/api/incidents", limit=20))
    some = page.items[0].id
    detail = m.IncidentDetail.model_validate(get(client, f"/api/incidents/{some}"))
    assert detail.doc.id == some
    m.Graph.model_validate(get(client, "/api/graph", limit=50))
    m.Stats.model_validate(get(client, "/api/stats"))
    m.ActorPage.model_validate(get(client, "/api/actors"))
    m.ActorDetail.model_validate(get(client, "/api/actors/houthis"))
    m.Article.model_validate(get(client, f"/api/articles/{XSS_ARTICLE}"))
    m.Suggestions.model_validate(get(client, "/api/suggest", field="country", q="sy"))
    m.Escalation.model_validate(get(client, "/api/escalation", a="united_states", b="kataib_hezbollah"))


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson"])
def test_export_for_the_current_filter(client, fmt):
    total = get(client, "/api/incidents", country="IQ", type="attack")["total"]
    r = client.get("/api/export", params={"format": fmt, "country": "IQ", "type": "attack"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.text)))
        every = list(csv.DictReader(io.StringIO(client.get("/api/export", params={
            "format": fmt, "country": "IQ", "type": "attack", "all_events": "true"}).text)))
        assert 0 < len(rows) <= len(every) == total  # ACLED's rows, or all of them on request
        assert {row["country"] for row in every if row["country"]} == {"Iraq"}
    elif fmt == "jsonl":
        docs = [json.loads(line) for line in r.text.splitlines()]
        assert len(docs) == total and all(d["location"]["country"] == "IQ" for d in docs)
    else:
        features = r.json()["features"]
        assert 0 < len(features) <= total
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 400


def test_escalation_both_directions_with_lags(client):
    data = get(client, "/api/escalation", a="United States", b="Kataib Hezbollah", within=60)
    assert data["a"]["ids"] == ["united_states"] and data["b"]["ids"] == ["kataib_hezbollah"]
    assert {i["side"] for i in data["incidents"]} <= {"a", "b"} and data["incidents"]
    by_id = {i["id"]: i for i in data["incidents"]}
    for link in data["links"]:
        src, dst = by_id[link["source"]], by_id[link["target"]]
        assert link["lag_days"] == (dt.date.fromisoformat(src["date_start"]) - dt.date.fromisoformat(dst["date_start"])).days
    for row in data["monthly"]:
        assert {row["actor"], row["against"]} == {"united_states", "kataib_hezbollah"}
    assert client.get("/api/escalation", params={"a": "iran", "b": "iran"}).status_code == 400


def test_merged_ids_redirect_to_the_surviving_incident(tmp_path):
    path = build_synthetic_db(tmp_path / "redirect.duckdb", 20, seed=4)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE IF NOT EXISTS redirects (id VARCHAR PRIMARY KEY, merged_into VARCHAR, run VARCHAR, "
                "redirected_at TIMESTAMP)")
    con.execute("INSERT INTO redirects VALUES ('inc_gone', 'inc_older', 'r1', now()), ('inc_older', 'inc_00000003', 'r2', now())")
    con.close()
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        r = c.get("/api/incidents/inc_gone")
        assert r.status_code == 200 and r.json()["id"] == "inc_00000003"
        assert r.history and r.history[0].status_code == 308
        assert c.get("/api/incidents/inc_never").status_code == 404


def test_escalation_counts_an_actors_parts_and_the_incidents_it_answered(tmp_path):
    """The US side holds the US forces under it, and the attack the US answered is on the
    axis even when no US party is named in it: both directions, one arrow with its lag."""
    from flashpoint import query

    path = build_synthetic_db(tmp_path / "pair.duckdb", 30, seed=5)
    con = duckdb.connect(str(path))
    con.execute("UPDATE actors SET parents = ? WHERE id = 'us_forces'",
                [json.dumps([{"id": "united_states", "relation": "parents"}])])
    first, answer = "inc_00000003", "inc_00000004"
    for inc, perp in ((first, "kataib_hezbollah"), (answer, "us_forces")):
        doc = json.loads(con.execute("SELECT doc FROM incidents WHERE id = ?", [inc]).fetchone()[0])
        doc["perpetrator"] = {**doc["perpetrator"], "actor": perp}
        doc["targets"], doc["victims"] = [], []
        doc["responds_to"] = [first] if inc == answer else []
        con.execute("UPDATE incidents SET perpetrator = ?, doc = ? WHERE id = ?", [perp, json.dumps(doc), inc])
        con.execute("DELETE FROM incident_actors WHERE incident = ?", [inc])
        con.execute("INSERT INTO incident_actors VALUES (?, ?, 'perpetrator')", [inc, perp])
    con.execute("DELETE FROM links WHERE source IN (?, ?) OR target IN (?, ?)", [first, answer, first, answer])
    con.execute("INSERT INTO links (source, target, kind) VALUES (?, ?, 'retaliation')", [answer, first])
    dates = dict(con.execute("SELECT id, date_start FROM incidents WHERE id IN (?, ?)", [first, answer]).fetchall())

    data = query.escalation(con.cursor(), "United States", "Kataib Hezbollah")
    sides = {i["id"]: (i["side"], i["perpetrator"]) for i in data["incidents"]}
    assert sides[answer] == ("a", "us_forces") and sides[first] == ("b", "kataib_hezbollah")
    lag = (dates[answer] - dates[first]).days
    assert {"source": answer, "target": first, "lag_days": lag, "direction": "a->b"} in data["links"]
    assert data["summary"]["b"]["median_lag_days"] == lag
    assert data["a"]["name"] == "United States" and data["a"]["ids"] == ["united_states"]

    con.execute("UPDATE actors SET parents = '[]' WHERE id = 'us_forces'")
    apart = query.escalation(con.cursor(), "United States", "Kataib Hezbollah")
    assert answer not in {i["id"] for i in apart["incidents"]}
    con.close()
