"""The escalation graph: ``responds_to`` edges between incidents, and the chains they form.

An edge comes from a cue in a mention ("in retaliation for ...", "in response to ...").
When the answered event is reported in the same sentence, the cue already names its
mention; otherwise the words after the cue are matched against the other incidents:
named victims ("the killing of Soleimani"), the perpetrator, the place and the kind
of attack, and the answered incident must not be later than the answer.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .records import Incident, Link

_WORD = re.compile(r"[a-z][a-z'-]+")
TYPE_WORDS = {
    "attack.rocket": {"rocket", "rockets", "mortar", "shelling"},
    "attack.missile": {"missile", "missiles", "ballistic"},
    "attack.drone": {"drone", "drones", "uav"},
    "attack.airstrike": {"airstrike", "airstrikes", "strike", "strikes", "raid"},
    "attack.bombing": {"bomb", "bombing", "ied", "blast"},
}
STOP = {"the", "a", "an", "of", "on", "in", "for", "to", "and", "that", "at", "by", "with", "its", "their", "his",
        "earlier", "recent", "attack", "attacks", "killing", "deaths", "death", "forces", "us", "u.s.", "region",
        "area", "province", "city", "town", "base", "air", "airbase", "military", "troops", "group", "international",
        "airport", "officials", "actions", "united", "states", "islamic", "republic", "people", "two", "one"}


def _names(inc: Incident) -> set[str]:
    """Distinctive words of an incident: its victims', perpetrator's and place's names."""
    words: set[str] = set()
    for ref in list(inc.victims) + ([inc.perpetrator] if inc.perpetrator else []):
        words |= set(_WORD.findall((ref.name or "").lower())) | set(_WORD.findall((ref.text or "").lower()))
    if inc.location:
        words |= set(_WORD.findall(inc.location.name.lower()))
    return {w for w in words - STOP if not _demonym(w)}


def _demonym(word: str) -> bool:
    """"american", "iranian": says whose side, not which event."""
    from .resolve.places import country_of

    return word.endswith(("an", "ese", "ish", "i")) and country_of(word) is not None


def _keywords(inc: Incident) -> set[str]:
    words: set[str] = set()
    for ref in list(inc.victims) + list(inc.targets) + ([inc.perpetrator] if inc.perpetrator else []):
        words |= set(_WORD.findall((ref.name or "").lower())) | set(_WORD.findall((ref.text or "").lower()))
    if inc.location:
        words |= set(_WORD.findall(inc.location.name.lower()))
    words |= TYPE_WORDS.get(inc.type, set())
    return words - STOP


def _before(a: Incident, b: Incident) -> bool:
    """b (the answered one) is not later than a (the answer)."""
    if not (a.date and b.date and a.date.start and b.date.start):
        return True
    return b.date.start <= (a.date.end or a.date.start)


def link_incidents(incidents: list[Incident]) -> list[Incident]:
    by_mention = {m.id: inc for inc in incidents for m in inc.mentions}
    keywords = {inc.id: _keywords(inc) for inc in incidents}
    names = {inc.id: _names(inc) for inc in incidents}
    edges: dict[str, dict[str, Link]] = defaultdict(dict)
    for inc in incidents:
        for m in inc.mentions:
            for cue in m.cues:
                target = by_mention.get(cue.target_mention) if cue.target_mention else None
                if target is None and cue.target_text and not cue.target_mention:
                    # (a cue whose answered event is a generic "recent attacks" links nothing)
                    words = set(_WORD.findall(cue.target_text.lower())) - STOP
                    scored = []
                    for other in incidents:
                        if other.id == inc.id or not _before(inc, other) or not other.type.startswith("attack"):
                            continue
                        overlap = len(words & keywords[other.id])
                        if overlap and words & names[other.id]:   # a name must match, not only "strike"
                            date = other.date.start.isoformat() if other.date and other.date.start else ""
                            scored.append((overlap, date, other.id, other))
                    if scored:
                        target = max(scored, key=lambda s: s[:3])[3]
                if target is None or target.id == inc.id or target.id in edges[inc.id]:
                    continue
                edges[inc.id][target.id] = Link(inc.id, target.id, cue.kind, m.article, cue.evidence)
    return [inc.replace(responds_to=tuple(sorted(edges[inc.id].values(), key=lambda l: l.target)))
            if edges[inc.id] else inc for inc in incidents]


def chains(links: list[tuple[str, str]]) -> list[list[str]]:
    """Maximal paths cause -> response -> response ... from (source, target) edges."""
    answers: dict[str, list[str]] = defaultdict(list)   # target -> incidents that answer it
    answered_by_something = set()
    for source, target in links:
        answers[target].append(source)
        answered_by_something.add(source)
    roots = sorted(t for t in answers if t not in answered_by_something)
    out: list[list[str]] = []

    def walk(path: list[str]) -> None:
        nxt = sorted(answers.get(path[-1], []))
        if not nxt:
            out.append(path)
        for n in nxt:
            if n not in path:
                walk(path + [n])

    for r in roots:
        walk([r])
    return out
