"""How the event classifier reads a voice it never saw: leave one writing pass out.

    python -m training.unseen_pass                 # every pass; writes a BENCHMARKS.md section
    python -m training.unseen_pass --passes pass_h pass_i --no-write

The held-out evaluations are real reporting written by people we never read, so the
team test split (the same writers' other passages) flatters the model. Here each
writing pass in turn is removed from training entirely (all its splits), the model is
fitted on the remaining passes' train and dev parts and the Wikipedia training years,
with the committed settings, and scored on every passage of the pass it never saw. The
mean over passes estimates the F1 on a new writer's text; the spread says how much
depends on the voice.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from flashpoint.ontology import NO_EVENT  # noqa: E402
from training.datasets import shared_available, team_corpus, wikipedia_rows  # noqa: E402
from training.evaluate import f1_table  # noqa: E402
from training.train import fit  # noqa: E402


def score_unseen(passes: list[str] | None = None) -> list[dict]:
    team, wiki = team_corpus(), [e for e in wikipedia_rows() if e.split == "train"]
    names = passes or sorted({e.group for e in team})
    rows = []
    for name in names:
        held = [e for e in team if e.group == name]
        if not held:
            raise SystemExit(f"no passages of writing pass {name!r} in data/training/")
        train = [e for e in team if e.group != name and e.split in ("train", "dev")] + wiki
        clf = fit(train)
        pred = [p.label for p in clf.predict([e.text for e in held])]
        gold = [e.label for e in held]
        scores = f1_table(gold, pred)
        events = [(g, p) for g, p in zip(gold, pred) if g != NO_EVENT]
        negatives = [p for g, p in zip(gold, pred) if g == NO_EVENT]
        rows.append({
            "pass": name, "n": len(held), "weighted_f1": scores["weighted_f1"], "macro_f1": scores["macro_f1"],
            "detected": sum(p != NO_EVENT for _, p in events) / len(events) if events else 0.0,
            "typed": sum(p == g for g, p in events) / len(events) if events else 0.0,
            "negatives_out": sum(p == NO_EVENT for p in negatives) / len(negatives) if negatives else 0.0,
        })
        print(f"{name}: {rows[-1]}", file=sys.stderr)
    return rows


def report(rows: list[dict]) -> str:
    lines = ["Each writing pass left out of training entirely, the classifier fitted on the other passes "
             "(train and dev parts) and the Wikipedia training years with the committed settings, then "
             "scored on every passage of the pass it never saw (classifier alone, no pipeline).", "",
             "| pass left out | passages | weighted F1 | macro F1 | events detected | events typed right | "
             "negatives kept out |", "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['pass']} | {r['n']:,} | {r['weighted_f1']:.3f} | {r['macro_f1']:.3f} | "
                     f"{r['detected']:.1%} | {r['typed']:.1%} | {r['negatives_out']:.1%} |")
    if len(rows) > 1:
        w = [r["weighted_f1"] for r in rows]
        lines += ["", f"Mean weighted F1 on a voice the model never saw: **{statistics.mean(w):.3f}** "
                      f"(lowest {min(w):.3f}, highest {max(w):.3f}), against the team test split's figure in "
                      "the section above, where the test passages' writers are also in training."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passes", nargs="*", help="writing passes to leave out, one at a time (default: all)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not shared_available():
        raise SystemExit("../shared/training is absent: the classifier cannot be fitted as committed")
    rows = score_unseen(args.passes)
    text = report(rows)
    print(text)
    if not args.no_write and not args.passes:
        from benchmarks._report import write_section

        write_section("event_unseen_pass", "Event classifier: a writing pass it never saw (issue 8)", text)


if __name__ == "__main__":
    main()
