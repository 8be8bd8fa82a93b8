"""Fuse new mentions into the stored incidents, touching only what they change.

    summary = fuse_new(store, mentions, run="run-...", at=now)   # inside store.transaction()
    summary = refuse(store, run="run-...", at=now)               # everything, from scratch

Fusion (``fuse.cluster``) joins mentions by edges: a pair of day-dated mentions that
scores high enough, and one "best" edge per thin (undated or vaguely dated) mention.
Old pairs score as they always did, so new mentions can only add edges, or give a thin
mention a better partner (which moves it). The part of the corpus a run regroups is:

1. the *seekers*: the new mentions, and every thin mention of an incident whose
   mentions were replaced (its stored edge may point at something gone);
2. the stored mentions that could pair with a seeker (same type family, compatible
   country, within a day unless one of them is thin), fetched by index
   (``store.candidates``), scored against the seekers;
3. every incident holding a candidate that forms an edge with a seeker, whole, and
   the incidents whose mentions were replaced.

That part is clustered again with each thin mention's stored edge as a floor
(``fuse.cluster_with``); no edge leaves the part, so the result is the partition one
fusion of the whole corpus gives. Ids follow ``identity.assign_ids``; only incidents
whose members or document changed are rewritten, and every change is logged.
responds_to links are resolved from the stored link profiles, and only the links that
changed are rewritten.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .escalation import resolve_links
from .fuse import MERGE_AT, _thin, block_columns, cluster_with, pair_score
from .identity import assign_ids
from .reconcile import reconcile
from .records import Incident, Mention
from .store import Store


@dataclass
class FuseSummary:
    regrouped: int = 0                                   # mentions clustered again
    changes: list[tuple[str, str, str | None]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for _, change, _ in self.changes if change == kind)


def _scopes(seekers: list[Mention]) -> list[dict]:
    """What ``store.candidates`` looks for: per block, everything when a seeker is thin,
    else the day windows around the seekers' dates (merged)."""
    by_block: dict[tuple[str, str], list[Mention]] = {}
    for m in seekers:
        cols = block_columns(m)
        by_block.setdefault((cols["family"], cols["country"]), []).append(m)
    scopes = []
    for (family, country), ms in sorted(by_block.items()):
        if any(_thin(m) for m in ms):
            scopes.append({"family": family, "country": country, "thin": True, "lo": None, "hi": None})
            continue
        windows: list[list[dt.date]] = []
        for day in sorted({m.date.start for m in ms}):
            lo, hi = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
        scopes.extend({"family": family, "country": country, "thin": False, "lo": lo, "hi": hi} for lo, hi in windows)
    return scopes


class _CandidateIndex:
    """Candidates by block, thin ones apart and dated ones by day, so each seeker meets
    only those ``fuse.could_pair`` allows."""

    def __init__(self, candidates: list[tuple[Mention, str, tuple | None]]):
        self.thin: dict[tuple[str, str], list] = defaultdict(list)
        self.dated: dict[tuple[str, str], dict[dt.date, list]] = defaultdict(lambda: defaultdict(list))
        self.countries: dict[str, set[str]] = defaultdict(set)
        for cand, incident, _ in candidates:
            cols = block_columns(cand)
            key = (cols["family"], cols["country"])
            self.countries[key[0]].add(key[1])
            if cols["thin"]:
                self.thin[key].append((cand, incident))
            else:
                self.dated[key][cols["date_start"]].append((cand, incident))

    def near(self, seeker: Mention):
        cols = block_columns(seeker)
        family, country = cols["family"], cols["country"]
        keys = [(family, c) for c in sorted(self.countries[family])] if country == "?" else \
            [(family, country), (family, "?")]
        for key in keys:
            yield from self.thin.get(key, ())
            by_day = self.dated.get(key, {})
            if cols["thin"]:
                for found in by_day.values():
                    yield from found
            else:
                day = cols["date_start"]
                for offset in (-1, 0, 1):
                    yield from by_day.get(day + dt.timedelta(days=offset), ())


def _edges_to(seekers: list[Mention], candidates: list[tuple[Mention, str, tuple | None]],
              leads: dict[str, str]) -> set[str]:
    """Incidents of the candidates that form an edge with some seeker (as ``cluster`` would
    draw it: two day-dated ends, or a thin end that may take the other as its partner)."""
    index = _CandidateIndex(candidates)
    touched: set[str] = set()
    for s in seekers:
        for cand, incident in index.near(s):
            if incident in touched:
                continue
            score = pair_score(s, cand, leads.get(s.article) if s.article == cand.article else None)
            if score is None or score < MERGE_AT:
                continue
            thin_ends = [(t, o) for t, o in ((s, cand), (cand, s)) if _thin(t)]
            if not thin_ends or any(not (t.date and not o.date) for t, o in thin_ends):
                touched.add(incident)
    return touched


def fuse_new(store: Store, new: Iterable[Mention], *, run: str, at: dt.datetime) -> FuseSummary:
    """Fuse ``new`` mentions (already stored, not yet in an incident) and the incidents
    marked dirty into the stored incidents. Call inside ``store.transaction()``."""
    new = [m for m in new if m.modality == "asserted"]
    dirty = store.dirty_incidents()
    dirty_members = store.incident_members(dirty)
    seekers = new + [m for m, _, _ in dirty_members if _thin(m)]
    seeker_ids = {m.id for m in seekers}
    candidates = [c for c in store.candidates(_scopes(seekers)) if c[0].id not in seeker_ids]
    leads = store.leads({m.article for m in seekers} | {c[0].article for c in candidates})
    touched = _edges_to(seekers, candidates, leads) | set(dirty)
    members = store.incident_members(touched)
    part = {m.id: m for m in new}
    known_best, settled = {}, set()
    for m, _, best in members:
        part[m.id] = m
        if m.id not in seeker_ids and _thin(m):
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
    assignment = assign_ids([[m.id for m in g] for g in groups], previous, taken=store.id_taken)
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
    summary.changes.extend(c for c in _relink(store, at) if c[0] not in logged)
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


def _relink(store: Store, at: dt.datetime) -> list[tuple[str, str, str | None]]:
    """Resolve responds_to over every stored profile; rewrite the incidents whose links changed."""
    from .store import _link_row

    profiles = store.profiles()
    targets = {c.target_mention for p in profiles for _, c in p.cues if c.target_mention}
    edges = resolve_links(profiles, store.incident_of(targets))
    stored = store.link_rows()
    changed = []
    for p in profiles:
        links = edges.get(p.id, ())
        rows = [tuple(_link_row(link).values()) for link in links]
        if rows != stored.get(p.id, []):
            store.set_links(p.id, links, at)
            changed.append((p.id, "updated", None))
    return changed
