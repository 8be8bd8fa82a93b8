"""Learn how geocoding weighs a name's readings, and write the weights into the package.

    python -m training.geo_ranker              # cross-validates, trains, writes src/flashpoint/data/geo_ranker.json
    python -m training.geo_ranker --dry-run    # cross-validates only, writes nothing

When a name has several readings ("Alexandria": Egypt, Virginia, Louisiana ...), ``geocode``
scores each by a weighted sum of its features (``place_rank.RANK_FEATURES``: population, the
document's votes for its country and division, exact name, kind, distance to the document's
town ...) and takes the best. This script fits those weights as a conditional logit (a softmax
over each name's readings; a reading within 161 km of the gold point is right) on the gold
toponyms of the *dev* parts of GeoWebNews, LGL and TR-News only (``benchmarks/geoparsing.py``'s
split: documents 0-2 mod 10), and reports the accuracy of the choice under cross-validation by
document beside the hand-set weights it replaces. Deterministic: the same data give the same
weights. Without ``../shared`` it says so and stops (the committed weights were fitted with it).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.geoparsing import CORPORA, load, km, split  # noqa: E402
from flashpoint.config import DATA_DIR  # noqa: E402
from flashpoint.resolve import place_rank, places  # noqa: E402
from flashpoint.resolve.gazetteer import Gazetteer  # noqa: E402

FOLDS = 5
# L2 penalty on the standardised weights' distance from the hand-set ones; chosen by the
# cross-validated accuracy on the dev parts (see ``--sweep``).
PENALTY = 1.0
RIGHT_KM = 161.0


@dataclass(frozen=True)
class Group:
    """One gold toponym that reached the ranking: its readings' features and which are right."""
    corpus: str
    doc: str
    features: np.ndarray      # (readings, features)
    right: np.ndarray         # (readings,) bool


def collect(part: str = "dev", gaz: Gazetteer | None = None) -> list[Group]:
    """The ranked readings of every gold toponym of ``part`` (all three corpora)."""
    gaz = gaz or Gazetteer.default()
    groups: list[Group] = []
    for corpus in CORPORA:
        for d in split(load(corpus), part):
            for t in d.toponyms:
                place_rank._RANK_TRACE = []
                try:
                    places.geocode(t.text, context=d.text, gazetteer=gaz, fallback=True)
                    trace = [row for row in place_rank._RANK_TRACE if row[0] == t.text]
                finally:
                    place_rank._RANK_TRACE = None
                if not trace:
                    continue            # resolved before any ranking (a curated site, the fallback)
                _, hits, rows = trace[-1]
                right = np.array([km(e.lat, e.lon, t.lat, t.lon) <= RIGHT_KM for e in hits])
                groups.append(Group(corpus, f"{corpus}:{d.id}", np.array(rows, dtype=float), right))
    return groups


def _stack(groups: list[Group]):
    x = np.vstack([g.features for g in groups])
    y = np.concatenate([g.right for g in groups]).astype(float)
    starts = np.cumsum([0] + [len(g.right) for g in groups[:-1]])
    return x, y, starts


def fit(groups: list[Group], penalty: float = PENALTY) -> np.ndarray:
    """Weights (in the features' own units) of a conditional logit over each group's readings,
    drawn towards the hand-set weights by ``penalty``. Only groups with a right and a wrong
    reading teach anything."""
    useful = [g for g in groups if g.right.any() and not g.right.all()]
    x, y, starts = _stack(useful)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = x / scale
    hand = np.array(place_rank.HAND_WEIGHTS) * scale
    n = len(useful)
    sizes = np.diff(np.append(starts, len(y)))
    group_of = np.repeat(np.arange(n), sizes)

    def loss(w):
        s = z @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[group_of])
        total = np.add.reduceat(e, starts)
        good = np.add.reduceat(e * y, starts)
        nll = np.sum(np.log(total) - np.log(good)) / n
        p_all = e / total[group_of]
        p_good = e * y / good[group_of]
        grad = z.T @ (p_all - p_good) / n
        diff = w - hand
        return nll + penalty * diff @ diff / 2 / len(w), grad + penalty * diff / len(w)

    res = minimize(loss, hand, jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return res.x / scale


def choices_right(weights, groups: list[Group]) -> int:
    """How many groups' best reading (first of equals, as ``geocode`` takes it) is right."""
    w = np.asarray(weights)
    return sum(bool(g.right[int(np.argmax(g.features @ w))]) for g in groups)


def folds(groups: list[Group], k: int = FOLDS) -> list[list[int]]:
    """Group indices by fold: whole documents, dealt in order of first appearance."""
    docs: dict[str, int] = {}
    out: list[list[int]] = [[] for _ in range(k)]
    for i, g in enumerate(groups):
        out[docs.setdefault(g.doc, len(docs) % k)].append(i)
    return out


def cross_validate(groups: list[Group], penalty: float = PENALTY, k: int = FOLDS) -> dict:
    """Right choices on held-out documents, learned and hand-set, per corpus."""
    out: dict[str, list[int]] = {c: [0, 0, 0] for c in CORPORA}
    for held in folds(groups, k):
        held_set = set(held)
        w = fit([g for i, g in enumerate(groups) if i not in held_set], penalty)
        for i in held:
            g = groups[i]
            row = out[g.corpus]
            row[0] += bool(g.right[int(np.argmax(g.features @ w))])
            row[1] += bool(g.right[int(np.argmax(g.features @ np.array(place_rank.HAND_WEIGHTS)))])
            row[2] += 1
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="cross-validate only; write nothing")
    ap.add_argument("--sweep", action="store_true", help="cross-validate several penalties and stop")
    args = ap.parse_args(argv)
    if not (Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "geoparsing").exists():
        print("../shared/benchmarks/geoparsing is missing: the geocoding ranker cannot be refitted "
              "(the committed weights stay).")
        return
    groups = collect("dev")
    print(f"{len(groups)} ranked gold toponyms on the dev parts "
          f"({sum(g.right.any() and not g.right.all() for g in groups)} with a right and a wrong reading)")
    for penalty in ((0.01, 0.1, 0.3, 1.0, 3.0, 10.0) if args.sweep else (PENALTY,)):
        cv = cross_validate(groups, penalty)
        learned, hand, n = (sum(r[i] for r in cv.values()) for i in range(3))
        per = ", ".join(f"{c} {r[0]}/{r[2]} (hand {r[1]})" for c, r in cv.items())
        print(f"penalty {penalty}: {FOLDS}-fold by document, right choices {learned}/{n} learned, "
              f"{hand}/{n} hand-set; {per}")
    if args.sweep or args.dry_run:
        return
    weights = fit(groups, PENALTY)
    print("weights:", ", ".join(f"{f} {w:+.2f}" for f, w in zip(place_rank.RANK_FEATURES, weights)))
    out = DATA_DIR / place_rank.RANKER_FILE
    out.write_text(json.dumps({"features": list(place_rank.RANK_FEATURES),
                               "weights": [round(float(w), 4) for w in weights],
                               "penalty": PENALTY, "fitted_on": "dev parts of GWN, LGL, TR-News (gold spans)"},
                              indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
