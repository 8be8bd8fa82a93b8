"""The scale benchmark's replayed extraction: each copy of a base article is its own
world - its ids, dates and named person victims are the copy's own, so copies never
report one person's killing between them (``benchmarks/replay.py``)."""

from __future__ import annotations

import datetime as dt
import json
import sys

import duckdb

from conftest import ROOT
from flashpoint.fuse import _persons, could_pair
from flashpoint.records import Article, Mention, from_dict


def _base():
    ev = {"article": "a1", "start": 0, "end": 40, "text": "A drone strike killed General Jane Roe.", "rule": "t"}
    doc = {"id": "m_1", "article": "a1", "type": "attack.drone", "modality": "asserted",
           "trigger": {**ev, "start": 2, "end": 14, "text": "drone strike"}, "sentence": ev,
           "published": "2020-12-05", "date": None,
           "victims": [{"id": "jane_roe", "name": "Jane Roe", "text": "General Jane Roe", "type": "person",
                        "evidence": {**ev, "start": 23, "end": 39, "text": "General Jane Roe"}}]}
    con = duckdb.connect()
    con.execute("CREATE TABLE articles (id VARCHAR, published DATE)")
    con.execute("CREATE TABLE mentions (id VARCHAR, article VARCHAR, doc VARCHAR)")
    con.execute("INSERT INTO articles VALUES ('a1', DATE '2020-12-05')")
    con.execute("INSERT INTO mentions VALUES ('m_1', 'a1', ?)", [json.dumps(doc)])
    return con


def test_replayed_copies_name_their_own_person_victims():
    sys.path.insert(0, str(ROOT))
    from benchmarks.replay import Layout, replay_engine

    con = _base()
    where = Layout(step_days=1000, per_round=40, base_countries=())
    engine = replay_engine(con, where)
    copies = [Article(id=f"a1-r{k}", text="t", published=dt.date(2020, 12, 5) - dt.timedelta(days=1000 * k))
              for k in (1, 2)]
    first, second = (m for batch in engine(copies, None) for m in batch)
    assert isinstance(first, Mention) and first.id == "m_1-r1" and second.id == "m_1-r2"
    assert first.published == dt.date(2020, 12, 5) - dt.timedelta(days=1000)
    assert _persons(first) and _persons(second) and not _persons(first) & _persons(second)
    # both undated, a year apart: only a person in common could pair them, and they have none
    assert not could_pair(first, second)
    base = from_dict(Mention, json.loads(con.execute("SELECT doc FROM mentions").fetchone()[0]))
    assert _persons(base) == {"jane_roe"}
