"""The escalation graph: ``responds_to`` edges between incidents, and the chains they form.

An edge comes from a cue in a mention ("in retaliation for ...", "in response to ...").
When the answered event is reported in the same sentence, the cue already names its
mention; otherwise the words after the cue are matched against the other incidents:
named victims ("the killing of Soleimani"), the perpetrator, the place and the kind
of attack, and the answered incident must not be later than the answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from .records import Cue, Incident, Link, from_dict

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


@dataclass(frozen=True)
class LinkProfile:
    """What responds_to matching reads of an incident; stored with it (``incidents.profile``)
    so a run links new incidents without rebuilding every stored one."""

    id: str
    type: str
    start: dt.date | None
    end: dt.date | None
    keywords: frozenset[str]
    names: frozenset[str]
    cues: tuple[tuple[str, Cue], ...] = ()        # (article, cue), in mention order

    def as_dict(self) -> dict:
        return {"id": self.id, "type": self.type, "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None, "keywords": sorted(self.keywords),
                "names": sorted(self.names), "cues": [[a, c.as_dict()] for a, c in self.cues]}

    @classmethod
    def from_dict(cls, d: dict) -> "LinkProfile":
        day = lambda v: dt.date.fromisoformat(v) if v else None   # noqa: E731
        return cls(d["id"], d["type"], day(d["start"]), day(d["end"]), frozenset(d["keywords"]),
                   frozenset(d["names"]), tuple((a, from_dict(Cue, c)) for a, c in d["cues"]))


def profile(inc: Incident) -> LinkProfile:
    start = inc.date.start if inc.date and inc.date.start else None
    return LinkProfile(inc.id, inc.type, start, (inc.date.end or start) if start else None,
                       frozenset(_keywords(inc)), frozenset(_names(inc)),
                       tuple((m.article, c) for m in inc.mentions for c in m.cues))


def _before(a: LinkProfile, b: LinkProfile) -> bool:
    """b (the answered one) is not later than a (the answer)."""
    if a.start is None or b.start is None:
        return True
    return b.start <= a.end


def resolve_links(profiles: list[LinkProfile], incident_of: dict[str, str]) -> dict[str, tuple[Link, ...]]:
    """responds_to edges of every profile that has cues, keyed by the answering incident.
    ``incident_of`` maps a cue's target mention to its incident. Candidates are looked up
    through the names they carry (a name must match), so a cue is not compared with
    every incident."""
    by_id = {p.id: p for p in profiles}
    by_name: dict[str, list[LinkProfile]] = defaultdict(list)
    for p in profiles:
        if p.type.startswith("attack"):
            for name in p.names:
                by_name[name].append(p)
    out: dict[str, tuple[Link, ...]] = {}
    for inc in profiles:
        edges: dict[str, Link] = {}
        for article, cue in inc.cues:
            target = by_id.get(incident_of.get(cue.target_mention, "")) if cue.target_mention else None
            if target is None and cue.target_text and not cue.target_mention:
                # (a cue whose answered event is a generic "recent attacks" links nothing)
                words = set(_WORD.findall(cue.target_text.lower())) - STOP
                candidates = {p.id: p for w in words for p in by_name.get(w, ())}
                scored = []
                for other in candidates.values():
                    if other.id == inc.id or not _before(inc, other):
                        continue
                    overlap = len(words & other.keywords)
                    if overlap:
                        scored.append((overlap, other.start.isoformat() if other.start else "", other.id, other))
                if scored:
                    target = max(scored, key=lambda s: s[:3])[3]
            if target is None or target.id == inc.id or target.id in edges:
                continue
            edges[target.id] = Link(inc.id, target.id, cue.kind, article, cue.evidence)
        if edges:
            out[inc.id] = tuple(sorted(edges.values(), key=lambda l: l.target))
    return out


def link_incidents(incidents: list[Incident]) -> list[Incident]:
    incident_of = {m.id: inc.id for inc in incidents for m in inc.mentions}
    edges = resolve_links([profile(inc) for inc in incidents], incident_of)
    return [inc.replace(responds_to=edges[inc.id]) if inc.id in edges else inc for inc in incidents]


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
