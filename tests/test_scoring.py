"""Benchmark metrics on hand-made clusterings and templates whose scores are worked out by hand."""

from __future__ import annotations

import pytest

from benchmarks.scoring import bcubed, gtt_counts, gtt_score, normalise, pairwise, prf

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}


def test_bcubed_worked_example():
    # pred {a,b} {c,d,e}: P = (1+1+1/3+2/3+2/3)/5, R = (2/3+2/3+1/3+1+1)/5
    p, r, f = bcubed({"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}, GOLD)
    assert p == pytest.approx(11 / 15)
    assert r == pytest.approx(11 / 15)
    assert f == pytest.approx(11 / 15)


def test_bcubed_singletons_and_one_cluster():
    singletons = {k: k for k in GOLD}
    p, r, _ = bcubed(singletons, GOLD)
    assert p == 1.0
    assert r == pytest.approx((1 / 3 * 3 + 1 / 2 * 2) / 5)
    p, r, _ = bcubed({k: 0 for k in GOLD}, GOLD)
    assert r == 1.0
    assert p == pytest.approx((3 / 5 * 3 + 2 / 5 * 2) / 5)
    assert bcubed(GOLD, GOLD) == (1.0, 1.0, 1.0)


def test_pairwise_worked_example():
    # pred pairs ab cd ce de, gold pairs ab ac bc de: 2 shared
    assert pairwise({"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}, GOLD) == (0.5, 0.5, 0.5)
    assert pairwise({k: k for k in GOLD}, GOLD) == (0.0, 0.0, 0.0)
    p, r, f = pairwise({k: 0 for k in GOLD}, GOLD)
    assert (p, r) == (0.4, 1.0) and f == pytest.approx(2 * 0.4 / 1.4)


def test_clusterings_must_cover_the_same_items():
    with pytest.raises(ValueError, match="same items"):
        bcubed({"a": 1}, GOLD)


def test_prf_handles_empty_sides():
    assert prf(0, 0, 5) == (0.0, 0.0, 0.0)
    assert prf(2, 4, 8) == (0.5, 0.25, pytest.approx(1 / 3))


def _gold(kind="attack", **roles):
    return {"incident_type": kind, **{r: roles.get(r, []) for r in ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")}}


def _pred(kind="attack", **roles):
    return {"incident_type": kind, **roles}


GOLD_DOC = [
    _gold("attack", PerpOrg=[["fmln", "farabundo marti national liberation front"]],
          Victim=[["jose perez"], ["the mayor", "mayor of usulutan"]], Weapon=[["rifles"]]),
    _gold("bombing", Target=[["power tower", "tower"]], Weapon=[["dynamite"]]),
]


def test_gold_as_prediction_scores_100():
    pred = [_pred(t["incident_type"], **{r: [e[0] for e in t[r]] for r in t if r != "incident_type"}) for t in GOLD_DOC]
    assert gtt_score([(pred, GOLD_DOC)])["all"] == (1.0, 1.0, 1.0)


def test_partial_match_any_mention_counts_once_per_entity():
    pred = [_pred("attack", PerpOrg=["Farabundo Marti National Liberation Front."], Victim=["mayor of usulutan", "the mayor", "ana"])]
    counts = gtt_counts(pred, GOLD_DOC)
    assert counts["PerpOrg"] == [1, 1, 1]
    assert counts["Victim"] == [1, 3, 2]   # two strings for one entity: the second is wrong
    assert counts["Target"] == [0, 0, 1]   # the unmatched bombing template is all missed
    scores = gtt_score([(pred, GOLD_DOC)])
    assert scores["all"][0] == pytest.approx(2 / 4)
    assert scores["all"][1] == pytest.approx(2 / 6)


def test_type_must_agree_for_a_match():
    pred = [_pred("kidnapping", PerpOrg=["fmln"])]
    assert gtt_counts(pred, GOLD_DOC)["PerpOrg"] == [0, 1, 1]
    # an ambiguous gold key accepts either type
    assert gtt_counts([_pred("bombing", PerpOrg=["fmln"])], [_gold("attack / bombing", PerpOrg=[["fmln"]])])["PerpOrg"] == [1, 1, 1]


def test_alignment_is_optimal_not_greedy():
    gold = [_gold("attack", Victim=[["ana"]]), _gold("attack", Victim=[["bob"]], Weapon=[["gun"]])]
    pred = [_pred("attack", Victim=["bob"]), _pred("attack", Victim=["ana"], Weapon=["gun"])]
    # crossed matching: pred0-gold1 (bob) + pred1-gold0 (ana) = 2; the straight one gives 1 (gun)
    assert sum(c[0] for c in gtt_counts(pred, gold).values()) == 2
    pred = [_pred("attack", Victim=["ana", "bob"], Weapon=["gun"]), _pred("attack", Victim=["ana"])]
    # pred0-gold1 gives 2 (bob, gun), pred1-gold0 gives 1: 3 in all; pred0-gold0 would give 1 + 0
    assert sum(c[0] for c in gtt_counts(pred, gold).values()) == 3


def test_documents_without_templates_contribute_nothing():
    assert gtt_score([([], []), ([], [])])["all"] == (0.0, 0.0, 0.0)
    assert gtt_counts([], []) == {r: [0, 0, 0] for r in ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")}


def test_normalise():
    assert normalise('  "The  Mayor," ') == "mayor"
    assert normalise("the farabundo marti national liberation front's") == "farabundo marti national liberation front s"
    assert normalise("an m-16 rifle") == "m 16 rifle"


def test_repeated_string_matches_a_second_entity_of_that_name_only():
    gold = [_gold("attack", Target=[["car", "his car"], ["car"]])]
    assert gtt_counts([_pred("attack", Target=["car", "car"])], gold)["Target"] == [2, 2, 2]
    assert gtt_counts([_pred("attack", Target=["car", "car", "his car"])], gold)["Target"] == [2, 3, 2]
