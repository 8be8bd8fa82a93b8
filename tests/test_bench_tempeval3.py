"""TempEval-3 platinum set (all 20 docs, a few seconds): span, value and type F1 stay above the floors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.shared


def test_tempeval3_floors(benchmarks_dir):
    if not (benchmarks_dir / "tempeval3").is_dir():
        pytest.skip("tempeval3 benchmark data is absent")
    from benchmarks._report import load_baseline
    from benchmarks.tempeval3 import evaluate

    floors = load_baseline("tempeval3")
    result = evaluate()
    f1 = {name: scores[2] * 100 for name, scores in result["scores"].items()}
    assert result["docs"] == 20
    assert f1["strict"] >= floors["strict_f1"]
    assert f1["relaxed"] >= floors["relaxed_f1"]
    assert f1["value"] >= floors["value_f1"]
    assert f1["type"] >= floors["type_f1"]


def test_scorer_gives_gold_full_marks(benchmarks_dir):
    from benchmarks.tempeval3 import DATA, match, parse_timeml

    path = next((DATA / "platinum").glob("*.tml"))
    _, _, gold = parse_timeml(path)
    assert gold and len(match(gold, gold)) == len(gold)
