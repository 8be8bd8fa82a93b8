"""One incident from its mentions: a value per field, by a named rule, and the
disagreements kept side by side.

Rules (each is recorded in ``Conflict.rule``):
- type: the most specific type most mentions agree on;
- date: the most precise reading; readings that do not overlap are a conflict;
- location: the most precise place (site > city > region > country);
- perpetrator: the actor with the strongest stance (claimed > attributed > suspected);
- counts and tolls: the intersection of all sources' bounds when they overlap,
  else the figure most independent sources give; any difference is a conflict;
  "another five rockets" adds to the count it continues.
"""

from __future__ import annotations

from collections import Counter

from .extract.lexicon import SPECIFICITY
from .records import ActorRef, Bounds, Conflict, Incident, Mention, Stance, When

STANCE_STRENGTH = {"claimed": 3, "attributed": 2, "suspected": 1}
PLACE_RANK = {"site": 4, "city": 3, "region": 2, "country": 1}
DATE_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}


def _source(m: Mention) -> str | None:
    return m.source_actor.id or m.source_actor.name if m.source_actor else None


def _type(group: list[Mention]) -> str:
    counts = Counter(m.type for m in group)
    specific = {t: c for t, c in counts.items() if t != "attack.other"} or counts
    return max(specific, key=lambda t: (specific[t], SPECIFICITY.get(t, 0), t))


def _date(group: list[Mention]) -> tuple[When | None, Conflict | None]:
    dated = [m for m in group if m.date and m.date.start]
    if not dated:
        return None, None
    best = max(dated, key=lambda m: (DATE_RANK.get(m.date.precision, 0), -(m.date.end - m.date.start).days, m.id))
    same_rank = {(m.date.start, m.date.end) for m in dated if m.date.precision == best.date.precision}
    conflict = None
    if len(same_rank) > 1:
        conflict = Conflict("date", tuple(
            {"value": {"start": m.date.start.isoformat(), "end": m.date.end.isoformat() if m.date.end else None},
             "article": m.article, "source_actor": _source(m)} for m in dated), best.date.as_dict(), "most precise")
    return best.date, conflict


def _location(group: list[Mention]):
    placed = [m for m in group if m.location]
    if not placed:
        return None, None
    best = max(placed, key=lambda m: (PLACE_RANK.get(m.location.precision, 0), m.id))
    rank = best.location.precision
    names = {m.location.place_id for m in placed if m.location.precision == rank}
    conflict = None
    if len(names) > 1 and rank in ("site", "city"):
        conflict = Conflict("location", tuple({"value": m.location.name, "article": m.article,
                                               "source_actor": _source(m)} for m in placed
                                              if m.location.precision == rank), best.location.name, "most precise")
    return best.location, conflict


def _bounds(group: list[Mention], field: str, independent: dict[str, str]):
    """Reconcile one count. "Another five rockets" (an additive mention) adds to the
    count it continues instead of contradicting it."""
    extra = [getattr(m, field) for m in group if m.additive and getattr(m, field).known]
    base, conflict = _reconcile_bounds([m for m in group if not m.additive], field, independent)
    for b in extra:
        base = Bounds((base.min or 0) + (b.min or 0), None if base.max is None or b.max is None else base.max + b.max)
    return base, conflict


def _reconcile_bounds(group: list[Mention], field: str, independent: dict[str, str]):
    values = [(getattr(m, field), m) for m in group if getattr(m, field).known]
    if not values:
        return Bounds(), None
    distinct = {(b.min, b.max) for b, _ in values}
    if len(distinct) == 1:
        return values[0][0], None
    lo = max((b.min for b, _ in values if b.min is not None), default=None)
    hi = min((b.max for b, _ in values if b.max is not None), default=None)
    if lo is None or hi is None or lo <= hi:
        reconciled, rule = Bounds(lo, hi), "intersection of the sources' bounds"
    else:
        votes = Counter()
        for b, m in values:
            votes[(b.min, b.max)] += 1 if independent.get(m.article, m.article) == m.article else 0.5
        top = max(votes.values())
        leaders = [k for k, v in votes.items() if v == top]
        if len(leaders) == 1:
            reconciled, rule = Bounds(*leaders[0]), "figure given by most independent sources"
        else:
            lows = [k[0] for k in leaders if k[0] is not None]
            highs = [k[1] for k in leaders]
            reconciled = Bounds(min(lows) if lows else None, None if None in highs else max(highs))
            rule = "sources tie: the span of their figures"
    name = {"weapon_count": "weapon.count", "killed": "casualties.killed", "injured": "casualties.injured",
            "attackers_killed": "casualties.attackers_killed"}[field]
    conflict = Conflict(name, tuple({"value": b.as_dict(), "article": m.article, "source_actor": _source(m)}
                                    for b, m in sorted(values, key=lambda v: v[1].id)), reconciled.as_dict(), rule)
    return reconciled, conflict


def _stances(group: list[Mention]) -> tuple[Stance, ...]:
    seen, out = set(), []
    for m in sorted(group, key=lambda m: (m.article, m.trigger.start)):
        for s in m.stances:
            key = (s.actor.id or s.actor.name if s.actor else None, s.stance,
                   s.source_actor.id if s.source_actor else None, s.article)
            if key not in seen:
                seen.add(key)
                out.append(s)
    return tuple(out)


def _perpetrator(stances: tuple[Stance, ...], group: list[Mention]) -> tuple[ActorRef | None, str]:
    """The actor with the strongest stance held about it; among equals the most specific
    (the IRGC over Iran), then the one most stances name, then the one told first."""
    strength: dict[str, int] = {}
    count: Counter = Counter()
    refs: dict[str, ActorRef] = {}
    first: dict[str, int] = {}
    for n, s in enumerate(stances):
        if s.actor is None or s.stance not in STANCE_STRENGTH:
            continue
        key = s.actor.id or s.actor.name
        refs[key] = s.actor
        first.setdefault(key, n)
        strength[key] = max(strength.get(key, 0), STANCE_STRENGTH[s.stance])
        count[key] += 1
    if not strength:
        for m in group:
            if m.perpetrator is not None:
                return m.perpetrator, "attributed"
        return None, "unknown"
    top = max(strength.values())
    best = [k for k in strength if strength[k] == top]
    # then the one told first ("X fighters stormed the hotel; the army responded by storming it")
    key = max(best, key=lambda k: (_specificity(k, best), count[k], refs[k].id is not None, -first[k]))
    status = {v: k for k, v in STANCE_STRENGTH.items()}[top]
    return refs[key], status


def _specificity(key: str, candidates: list[str]) -> int:
    """How many other candidates this actor is part of: the IRGC (part of Iran) is more
    specific than Iran, so a claim by both names the IRGC."""
    from .resolve.actors import ActorRegistry

    try:
        ancestors = set(ActorRegistry.default().ancestors(key))
    except KeyError:
        return 0
    return sum(1 for c in candidates if c != key and c in ancestors)


def _unique(refs) -> tuple[ActorRef, ...]:
    seen, out = set(), []
    for r in refs:
        key = r.id or r.name.lower()
        if key not in seen:
            seen.add(key)
            out.append(r)
    return tuple(out)


def reconcile(incident_id: str, group: list[Mention], duplicates: dict[str, str]) -> Incident:
    group = sorted(group, key=lambda m: (m.article, m.trigger.start))
    date, date_conflict = _date(group)
    location, place_conflict = _location(group)
    stances = _stances(group)
    perpetrator, status = _perpetrator(stances, group)
    count, count_conflict = _bounds(group, "weapon_count", duplicates)
    killed, killed_conflict = _bounds(group, "killed", duplicates)
    injured, injured_conflict = _bounds(group, "injured", duplicates)
    attackers, attackers_conflict = _bounds(group, "attackers_killed", duplicates)
    conflicts = tuple(c for c in (date_conflict, place_conflict, count_conflict, killed_conflict, injured_conflict,
                                  attackers_conflict) if c)
    itype = _type(group)
    weapon_ev = next((m.weapon_evidence for m in group if m.weapon_evidence), None)
    cas_ev = next((m.casualties_evidence for m in group if m.casualties_evidence), None)
    independent = {duplicates.get(m.article, m.article) for m in group}
    return Incident(
        id=incident_id, type=itype, mentions=tuple(group), date=date, location=location,
        perpetrator=perpetrator, perpetrator_status=status, responsibility=stances,
        targets=_unique(t for m in group for t in m.targets), victims=_unique(v for m in group for v in m.victims),
        weapon_class=next((m.weapon_class for m in group if m.type == itype), None),
        weapon_count=count, weapon_evidence=weapon_ev, killed=killed, injured=injured,
        attackers_killed=attackers, casualties_evidence=cas_ev, conflicts=conflicts, sources=len(independent),
    )
