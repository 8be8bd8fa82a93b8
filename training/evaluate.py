"""Scores for the event classifier: weighted and macro F1, per-type table, confusion.

Used on dev by ``training/train.py`` while choosing settings, and on test by
``benchmarks/event_types.py`` (once, for the report).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from flashpoint.ontology import NO_EVENT
from training.datasets import Example, team_corpus, wikipedia_rows


def f1_table(gold: list[str], pred: list[str]) -> dict:
    labels = sorted(set(gold) | set(pred))
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    per = {}
    for lab in labels:
        prec = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rec = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp[lab] + fn[lab]}
    support = sum(v["support"] for v in per.values())
    present = [v for v in per.values() if v["support"]]
    return {
        "accuracy": sum(tp.values()) / len(gold) if gold else 0.0,
        "weighted_f1": sum(v["f1"] * v["support"] for v in per.values()) / support if support else 0.0,
        "macro_f1": sum(v["f1"] for v in present) / len(present) if present else 0.0,
        "per_label": per,
        "n": len(gold),
    }


def confusion(gold: list[str], pred: list[str]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g, p in zip(gold, pred):
        table[g][p] += 1
    return {g: dict(row) for g, row in table.items()}


def detection(examples: list[Example], preds) -> dict:
    """For sets that hold only events: share detected, and type accuracy among them."""
    found = [(e, p) for e, p in zip(examples, preds) if p.label != NO_EVENT]
    right = sum(1 for e, p in found if p.label == e.label)
    return {"n": len(examples), "detected": len(found) / len(examples) if examples else 0.0,
            "type_accuracy_detected": right / len(found) if found else 0.0,
            "type_accuracy_all": right / len(examples) if examples else 0.0}


def dev_report(clf) -> dict:
    team = [e for e in team_corpus() if e.split == "dev"]
    wiki = [e for e in wikipedia_rows() if e.split == "dev"]
    team_pred = clf.predict([e.text for e in team])
    wiki_pred = clf.predict([e.text for e in wiki])
    scores = f1_table([e.label for e in team], [p.label for p in team_pred])
    return {"team_dev": {k: scores[k] for k in ("accuracy", "weighted_f1", "macro_f1", "n")},
            "wikipedia_dev": detection(wiki, wiki_pred)}
