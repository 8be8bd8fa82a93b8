"""Quick geoparsing benchmark, a regression guard: gold spans on 40 documents per corpus and
system spans on 10 must meet the floors pinned in benchmarks/baselines/geoparsing.json. It
reads the dev part (the one tuned on), so that running the tests never shows test figures
to whoever is tuning; the test part is read only by the full report run."""

from __future__ import annotations

import pytest

from benchmarks._report import load_baseline


@pytest.fixture(scope="module")
def results(benchmarks_dir):
    from benchmarks.geoparsing import evaluate

    floors = load_baseline("geoparsing")
    part = floors["part"]
    gold = evaluate(limit=floors["gold_docs_per_corpus"], part=part, modes=("gold",), root=benchmarks_dir)
    e2e = evaluate(limit=floors["e2e_docs_per_corpus"], part=part, modes=("e2e",), root=benchmarks_dir)
    return floors, {c: {**gold[c], **e2e[c]} for c in gold}


@pytest.mark.parametrize("corpus", ["GWN", "LGL", "TR-News"])
def test_geoparsing_floors(results, corpus):
    floors, got = results
    for mode, metrics in floors[corpus].items():
        for metric, floor in metrics.items():
            value = got[corpus][mode][metric]
            assert value >= floor, f"{corpus} {mode} {metric} fell to {value:.1f} (floor {floor})"
