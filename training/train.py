"""Train the event classifier and write it into the package.

    python -m training.train            # trains, writes src/flashpoint/models/event_type.npz
    python -m training.train --dry-run  # trains and scores on dev, writes nothing

Data: the team corpus (train split) and the Wikipedia incident descriptions up to 2016
(``training/datasets.py``). Everything is seeded; the same data gives the same weights.
Without ``../shared`` the Wikipedia part is missing and the script says so and stops
(the committed model was trained with it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

from flashpoint.models.event_type import MODEL_FILE, EventClassifier, char_vectorizer, tfidf, word_vectorizer
from flashpoint.ontology import ACLED_SUB_EVENTS, NO_EVENT
from training.datasets import Example, shared_available, team_corpus, wikipedia_rows

LABELS = list(ACLED_SUB_EVENTS) + [NO_EVENT]
VERSION = "1"
SEED = 13


# Settings chosen on the dev splits (team dev + Wikipedia 2017); see MODEL.md.
PARAMS = {"C": 8.0, "wiki_weight": 0.35, "word_min_df": 2, "char_min_df": 3, "char_max_features": 120_000,
          "word_max_features": 60_000}


def training_examples(include_dev: bool = False) -> list[Example]:
    splits = {"train", "dev"} if include_dev else {"train"}
    return [e for e in team_corpus() + wikipedia_rows() if e.split in splits]


def _idf(counts: sparse.csr_matrix) -> np.ndarray:
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1 + n) / (1 + df)) + 1.0).astype(np.float32)


def fit(examples: list[Example], params: dict = PARAMS, meta: dict | None = None) -> EventClassifier:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [e.text for e in examples]
    y = np.array([LABELS.index(e.label) for e in examples])
    words = CountVectorizer(**{**word_vectorizer().get_params(), "min_df": params["word_min_df"],
                               "max_features": params["word_max_features"]})
    chars = CountVectorizer(**{**char_vectorizer().get_params(), "min_df": params["char_min_df"],
                               "max_features": params["char_max_features"]})
    wc, cc = words.fit_transform(texts).tocsr(), chars.fit_transform(texts).tocsr()
    widf, cidf = _idf(wc), _idf(cc)
    x = sparse.hstack([tfidf(wc, widf), tfidf(cc, cidf)]).tocsr()
    weight = np.array([params["wiki_weight"] if e.source == "wikipedia" else 1.0 for e in examples])
    # every class counts alike whatever its size
    counts = Counter(y.tolist())
    weight = weight * np.array([len(y) / (len(counts) * counts[k]) for k in y])
    model = LogisticRegression(C=params["C"], max_iter=3000, random_state=SEED)
    model.fit(x, y, sample_weight=weight)
    coef = np.zeros((len(LABELS), x.shape[1]), dtype=np.float32)
    intercept = np.full(len(LABELS), -30.0, dtype=np.float32)    # a label with no examples is never chosen
    for row, cls in enumerate(model.classes_):
        coef[cls], intercept[cls] = model.coef_[row], model.intercept_[row]
    info = {"name": "event_type", "version": VERSION, "params": params, "labels": LABELS,
            "trained_on": dict(Counter(e.source for e in examples))} | (meta or {})
    return EventClassifier(list(words.get_feature_names_out()), widf, list(chars.get_feature_names_out()), cidf,
                           coef, intercept, LABELS, info)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dry-run", action="store_true", help="score on dev, write nothing")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    if not shared_available():
        print("../shared/training is absent: the committed model stays as it is (it needs the Wikipedia "
              "descriptions); set FLASHPOINT_SHARED to train elsewhere.", file=sys.stderr)
        return 0
    from training.evaluate import dev_report

    clf = fit(training_examples(include_dev=False))
    report = dev_report(clf)
    print(json.dumps(report, indent=1))
    if args.dry_run:
        return 0
    final = fit(training_examples(include_dev=True), meta={"dev": report})
    final.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
