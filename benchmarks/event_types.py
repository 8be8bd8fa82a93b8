"""Event detection and typing: the classifier alone and the whole pipeline, on test splits.

    python benchmarks/event_types.py            # every set, writes BENCHMARKS.md
    python benchmarks/event_types.py --quick    # small slices, prints JSON (the CI test uses it)

Sets (splits fixed in ``training/datasets.py``; none of them was used for tuning):
- the team corpus' test split (20% of each writing pass, by a hash of the record id);
- Wikipedia incident descriptions of 2018-2019 (the model saw up to 2017);
- PLOVER gold records mapped to ACLED types (``training/labels.py``), never trained on;
- MUC-4 test documents: the incident type of each document.

"Pipeline" means the text goes through everything an article goes through (spaCy, the
lexicon, the classifier, modality, arguments): a passage is detected when it yields an
asserted event mention, and its type is that of the most probable one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._report import write_section  # noqa: E402
from flashpoint.ontology import NO_EVENT, acled_pair, family  # noqa: E402
from training.datasets import plover_rows, team_corpus, wikipedia_rows  # noqa: E402
from training.evaluate import confusion, detection, f1_table  # noqa: E402

PUBLISHED = dt.date(2024, 1, 15)
ERRORS: list[str] = []   # passages whose extraction raised (scored as "none")


def pipeline_label(nlp, text: str) -> str:
    """The ACLED sub-event type the whole pipeline gives a passage, or ``none``."""
    from flashpoint.pipeline import extract_article
    from flashpoint.records import Article

    try:
        mentions = extract_article(nlp, Article(id="bench", text=text, published=PUBLISHED))
    except Exception:          # as the engines do: one failing passage is that passage's loss
        ERRORS.append(text[:80])
        return NO_EVENT
    events = [m for m in mentions if m.modality == "asserted" and family(m.type) != "statement"
              and acled_pair(m.type)[1] is not None]
    if not events:
        return NO_EVENT
    best = max(events, key=lambda m: (m.type_probability or 0.0, -m.trigger.start))
    return acled_pair(best.type)[1]


class _Pred:
    def __init__(self, label: str):
        self.label = label


def evaluate(quick: bool = False) -> dict:
    from flashpoint.models.event_type import EventClassifier
    from flashpoint.nlp import shared_pipeline

    clf = EventClassifier.default()
    nlp = shared_pipeline()
    team = [e for e in team_corpus() if e.split == "test"]
    wiki = [e for e in wikipedia_rows() if e.split == "test"]
    plover = plover_rows()
    if quick:
        team, wiki, plover = team[::4], wiki[::20], plover[::2]
    out: dict = {"model": clf.name, "sizes": {"team_test": len(team), "wikipedia_test": len(wiki), "plover": len(plover)}}

    started = time.perf_counter()
    team_clf = [p.label for p in clf.predict([e.text for e in team])]
    out["classifier_seconds_per_1000"] = (time.perf_counter() - started) / max(len(team), 1) * 1000
    gold = [e.label for e in team]
    out["team_classifier"] = f1_table(gold, team_clf)
    started = time.perf_counter()
    team_pipe = [pipeline_label(nlp, e.text) for e in team]
    out["pipeline_seconds_per_text"] = (time.perf_counter() - started) / max(len(team), 1)
    out["team_pipeline"] = f1_table(gold, team_pipe)
    out["team_pipeline_confusion"] = confusion(gold, team_pipe)
    events = [i for i, e in enumerate(team) if e.label != NO_EVENT]
    negatives = [i for i, e in enumerate(team) if e.label == NO_EVENT]
    out["team_pipeline_detection"] = {
        "events_detected": sum(team_pipe[i] != NO_EVENT for i in events) / max(len(events), 1),
        "negatives_kept_out": sum(team_pipe[i] == NO_EVENT for i in negatives) / max(len(negatives), 1),
    }
    out["team_pipeline_by_pass"] = {}
    for group in sorted({e.group for e in team}):
        idx = [i for i, e in enumerate(team) if e.group == group]
        out["team_pipeline_by_pass"][group] = f1_table([gold[i] for i in idx], [team_pipe[i] for i in idx])["weighted_f1"]

    out["wikipedia_classifier"] = detection(wiki, clf.predict([e.text for e in wiki]))
    out["wikipedia_pipeline"] = detection(wiki, [_Pred(pipeline_label(nlp, e.text)) for e in wiki])

    plover_gold = [e.label for e in plover]
    out["plover_classifier"] = f1_table(plover_gold, [p.label for p in clf.predict([e.text for e in plover])])
    out["plover_pipeline"] = f1_table(plover_gold, [pipeline_label(nlp, e.text) for e in plover])
    if not quick:
        out["muc4_documents"] = muc4_document_types(nlp)
    out["extraction_errors"] = len(ERRORS)
    return out


def muc4_document_types(nlp) -> dict:
    """Per MUC-4 test document: are its incident types (or "none") the ones we find?"""
    from benchmarks import muc4

    docs = muc4.load_split("test")
    exact = first = 0
    for doc in docs:
        gold = sorted({t["incident_type"] for t in doc["templates"]}) or ["none"]
        predicted = sorted({t["incident_type"] for t in muc4.document_templates(nlp, doc)}) or ["none"]
        exact += gold == predicted
        first += bool(set(gold) & set(predicted))
    return {"docs": len(docs), "exact_type_set": exact / len(docs), "any_type_shared": first / len(docs)}


def _table(scores: dict) -> str:
    rows = ["| type | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for label, v in sorted(scores["per_label"].items(), key=lambda kv: -kv[1]["support"]):
        rows.append(f"| {label} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1']:.2f} | {v['support']} |")
    return "\n".join(rows)


def _confusions(table: dict, top: int = 12) -> str:
    pairs = Counter({(g, p): n for g, row in table.items() for p, n in row.items() if g != p})
    rows = ["| gold | predicted | count |", "|---|---|---|"]
    rows += [f"| {g} | {p} | {n} |" for (g, p), n in pairs.most_common(top)]
    return "\n".join(rows)


def report(r: dict) -> str:
    tc, tp = r["team_classifier"], r["team_pipeline"]
    wc, wp = r["wikipedia_classifier"], r["wikipedia_pipeline"]
    pc, pp = r["plover_classifier"], r["plover_pipeline"]
    lines = [
        f"Model `{r['model']}` (MODEL.md). Classifier: {r['classifier_seconds_per_1000']:.2f} s per 1,000 passages; "
        f"whole pipeline: {r['pipeline_seconds_per_text'] * 1000:.0f} ms per passage; "
        f"passages whose extraction raised (scored as no event): {r.get('extraction_errors', 0)}.",
        "",
        "| set | n | classifier weighted F1 | classifier macro F1 | pipeline weighted F1 | pipeline macro F1 |",
        "|---|---|---|---|---|---|",
        f"| team corpus, test split (26 labels incl. none) | {tc['n']} | {tc['weighted_f1']:.3f} | {tc['macro_f1']:.3f} | "
        f"{tp['weighted_f1']:.3f} | {tp['macro_f1']:.3f} |",
        f"| PLOVER gold, mapped | {pc['n']} | {pc['weighted_f1']:.3f} | {pc['macro_f1']:.3f} | {pp['weighted_f1']:.3f} | {pp['macro_f1']:.3f} |",
        "",
        f"Team test, pipeline: events detected {r['team_pipeline_detection']['events_detected']:.1%}, "
        f"hard negatives kept out {r['team_pipeline_detection']['negatives_kept_out']:.1%}. Weighted F1 by writing pass: "
        + ", ".join(f"{k} {v:.3f}" for k, v in r["team_pipeline_by_pass"].items()) + ".",
        "",
        "| Wikipedia 2018-2019 (all events) | n | detected | type accuracy (detected) | type accuracy (all) |",
        "|---|---|---|---|---|",
        f"| classifier | {wc['n']} | {wc['detected']:.1%} | {wc['type_accuracy_detected']:.1%} | {wc['type_accuracy_all']:.1%} |",
        f"| pipeline | {wp['n']} | {wp['detected']:.1%} | {wp['type_accuracy_detected']:.1%} | {wp['type_accuracy_all']:.1%} |",
    ]
    if "muc4_documents" in r:
        m = r["muc4_documents"]
        lines += ["", f"MUC-4 test, {m['docs']} documents: incident-type set exactly right {m['exact_type_set']:.1%}; "
                      f"at least one type shared {m['any_type_shared']:.1%} (a document with no template counts as `none`)."]
    lines += ["", "Per type, team test split, whole pipeline:", "", _table(tp),
              "", "Most frequent confusions (team test, pipeline):", "", _confusions(r["team_pipeline_confusion"])]
    return "\n".join(lines)


def summary(r: dict) -> dict:
    """The headline figures (the floors in baselines/event_types.json are on these)."""
    return {
        "team_classifier_weighted_f1": round(r["team_classifier"]["weighted_f1"], 4),
        "team_pipeline_weighted_f1": round(r["team_pipeline"]["weighted_f1"], 4),
        "team_pipeline_events_detected": round(r["team_pipeline_detection"]["events_detected"], 4),
        "team_pipeline_negatives_kept_out": round(r["team_pipeline_detection"]["negatives_kept_out"], 4),
        "wikipedia_pipeline_detected": round(r["wikipedia_pipeline"]["detected"], 4),
        "wikipedia_pipeline_type_accuracy": round(r["wikipedia_pipeline"]["type_accuracy_all"], 4),
        "plover_pipeline_weighted_f1": round(r["plover_pipeline"]["weighted_f1"], 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    result = evaluate(quick=args.quick)
    if args.quick or args.no_write:
        print(json.dumps(summary(result), indent=1))
        return
    write_section("event_types", "Event detection and typing (issue 8)", report(result))
    Path(__file__).with_name("results").mkdir(exist_ok=True)
    Path(__file__).with_name("results").joinpath("event_types.json").write_text(json.dumps(result, indent=1, default=str))
    print(report(result))


if __name__ == "__main__":
    main()
