"""Fuse new mentions into the stored incidents, touching only what they change.

    summary = fuse_new(store, mentions, run="run-...", at=now)   # inside store.transaction()
    summary = refuse(store, run="run-...", at=now)               # everything, from scratch

Fusion (``fuse.cluster``) joins mentions by edges: a pair of day-dated mentions that
scores high enough, and one "best" edge per thin (undated or vaguely dated) mention.
Old pairs score as they always did, so new mentions can only add edges, or give a thin
mention a better partner (which moves it). The part of the corpus a run regroups is:

1. the *seekers*: the new mentions, and every thin mention of an incident whose
   mentions were replaced (its stored edge may point at something gone);
2. the stored mentions that could pair with a seeker (``fuse.could_pair``: same type
   family, compatible country, and time windows within a day of each other - with an
   evidence key in common when one of the two is undated and placed no finer than a
   region -, or one article, or an undated one and a named person victim in common, or
   one with no window at all), fetched from the store (``store.candidates``: a range
   join over the seekers' merged windows and a join on evidence keys, not a scan of
   whole blocks), scored against the seekers;
3. every incident holding a candidate that forms an edge with a seeker, whole, and
   the incidents whose mentions were replaced.

That part is clustered again with each thin mention's stored edge as a floor
(``fuse.cluster_with``); no edge leaves the part, so the result is the partition one
fusion of the whole corpus gives. Ids follow ``identity.assign_ids``; only incidents
whose members or document changed are rewritten, and every change is logged.
responds_to links are resolved again only for the incidents the change can alter
(``_relink``), and only the links that changed are rewritten. So a run's cost follows
what it adds and the density of what is stored around it in time, not the size of
the store (``benchmarks/scale.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from .escalation import resolve_links
from .fuse import MERGE_AT, CandidateIndex, _single_edge, _thin, cluster_with, pair_score
from .identity import assign_ids, unsalted_ids
from .reconcile import reconcile
from .records import Incident, Mention
from .store import Store


@dataclass
class FuseSummary:
    regrouped: int = 0                                   # mentions clustered again
    changes: list[tuple[str, str, str | None]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for _, change, _ in self.changes if change == kind)


def _edges_to(seekers: list[Mention], batches: Iterable[list[tuple[Mention, str, tuple | None]]],
              leads: dict[str, str]) -> set[str]:
    """Incidents of the candidates that form an edge with some seeker (as ``cluster`` would
    draw it: two day-dated ends, or a thin end that may take the other as its partner).
    A thin seeker joins only its best partner (``cluster_with``'s order: a dated partner
    first, then the score, then the id), so of the candidates it alone could join, only
    the best one's incident is regrouped: holding every one of them made a step's part
    grow with the events of its days. The seekers are indexed and the candidates come a
    batch at a time (``could_pair`` is symmetric, so each candidate meets the seekers it
    may pair with); none is kept."""
    index = CandidateIndex((s, None) for s in seekers)
    seeker_ids = {s.id for s in seekers}
    touched: set[str] = set()
    best: dict[str, tuple[tuple, str]] = {}    # thin seeker -> (its best key, that candidate's incident)
    for batch in batches:
        for cand, incident, _ in batch:
            if incident in touched or cand.id in seeker_ids:
                continue
            for s, _ in index.near(cand):
                score = pair_score(s, cand, leads.get(s.article) if s.article == cand.article else None)
                if score is None or score < MERGE_AT:
                    continue
                if not (_single_edge(s) or _single_edge(cand)) or _takes(cand, s):
                    touched.add(incident)
                    break
                if _takes(s, cand):     # only the seeker may take the candidate: a rival for its best
                    key = (not _thin(cand), score, cand.id)
                    if s.id not in best or key > best[s.id][0]:
                        best[s.id] = (key, incident)
    return touched | {incident for _, incident in best.values()}


def _takes(t: Mention, other: Mention) -> bool:
    """May thin ``t`` take ``other`` as its one partner (as ``cluster_with`` allows)?"""
    return _single_edge(t) and not (t.date and not other.date)


def fuse_new(store: Store, new: Iterable[Mention], *, run: str, at: dt.datetime) -> FuseSummary:
    """Fuse ``new`` mentions (already stored, not yet in an incident) and the incidents
    marked dirty into the stored incidents. Call inside ``store.transaction()``."""
    new = [m for m in new if m.modality == "asserted"]
    dirty = store.dirty_incidents()
    dirty_members = store.incident_members(dirty)
    seekers = new + [m for m, _, _ in dirty_members if _single_edge(m)]
    seeker_ids = {m.id for m in seekers}
    leads = store.leads({m.article for m in seekers})   # a lead scores a pair of one article
    touched = _edges_to(seekers, store.candidate_batches(seekers), leads) | set(dirty)
    del dirty_members
    members = store.incident_members(touched)
    part = {m.id: m for m in new}
    known_best, settled = {}, set()
    for m, _, best in members:
        part[m.id] = m
        if m.id not in seeker_ids and _single_edge(m):
            settled.add(m.id)   # its best among stored mentions is stored: only new partners are scored
            if best is not None:
                known_best[m.id] = best
    leads.update(store.leads({m.article for m in part.values()}))
    return _regroup(store, list(part.values()), touched, known_best, leads, run=run, at=at,
                    settled=settled, fresh=seeker_ids)


def refuse(store: Store, *, run: str, at: dt.datetime, cluster=None) -> FuseSummary:
    """Fuse every stored mention from scratch; stored ids live on where their incident does.
    ``cluster`` replaces ``fuse.cluster_with`` (the ray engine's group-by gives the same result)."""
    mentions = store.fused_mentions()
    old = [r[0] for r in store.con.execute("SELECT id FROM incidents").fetchall()]
    store.clear_dirty()
    return _regroup(store, mentions, set(old), {}, None, run=run, at=at, cluster=cluster)


def _regroup(store: Store, part: list[Mention], previous_ids: set[str], known_best: dict,
             leads: dict[str, str] | None, *, run: str, at: dt.datetime, cluster=None,
             settled: set[str] | None = None, fresh: set[str] | None = None) -> FuseSummary:
    if settled:
        clustering = cluster_with(part, leads=leads, known_best=known_best, settled=settled, fresh=fresh)
    else:
        clustering = (cluster or cluster_with)(part, leads=leads, known_best=known_best)
    groups = clustering.groups
    previous = store.previous_incidents(previous_ids)
    member_ids = [[m.id for m in g] for g in groups]
    asked = set(unsalted_ids(member_ids))
    known_taken = store.ids_taken(asked)   # one lookup for the ids new groups ask first
    assignment = assign_ids(member_ids, previous,
                            taken=lambda i: i in known_taken if i in asked else store.id_taken(i))
    duplicates = store.duplicates({m.article for m in part})
    incidents = [reconcile(inc_id, g, duplicates) for inc_id, g in zip(assignment.ids, groups)]
    old_docs = store.incident_docs_by_id(previous_ids)
    old_members = {p.id: p.members for p in previous}
    created_at = {p.id: p.created_at for p in previous}
    summary = FuseSummary(regrouped=len(part))
    rewrite: list[Incident] = []
    stamps: dict[str, tuple] = {}
    split_from = assignment.split_from
    unstamped = store.unstamped(previous_ids)   # written before incremental runs: rewritten once, not logged
    for inc in incidents:
        members = frozenset(m.id for m in inc.mentions)
        if inc.id in old_docs:
            same = old_members.get(inc.id) == members and _without_links(old_docs[inc.id]) == _doc_without_links(inc)
            if same and inc.id in unstamped:
                stamps[inc.id] = (at, at, None)
                rewrite.append(inc)
                continue
            if same:
                continue
            summary.changes.append((inc.id, "updated", None))
            stamps[inc.id] = (created_at.get(inc.id) or at, at, None)
        else:
            kind = "split" if inc.id in split_from else "created"
            summary.changes.append((inc.id, kind, split_from.get(inc.id)))
            stamps[inc.id] = (at, at, split_from.get(inc.id))
        rewrite.append(inc)
    for gone, survivor in sorted(assignment.merged.items()):
        summary.changes.append((gone, "merged", survivor))
    for gone in sorted(assignment.deleted):
        summary.changes.append((gone, "deleted", None))
    removed = set(assignment.merged) | set(assignment.deleted)
    rewritten = {inc.id for inc in rewrite}
    store.delete_incidents(rewritten | removed)
    store.drop_links_to(rewritten | removed)   # resolved again below, with the documents' lists
    store.add_incidents(rewrite, stamps)
    best = clustering.best
    store.set_members([{"id": m.id, "incident": inc.id, "best": best[m.id][2] if m.id in best else None,
                        "best_score": best[m.id][1] if m.id in best else None,
                        "best_dated": best[m.id][0] if m.id in best else None}
                       for inc in incidents for m in inc.mentions])
    store.add_redirects(assignment.merged, run, at)
    logged = {inc_id for inc_id, _, _ in summary.changes}
    regrouped = {m.id for m in part}
    summary.changes.extend(c for c in _relink(store, at, rewrite, removed, regrouped) if c[0] not in logged)
    store.log_changes(summary.changes, run, at)
    store.clear_dirty()
    return summary


def _doc_without_links(inc: Incident) -> dict:
    from .export import incident_doc

    return _without_links(json.dumps(incident_doc(inc), ensure_ascii=False))


def _without_links(doc: str) -> dict:
    d = json.loads(doc)
    d.pop("responds_to", None)
    return d


def _relink(store: Store, at: dt.datetime, rewritten: list[Incident], removed: set[str],
            regrouped: set[str]) -> list[tuple[str, str, str | None]]:
    """Resolve responds_to again for the incidents whose links this change can alter, and
    rewrite those whose links changed. An incident's links are ``escalation.resolve_links``
    over its own profile, the incidents holding its cues' target mentions, and the attack
    incidents of the year before it (``store.LINK_DAYS``, by ``store.link_day``) that
    carry a word of a text cue among their names (``store.link_candidates``). So only
    these can change: the rewritten incidents, those linking to a rewritten or removed
    one, those with a cue naming a name of a rewritten attack of the year before them,
    and those whose cue targets a regrouped mention (``store.link_holders``). A rebuild
    (``refuse``) resolves the same way, so one run or many give the same links."""
    from .escalation import STOP, _WORD, profile
    from .store import _link_row, link_day

    new_profiles = [(profile(inc), link_day(inc)) for inc in rewritten]
    names = [(n, day) for p, day in new_profiles if day and p.type.startswith("attack") for n in p.names]
    holders = {p.id for p, _ in new_profiles if p.cues}
    holders |= store.link_holders({inc.id for inc in rewritten} | removed, names, regrouped)
    sources = store.profiles(holders)
    if not sources:
        return []
    days = store.link_days([p.id for p in sources])
    words = {p.id: [(w, p.end or days.get(p.id)) for _, c in p.cues
                    if c.target_text and not c.target_mention and (p.end or days.get(p.id))
                    for w in set(_WORD.findall(c.target_text.lower())) - STOP] for p in sources}
    targets = {c.target_mention for p in sources for _, c in p.cues if c.target_mention}
    incident_of = store.incident_of(targets)
    found = store.link_candidates([w for ws in words.values() for w in ws])
    targeted = set(incident_of.values())
    others = {o.id: o for o in store.profiles(set().union(targeted, *found.values()))}
    edges: dict[str, tuple] = {}
    for p in sources:   # each with the candidates of its own window, built in its turn: held for
        # every source at once, these sets grew with the incidents that share a name within a year
        allowed = set().union(targeted, *(found.get(w, ()) for w in words[p.id])) - {p.id}
        edges[p.id] = resolve_links([p] + [others[i] for i in sorted(allowed) if i in others],
                                    incident_of).get(p.id, ())
    stored = store.link_rows([p.id for p in sources])
    changed = {}
    for p in sources:
        links = edges.get(p.id, ())
        if [tuple(_link_row(link).values()) for link in links] != stored.get(p.id, []):
            changed[p.id] = links
    store.set_links_of(changed, at)
    return [(source, "updated", None) for source in sorted(changed)]
