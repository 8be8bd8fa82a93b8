"""benchmarks/reliability.py: the hostile-input catalogue is all accounted for, and the
report counts crashes, losses and other owners' figures as they are."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import benchmarks.reliability as reliability
from benchmarks.reliability import Outcome, _compare, hostile_section, owned_section
from flashpoint.records import Article, Rejected


def test_every_ingest_case_in_the_catalogue_is_accounted_for():
    with tempfile.TemporaryDirectory() as tmp:
        cases = reliability._ingest_cases(Path(tmp))
        outcomes = [_compare(name, expected, read()) for name, expected, read in cases]
    assert len(outcomes) > 20
    assert [o for o in outcomes if o.lost or o.crashed] == []


def test_a_cut_text_passed_as_an_article_counts_as_a_loss():
    items = [Article(id="a", text="whole"), Article(id="b", text="cut mid-wo")]
    outcome = _compare("cut", ["article", "truncated"], items)
    assert outcome.lost == ["expected truncated, ingested as an article"]
    assert _compare("short", ["article", "malformed"], items[:1]).lost == ["1 input(s) gave no record"]
    assert _compare("ok", ["article", "truncated"], [items[0], Rejected("x", "truncated")]).lost == []


def test_the_section_adds_up():
    text = hostile_section([Outcome("a", 2), Outcome("b", 1, crashed="ValueError: x"),
                            Outcome("c", 3, lost=["l1", "l2"])], 1.0)
    assert "| 6 | 1 | 2 |" in text and "CRASH ValueError: x" in text and "l1; l2" in text


def test_other_owners_figures_or_not_measured(tmp_path, monkeypatch):
    monkeypatch.setattr(reliability, "RESULTS", tmp_path)
    assert owned_section("load.json", "the load script").startswith("not measured yet")
    (tmp_path / "load.json").write_text(json.dumps({"command": "python benchmarks/load.py", "date": "2026-01-02",
                                                    "machine": "m", "figures": {"requests/s": 500, "p95 ms": 120}}))
    text = owned_section("load.json", "the load script")
    assert "`python benchmarks/load.py`, 2026-01-02, m" in text and "| 500 | 120 |" in text
