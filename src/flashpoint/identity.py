"""Stable incident ids: an incident keeps its id for life.

Fusion regroups mentions; ``assign_ids`` says which new group carries which stored id.

- Each stored incident continues into the new group holding most of its mentions
  (ties: the group whose first mention id sorts first). A group that one stored
  incident continues into keeps that incident's id, however many mentions joined it.
- A group that two or more stored incidents continue into is a merge: the survivor is
  the oldest (``created_at``), then the one with more mentions, then the smaller id;
  the others become redirects to it (``merged_into``).
- A group that holds mentions of a stored incident which continued elsewhere is a
  split: it gets a new id, with ``split_from`` naming that incident.
- A group with no stored mentions gets a new id derived from its first mention id,
  so the same input gives the same ids; an id already taken (by an incident or a
  redirect) is salted until it is free.
- A stored incident whose mentions all went away (none of them in any group) is deleted.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Previous:
    """A stored incident as identity needs it."""

    id: str
    members: frozenset[str]          # mention ids
    created_at: object = None        # datetime or None (older databases)


@dataclass
class Assignment:
    ids: list[str]                                             # one per group, in group order
    created: list[str] = field(default_factory=list)           # new incidents (splits included)
    kept: list[str] = field(default_factory=list)              # stored ids that live on
    merged: dict[str, str] = field(default_factory=dict)       # absorbed id -> survivor
    split_from: dict[str, str] = field(default_factory=dict)   # new id -> the incident it left
    deleted: list[str] = field(default_factory=list)


def unsalted_ids(groups: list[list[str]]) -> list[str]:
    """The id each group would get unsalted (what ``taken`` is asked first, for a batched lookup)."""
    return ["inc_" + hashlib.sha1(min(g).encode()).hexdigest()[:8] for g in groups if g]


def new_id(first_mention: str, taken: Callable[[str], bool]) -> str:
    """``inc_`` + 8 hex digits of the first mention's id (salted while taken)."""
    salt = 0
    while True:
        key = first_mention if salt == 0 else f"{first_mention}#{salt}"
        candidate = "inc_" + hashlib.sha1(key.encode()).hexdigest()[:8]
        if not taken(candidate):
            return candidate
        salt += 1


def assign_ids(groups: list[list[str]], previous: Iterable[Previous],
               taken: Callable[[str], bool] = lambda _id: False) -> Assignment:
    """Ids for ``groups`` (lists of mention ids) given the stored incidents they regroup.
    ``taken`` says whether an id is used outside this part of the corpus."""
    previous = sorted(previous, key=lambda p: p.id)
    group_of = {m: i for i, g in enumerate(groups) for m in g}
    firsts = [min(g) for g in groups]
    heirs: dict[int, list[Previous]] = {}
    continues_into: dict[str, int] = {}
    out = Assignment(ids=[""] * len(groups))
    for prev in previous:
        overlap = Counter(group_of[m] for m in prev.members if m in group_of)
        if not overlap:
            out.deleted.append(prev.id)
            continue
        target = min(overlap, key=lambda g: (-overlap[g], firsts[g]))
        continues_into[prev.id] = target
        heirs.setdefault(target, []).append(prev)
    used = set()

    def is_taken(candidate: str) -> bool:
        return candidate in used or candidate in continues_into or taken(candidate)

    for i, g in enumerate(groups):
        if i in heirs:
            survivor = min(heirs[i], key=lambda p: (p.created_at is None, p.created_at or 0, -len(p.members), p.id))
            out.ids[i] = survivor.id
            out.kept.append(survivor.id)
            for other in heirs[i]:
                if other.id != survivor.id:
                    out.merged[other.id] = survivor.id
        used.add(out.ids[i])
    for i, g in enumerate(groups):
        if out.ids[i]:
            continue
        out.ids[i] = new_id(firsts[i], is_taken)
        used.add(out.ids[i])
        out.created.append(out.ids[i])
        members = set(g)
        left = Counter(prev.id for prev in previous for m in prev.members if m in members)
        if left:
            out.split_from[out.ids[i]] = min(left, key=lambda p: (-left[p], p))
    return out

