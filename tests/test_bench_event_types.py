"""Event detection and typing: the label mapping, the scorer, and a quick floor run on
the test splits (benchmarks/event_types.py --quick; floors in baselines/event_types.json)."""

from __future__ import annotations

import pytest

from benchmarks._report import load_baseline
from flashpoint.ontology import ACLED_SUB_EVENTS, NO_EVENT, acled_pair, code_for
from training.evaluate import f1_table
from training.labels import plover_label, wiki_label


def test_every_acled_sub_event_has_a_code_and_maps_back():
    for sub in ACLED_SUB_EVENTS:
        code = code_for(sub)
        assert code is not None, sub
        assert acled_pair(code)[1] == sub
    assert code_for("Air/drone strike", weapon="drone") == "attack.drone"
    assert code_for("Shelling/artillery/missile attack", weapon="missile") == "attack.missile"
    assert code_for(NO_EVENT) is None


def test_wikipedia_types_map_by_means_then_target():
    assert wiki_label("Suicide car bombing, shooting", "A bomber struck a market.", "5") == "Suicide bomb"
    assert wiki_label("Shooting", "Gunmen killed four villagers, police said.", "4") == "Attack"
    assert wiki_label("Shooting", "Gunmen killed four soldiers at a checkpoint.", "4") == "Armed clash"
    assert wiki_label("Arson", "A bus depot was set on fire.", "0") == "Looting/property destruction"
    assert wiki_label("Unknown", "Something happened.", "0") is None


def test_plover_verbal_events_are_no_event():
    assert plover_label("DEMAND", None) == NO_EVENT
    assert plover_label("PROTEST", "riot-spon") == "Violent demonstration"
    assert plover_label("COERCE", "ban") is None


def test_f1_table_weights_by_support():
    scores = f1_table(["a", "a", "b"], ["a", "b", "b"])
    assert scores["accuracy"] == pytest.approx(2 / 3)
    assert scores["per_label"]["a"]["recall"] == 0.5 and scores["per_label"]["b"]["precision"] == 0.5
    assert scores["weighted_f1"] == pytest.approx((2 * (2 / 3) + 1 * (2 / 3)) / 3)


@pytest.mark.shared
def test_quick_run_meets_the_floors(shared_dir):
    from benchmarks.event_types import evaluate, summary

    floors = load_baseline("event_types")
    got = summary(evaluate(quick=True))
    for key, floor in floors.items():
        if key.startswith("_"):
            continue
        assert got[key] >= floor, f"{key}: {got[key]:.3f} < floor {floor}"
