"""Escalation statistics per actor pair and month.

For each (actor, against, month): incidents by type; reciprocity = share of those
incidents answered within N days (an explicit responds_to edge, or an attack by the
other side on this actor); and the median lag in days from attack to answer.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict


def _date(doc: dict) -> dt.date | None:
    start = doc["date"]["start"]
    return dt.date.fromisoformat(start) if start else None


def _against(doc: dict, by_id: dict[str, dict]) -> str | None:
    for party in doc["targets"] + doc["victims"]:
        if party.get("actor") and party.get("kind") != "facility":
            return party["actor"]
    for target in doc["responds_to"]:
        perp = by_id.get(target, {}).get("perpetrator", {}).get("actor")
        if perp:
            return perp
    return None


def escalation_stats(docs: list[dict], within_days: int = 30) -> list[dict]:
    by_id = {d["id"]: d for d in docs}
    answers: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        for target in d["responds_to"]:
            answers[target].append(d)
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    pair_of: dict[str, tuple[str, str]] = {}
    for d in docs:
        actor, when = d["perpetrator"].get("actor"), _date(d)
        if not actor or not when:
            continue
        against = _against(d, by_id) or "unknown"
        pair_of[d["id"]] = (actor, against)
        groups[(when.strftime("%Y-%m"), actor, against)].append(d)
    by_pair: dict[tuple[str, str], list[dict]] = defaultdict(list)   # the other side's attacks, looked up once
    for d in docs:
        if d["id"] in pair_of:
            by_pair[pair_of[d["id"]]].append(d)
    rows = []
    for (month, actor, against), members in sorted(groups.items()):
        lags = []
        for d in members:
            start = _date(d)
            candidates = [a for a in answers.get(d["id"], []) if _date(a)]
            candidates += [o for o in by_pair.get((against, actor), []) if o["id"] != d["id"]]
            gaps = [(_date(a) - start).days for a in candidates if 0 <= (_date(a) - start).days <= within_days]
            if gaps:
                lags.append(min(gaps))
        types = Counter(d["type"] for d in members)
        rows.append({
            "month": month, "actor": actor, "against": against, "incidents": len(members),
            "by_type": ", ".join(f"{t} {n}" for t, n in sorted(types.items())),
            "reciprocity": len(lags) / len(members),
            "median_lag": statistics.median(lags) if lags else None,
        })
    return rows
