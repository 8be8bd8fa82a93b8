"""GET /api/changes: what a run created or changed, for clients that keep a copy in sync."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from flashpoint.api import create_app
from flashpoint.config import Settings
from flashpoint.pipeline import run
from flashpoint.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("changes")
    source = folder / "two.jsonl"
    meta = {json.loads(line)["id"]: json.loads(line) for line in (EXAMPLES / "articles.jsonl").read_text().splitlines()
            if line.strip()}
    rows = [{**{k: v for k, v in meta[i].items() if k != "file"}, "text": (EXAMPLES / f"{i}.txt").read_text(encoding="utf-8")} for i in ("ex-001", "ex-002")]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = folder / "c.duckdb"
    run([source], Settings(db_path=db))
    with Store(db, read_only=True) as store:
        ids = {r[0] for r in store.con.execute("SELECT id FROM incidents").fetchall()}
    with TestClient(create_app(db), base_url="http://127.0.0.1:8000") as c:
        yield c, ids


def test_every_incident_a_run_created_is_listed(client):
    c, ids = client
    r = c.get("/api/changes", params={"since": "2000-01-01"})
    assert r.status_code == 200
    body = r.json()
    created = {ch["incident"] for ch in body["changes"] if ch["change"] == "created"}
    assert ids and ids <= created
    assert [ch["seq"] for ch in body["changes"]] == sorted(ch["seq"] for ch in body["changes"])
    assert body["more"] is False


def test_nothing_changed_after_now(client):
    c, _ = client
    assert c.get("/api/changes", params={"since": "2999-01-01"}).json()["changes"] == []


def test_limit_cuts_and_says_so(client):
    c, _ = client
    body = c.get("/api/changes", params={"since": "2000-01-01", "limit": 1}).json()
    assert len(body["changes"]) == 1 and body["more"] is True


@pytest.mark.parametrize("params", [{"since": "yesterday"}, {"since": "2000-01-01", "limit": 0}, {}])
def test_bad_parameters_are_400s_in_the_one_error_shape(client, params):
    c, _ = client
    r = c.get("/api/changes", params=params)
    assert r.status_code == 400
    assert set(r.json()) >= {"status", "detail", "errors"}
