"""Choose the classifier's thresholds inside the pipeline, on the dev splits only.

    python -m training.tune_pipeline            # the threshold grid
    python -m training.tune_pipeline 400 2      # the mass threshold alone

Fits a model on the train splits only (the shipped one has seen dev), parses every dev
passage once (without frames), then re-runs frame finding and mention building under
each setting: detection of events, hard negatives kept out,
weighted F1 (team dev) and detection / type accuracy (Wikipedia 2017).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import sys

from flashpoint.extract.event_types import SentenceTyper
from flashpoint.extract.frames import find_frames
from flashpoint.extract.lexicon import build_matcher, load_lexicon
from flashpoint.extract.mentions import extract_mentions
from flashpoint.models.event_type import EventClassifier
from flashpoint.nlp import build_pipeline
from flashpoint.ontology import NO_EVENT, acled_pair, family
from flashpoint.records import Article
from flashpoint.resolve.actors import ActorRegistry
from training.datasets import team_corpus, wikipedia_rows
from training.evaluate import f1_table
from training.train import fit, training_examples

GRID = {"detect_threshold": [0.4, 0.5], "type_threshold": [0.1, 0.2], "override_threshold": [0.35, 0.45],
        "veto_threshold": [0.3, 0.4, 0.5]}
MASS = [None, 0.5, 0.6, 0.7, 0.8]      # grid 2: SentenceTyper.mass_threshold alone, the rest as shipped


def label_of(mentions) -> str:
    events = [m for m in mentions if m.modality == "asserted" and family(m.type) != "statement"
              and acled_pair(m.type)[1] is not None]
    if not events:
        return NO_EVENT
    return acled_pair(max(events, key=lambda m: (m.type_probability or 0.0, -m.trigger.start)).type)[1]


def main(limit_wiki: int = 400, grid: int = 1) -> None:
    """``grid`` 0 scores the current Settings only; 2 tries each ``MASS`` with them."""
    team = [e for e in team_corpus() if e.split == "dev"]
    wiki = [e for e in wikipedia_rows() if e.split == "dev"][:limit_wiki]
    examples = team + wiki
    nlp = build_pipeline(extract=False)
    lexicon, registry = load_lexicon(), ActorRegistry.default()
    matcher = build_matcher(nlp.vocab, lexicon)
    cached = os.environ.get("FLASHPOINT_TRAIN_ONLY_MODEL")     # reuse a train-only model between runs
    if cached and os.path.exists(cached):
        clf = EventClassifier.load(cached)
    else:
        clf = fit(training_examples(include_dev=False))   # the shipped model has seen dev
        if cached:
            clf.save(cached)
    published = dt.date(2024, 1, 15)
    docs = list(nlp.pipe([e.text for e in examples], batch_size=32))
    results = []
    from flashpoint.config import Settings

    current = Settings()
    shipped = {"detect_threshold": current.event_detect_threshold, "type_threshold": current.event_type_threshold,
               "override_threshold": current.event_override_threshold, "veto_threshold": current.event_veto_threshold,
               "long_threshold": current.event_long_threshold}
    configs = ([shipped | {"mass_threshold": m} for m in MASS] if grid == 2 else
               [dict(zip(GRID, v)) for v in itertools.product(*GRID.values())] if grid else [shipped])
    for cfg in configs:
        typer = SentenceTyper(clf, lexicon, **cfg)
        labels = []
        for e, doc in zip(examples, docs):
            doc._.fp_frames = find_frames(doc, matcher, lexicon, typer)
            labels.append(label_of(extract_mentions(doc, Article(id="d", text=e.text, published=published), lexicon, registry)))
        t_gold = [e.label for e in team]
        t_pred = labels[: len(team)]
        w_pred = labels[len(team):]
        ev = [i for i, g in enumerate(t_gold) if g != NO_EVENT]
        neg = [i for i, g in enumerate(t_gold) if g == NO_EVENT]
        row = cfg | {
            "team_wf1": round(f1_table(t_gold, t_pred)["weighted_f1"], 4),
            "team_detect": round(sum(t_pred[i] != NO_EVENT for i in ev) / len(ev), 4),
            "team_neg_out": round(sum(t_pred[i] == NO_EVENT for i in neg) / max(len(neg), 1), 4),
            "wiki_detect": round(sum(p != NO_EVENT for p in w_pred) / len(wiki), 4),
            "wiki_type": round(sum(p == e.label for p, e in zip(w_pred, wiki)) / len(wiki), 4),
        }
        results.append(row)
        print(json.dumps(row), flush=True)
    best = max(results, key=lambda r: r["team_wf1"] + r["wiki_type"])
    print("best:", json.dumps(best))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
