"""Metrics shared by the benchmark runners: clustering (B-cubed, pairwise) and GTT template F1.

Clusterings are mappings item -> cluster label over the same items. Templates are dicts
``{"incident_type": str, ROLE: [[mention, ...], ...]}``: each role holds entities, each
entity the strings that name it (gold) or a single string (prediction).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")


def prf(correct: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    """Precision, recall, F1 (0.0 where a denominator is 0)."""
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _groups(labels: Mapping[Hashable, Hashable]) -> dict[Hashable, set]:
    out: dict[Hashable, set] = defaultdict(set)
    for item, label in labels.items():
        out[label].add(item)
    return out


def _check_same_items(pred: Mapping, gold: Mapping) -> None:
    if set(pred) != set(gold):
        missing, extra = set(gold) - set(pred), set(pred) - set(gold)
        raise ValueError(f"prediction and gold must cover the same items: {len(missing)} missing "
                         f"(e.g. {sorted(map(str, missing))[:3]}), {len(extra)} extra; give every item a label")


def bcubed(pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> tuple[float, float, float]:
    """B-cubed P/R/F1 (Bagga & Baldwin 1998): per item, overlap of its two clusters, averaged over items."""
    _check_same_items(pred, gold)
    if not gold:
        return 0.0, 0.0, 0.0
    pred_groups, gold_groups = _groups(pred), _groups(gold)
    p_sum = r_sum = 0.0
    for item in gold:
        mine, truth = pred_groups[pred[item]], gold_groups[gold[item]]
        overlap = len(mine & truth)
        p_sum += overlap / len(mine)
        r_sum += overlap / len(truth)
    p, r = p_sum / len(gold), r_sum / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pairs(labels: Mapping[Hashable, Hashable]) -> set[frozenset]:
    pairs: set[frozenset] = set()
    for members in _groups(labels).values():
        ordered = sorted(members, key=str)
        pairs.update(frozenset((a, b)) for i, a in enumerate(ordered) for b in ordered[i + 1:])
    return pairs


def pairwise(pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> tuple[float, float, float]:
    """Pairwise P/R/F1 over unordered item pairs placed in the same cluster."""
    _check_same_items(pred, gold)
    pred_pairs, gold_pairs = _pairs(pred), _pairs(gold)
    return prf(len(pred_pairs & gold_pairs), len(pred_pairs), len(gold_pairs))


# ---------------------------------------------------------------- GTT template F1

_PUNCT = re.compile(r"[^\w\s]|_")
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalise(text: str) -> str:
    """Filler strings compare without case, punctuation, articles or extra spaces (as SQuAD's answers)."""
    return " ".join(_ARTICLES.sub(" ", _PUNCT.sub(" ", text.lower())).split())


def _types(value: str) -> set[str]:
    """'attack / bombing' (an ambiguous gold key) accepts either type."""
    return {t.strip() for t in value.split("/")}


def _role_counts(pred: Mapping, gold: Mapping) -> dict[str, list[int]]:
    """Per role [correct, predicted, gold] for one aligned pair (either side may be None)."""
    counts = {}
    for role in ROLES:
        # A repeated string is a second entity: it can only match a second gold entity of that name.
        fillers = [f for f in (normalise(f) for f in (pred or {}).get(role, [])) if f]
        entities = [{normalise(m) for m in ent} for ent in (gold or {}).get(role, [])] if gold is not None else []
        used: set[int] = set()
        correct = 0
        for filler in fillers:
            for i, names in enumerate(entities):
                if i not in used and filler in names:
                    used.add(i)
                    correct += 1
                    break
        counts[role] = [correct, len(fillers), len(entities)]
    return counts


def _best_alignment(pred: Sequence[Mapping], gold: Sequence[Mapping]) -> list[tuple[int | None, int | None]]:
    """One-to-one matching of equal-type templates maximising correct fillers (exact, bitmask DP)."""
    n_gold = len(gold)
    gain = [[sum(c[0] for c in _role_counts(p, g).values())
             if _types(p["incident_type"]) & _types(g["incident_type"]) else None
             for g in gold] for p in pred]
    # best[i][mask]: most correct fillers for predictions i.. given gold templates in mask are taken.
    memo: dict[tuple[int, int], tuple[int, list]] = {}

    def solve(i: int, mask: int) -> tuple[int, list]:
        if i == len(pred):
            return 0, []
        key = (i, mask)
        if key in memo:
            return memo[key]
        score, rest = solve(i + 1, mask)
        best = (score, [(i, None)] + rest)
        for j in range(n_gold):
            if gain[i][j] is not None and not mask & (1 << j):
                score, rest = solve(i + 1, mask | (1 << j))
                # Ties prefer matching: a matched template with 0 correct fillers is still a match.
                if score + gain[i][j] >= best[0]:
                    best = (score + gain[i][j], [(i, j)] + rest)
        memo[key] = best
        return best

    pairs = solve(0, 0)[1]
    matched = {j for _, j in pairs if j is not None}
    return pairs + [(None, j) for j in range(n_gold) if j not in matched]


def gtt_counts(pred: Sequence[Mapping], gold: Sequence[Mapping]) -> dict[str, list[int]]:
    """Per role [correct, predicted, gold] for one document."""
    totals = {role: [0, 0, 0] for role in ROLES}
    for i, j in _best_alignment(pred, gold):
        counts = _role_counts(pred[i] if i is not None else None, gold[j] if j is not None else None)
        for role, (c, p, g) in counts.items():
            totals[role][0] += c
            totals[role][1] += p
            totals[role][2] += g
    return totals


def gtt_score(docs: Sequence[tuple[Sequence[Mapping], Sequence[Mapping]]]) -> dict[str, tuple[float, float, float]]:
    """Micro P/R/F1 over all roles ("all") and per role, summed over (predicted, gold) documents."""
    totals = {role: [0, 0, 0] for role in ROLES}
    for pred, gold in docs:
        for role, (c, p, g) in gtt_counts(pred, gold).items():
            totals[role][0] += c
            totals[role][1] += p
            totals[role][2] += g
    scores = {role: prf(*counts) for role, counts in totals.items()}
    scores["all"] = prf(*(sum(t[k] for t in totals.values()) for k in range(3)))
    return scores
