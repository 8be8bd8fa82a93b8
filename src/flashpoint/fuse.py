"""Mentions -> incidents: the same real-world event merged across articles.

1. Blocking: only asserted mentions of one type family, in one country (or with no
   country), are ever compared.
2. Matching: a pair score from type, date, place, victims, targets, perpetrator and
   counts (``pair_score``); hard contradictions (dates that cannot overlap, places
   far apart, incompatible weapons) veto the pair, and so does a pair that only
   type and date join (``_supported``: no shared place, named actor, victim or target).
3. Clustering: union-find over the pairs that pass, visited in a canonical order, so
   the result does not depend on input order. An undated mention, or one placed in
   no country, joins only its single best match, so it can never chain two events
   together (``_single_edge``).
4. Reconciling: every field takes one value by a named rule; where sources disagree
   the incident keeps each value with its source in ``conflicts``.
Links (``responds_to``) are resolved in ``links.py`` once the incidents exist.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .extract.lexicon import load_lexicon
from .reconcile import reconcile
from .records import Incident, Mention
from .resolve.actors import ActorRegistry
from .resolve.gazetteer import distance_km

COMPATIBLE_TYPES = [{"attack.rocket", "attack.missile"}, {"attack.drone", "attack.airstrike", "attack.missile"},
                    {"attack.bombing", "attack.suicide_bombing", "attack.grenade"}]
MERGE_AT = 2.0
_EXPLOSIVE = COMPATIBLE_TYPES[2]


def _family(code: str) -> str:
    return load_lexicon().family(code)


def _types_compatible(a: str, b: str) -> bool:
    if a == b or "attack.other" in (a, b):
        return True
    return any(a in group and b in group for group in COMPATIBLE_TYPES)


def _dates(a: Mention, b: Mention) -> float | None:
    """None = contradiction; else a score."""
    if not (a.date and b.date and a.date.start and b.date.start):
        return 0.0
    slack = 1  # "Tuesday night" in Washington is Wednesday in Baghdad
    a_end, b_end = a.date.end or a.date.start, b.date.end or b.date.start
    if (a.date.start - b_end).days > slack or (b.date.start - a_end).days > slack:
        return None
    if a.date.precision == b.date.precision == "day":
        return 1.5 if a.date.start == b.date.start else 0.75
    return 0.5


def _km(a, b) -> float:
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _places(a: Mention, b: Mention) -> float | None:
    pa, pb = a.location, b.location
    if not (pa and pb):
        return 0.0
    if pa.country and pb.country and pa.country != pb.country:
        return None
    if pa.place_id and pa.place_id == pb.place_id:
        return 2.0 if pa.precision in ("site", "city") else 0.5
    if "country" in (pa.precision, pb.precision):
        return 0.25
    if "region" in (pa.precision, pb.precision):
        region, other = (pa, pb) if pa.precision == "region" else (pb, pa)
        if region.admin1 and other.admin1 and region.admin1 != other.admin1 and other.precision != "region":
            return None   # a city outside the region named by the other source
        if other.precision == "region" and region.place_id != other.place_id:
            return None
        return 0.25
    if None not in (pa.lat, pb.lat) and _km(pa, pb) > 60:
        return None
    return 0.75


_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")


def _answered_names(m: Mention) -> set[str]:
    """Capitalised names in what the mention says it answers."""
    if not m.cues:
        return set()   # most mentions answer nothing: skip the regex on the hot path
    return {w for cue in m.cues for w in _NAME.findall(cue.target_text)} - {"Iranian", "American", "Israeli", "The"}


def _perpetrators(a: str, b: str) -> float:
    """Same actor +1; one part of the other (IRGC and Iran) +0.5; unrelated -0.5."""
    if a == b:
        return 1.0
    registry = ActorRegistry.default()
    try:
        related = b in registry.ancestors(a) or a in registry.ancestors(b)
    except KeyError:
        related = False
    return 0.5 if related else -0.5


def _told_place(m: Mention):
    """The place this telling gives its event. A country read off the whole brief (basis
    ``article_country``) is where the brief is set, not a place the telling names: it
    leaves the telling as thin as before, so that it still joins its brief's event."""
    loc = m.location
    return None if loc is not None and loc.basis == "article_country" else loc


def _named(refs) -> set[str]:
    return {(r.id or r.name.lower()) for r in refs if r.type == "person" or r.id}


def pair_score(a: Mention, b: Mention, lead: str | None = None) -> float | None:
    """How strongly two mentions report one event; None when they cannot."""
    if a.article == b.article and a.sentence.start == b.sentence.start:
        return None  # one sentence listing several events
    if not _types_compatible(a.type, b.type):
        return None
    d, p = _dates(a, b), _places(a, b)
    if d is None or p is None:
        return None
    same_article = a.article == b.article
    # one article telling one attack with two words of one kind ("bombing", "suicide bombing")
    same_kind = a.type == b.type or (same_article and {a.type, b.type} <= _EXPLOSIVE)
    score = d + p + (0.5 if same_kind and a.type != "attack.other" else 0.0)
    thin = not (a.date or _told_place(a)) or not (b.date or _told_place(b))
    if not (same_article and thin) and not _supported(a, b, p if not same_article or p <= 0 else max(p, 0.75)):
        return None   # type and date alone: many attacks happen on one day in one country
    if same_article:
        # an article mostly retells its own event ("the attack", "the strike"), and a
        # passing mention with neither date nor place is the article's event of that type
        score += 2.0 if thin and same_kind else 1.0
        score -= 0.5 * min(1.0, abs(a.trigger.start - b.trigger.start) / 2000)   # nearer text, likelier the same
        if lead is not None and thin and lead in (a.id, b.id):
            score += 0.5   # a passing "the missiles" most often means the article's lead event
    shared_victims = _named(a.victims) & _named(b.victims)
    score += 3.0 * len(shared_victims)
    score += 1.0 * len({t.id for t in a.targets if t.id} & {t.id for t in b.targets if t.id})
    if a.perpetrator and b.perpetrator and a.perpetrator.id and b.perpetrator.id:
        score += _perpetrators(a.perpetrator.id, b.perpetrator.id)
    if a.weapon_count.known and a.weapon_count == b.weapon_count:
        score += 0.5
    if _answered_names(a) & _answered_names(b):
        score += 1.0   # both answer the same event ("in retaliation for Soleimani's killing")
    if not same_article and (not (a.date and _told_place(a)) or not (b.date and _told_place(b))):
        score -= 0.5 if not shared_victims else 0.0   # thin evidence needs more agreement
    return score


def _named_ids(refs) -> set[str]:
    """Registry or facility ids of named actors; generic ones ("gunmen") name nobody."""
    registry = ActorRegistry.default()
    out = set()
    for r in refs:
        if r is None or not r.id:
            continue
        try:
            generic = registry.get(r.id).get("generic")
        except KeyError:
            generic = False      # a facility (places id) or an actor from elsewhere: named
        if not generic:
            out.add(r.id)
    return out


def _supported(a: Mention, b: Mention, place_score: float) -> bool:
    """Whether anything beyond type and date says two mentions are one event: the same
    place (one city or site, or two cities close together; within one article, places
    that agree at any precision), or a shared named victim,
    target or perpetrator (one actor or one part of the other), or the same answered event."""
    if place_score >= 0.75:
        return True
    if _named(a.victims) & _named(b.victims) or _named_ids(a.targets) & _named_ids(b.targets):
        return True
    pa, pb = _named_ids([a.perpetrator]), _named_ids([b.perpetrator])
    if pa and pb and _perpetrators(next(iter(pa)), next(iter(pb))) > 0:
        return True
    return bool(_answered_names(a) & _answered_names(b))


def _thin(m: Mention) -> bool:
    """Undated, or dated only to a week, month or year ("last week", "in October"): such
    a mention may join one event but must never bridge two."""
    if not (m.date and m.date.start):
        return True
    return (m.date.end or m.date.start) != m.date.start


def _single_edge(m: Mention) -> bool:
    """Thin, or placed in no country: such a mention joins its one best partner, never
    every partner that scores. A report that names no country ("the group's fighters
    attacked a checkpoint on Tuesday") scores with that group's attacks of the day in
    every country; joining them all would chain attacks in two countries into one."""
    return _thin(m) or not (m.location and m.location.country)   # the block "?" (``_block_key``)


def _block_key(m: Mention) -> tuple[str, str]:
    country = m.location.country if m.location and m.location.country else "?"
    return (_family(m.type), country)


class _UnionFind:
    def __init__(self, items: list[str]):
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


UNDATED_DAYS = 365   # an undated mention reports an event of the year before its article


def _window(m: Mention) -> tuple[dt.date, dt.date] | None:
    """The days a mention's event may lie in: its date (one day, or the week, month or
    year it names), else the year before its article's publication; None when the
    mention has neither (it can then join only its own article's events, or a named
    person's)."""
    if m.date and m.date.start:
        return m.date.start, m.date.end or m.date.start
    if m.published:
        return m.published - dt.timedelta(days=UNDATED_DAYS), m.published
    return None


def _undated(m: Mention) -> bool:
    return not (m.date and m.date.start)


def _unanchored(m: Mention) -> bool:
    """Undated and placed no finer than a region (or not at all): such a mention's place
    never scores 0.75 with another's (``_places``), so in another article it can only be
    ``_supported`` by a named victim, target, perpetrator or answered event
    (``evidence_keys``). Its window is a whole year: it is compared only with the
    mentions of that year that share one of those."""
    if not _undated(m):
        return False
    return m.location is None or m.location.precision in ("country", "region")


def evidence_keys(m: Mention) -> set[str]:
    """What ``_supported`` can find in common besides a place: named victims (``v:``),
    named targets (``t:``), the perpetrator with every actor it is part of (``p:``, so
    that an actor and its parent share a key) and answered names (``a:``). Two mentions
    that ``_supported`` joins without a place share one."""
    keys = {"v:" + k for k in _named(m.victims)} | {"t:" + k for k in _named_ids(m.targets)}
    for perpetrator in _named_ids([m.perpetrator]):
        try:
            ancestors = ActorRegistry.default().ancestors(perpetrator)
        except KeyError:
            ancestors = []
        keys |= {"p:" + k for k in (perpetrator, *ancestors)}
    return keys | {"a:" + k for k in _answered_names(m)}


def _persons(m: Mention) -> set[str]:
    """Named people among the victims: a person is the victim of few events, so an undated
    mention may be compared with every mention that names the same one."""
    return {(r.id or r.name.lower()) for r in m.victims if r.type == "person"}


def could_pair(a: Mention, b: Mention) -> bool:
    """Whether ``cluster`` ever scores this pair: one family, compatible countries, and
    (1) windows (``_window``) within a day of each other, and, when one of the two is
    unanchored (``_unanchored``), an evidence key in common (``evidence_keys``), or
    (2) one article and one of the two thin, or (3) one of the two undated and a named
    person victim in common, or (4) one of the two with no window at all (undated, in
    an article of unknown date: compared with its whole block, so that the article can
    be dated from the corpus; once it is, its mentions are extracted again and have
    windows). The pairs (1) leaves out are those ``pair_score`` refuses anyway, so the
    rule changes what is scored, never what merges.
    ``CandidateIndex`` and ``store.candidates`` find exactly these pairs."""
    (fa, ca), (fb, cb) = _block_key(a), _block_key(b)
    if fa != fb or (ca != cb and "?" not in (ca, cb)):
        return False
    wa, wb = _window(a), _window(b)
    if wa is None or wb is None:
        return True
    if a.article == b.article and (_thin(a) or _thin(b)):
        return True
    if (_undated(a) or _undated(b)) and _persons(a) & _persons(b):
        return True
    if (wa[0] - wb[1]).days <= 1 and (wb[0] - wa[1]).days <= 1:
        return not (_unanchored(a) or _unanchored(b)) or bool(evidence_keys(a) & evidence_keys(b))
    return False


class CandidateIndex:
    """Mentions by block, looked up as ``could_pair`` allows: day-dated ones by day, the
    other anchored ones by the start of their window (searched from the longest window
    back), those with no window apart, and every one by article, by named person victim
    and by evidence key (how unanchored ones are found, and find). Each entry carries a
    payload."""

    def __init__(self, entries: Iterable[tuple[Mention, object]]):
        self.countries: dict[str, set[str]] = defaultdict(set)
        self.by_day: dict[tuple, dict[dt.date, list]] = defaultdict(lambda: defaultdict(list))
        self.spans: dict[tuple, list] = defaultdict(list)      # (window start, id, entry) of thin ones
        self.by_article: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.by_person: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.by_key: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.loose: dict[tuple, list] = defaultdict(list)        # no window: pair with everything
        self.everything: dict[tuple, list] = defaultdict(list)
        self.longest = 0
        for m, payload in entries:
            key = _block_key(m)
            self.countries[key[0]].add(key[1])
            entry = (m, payload)
            window = _window(m)
            if not _thin(m):
                self.by_day[key][m.date.start].append(entry)
            elif window is None:
                self.loose[key].append(entry)
            elif not _unanchored(m):
                self.spans[key].append((window[0], m.id, entry))
                self.longest = max(self.longest, (window[1] - window[0]).days)
            self.everything[key].append(entry)
            self.by_article[key][m.article].append(entry)
            for person in _persons(m):
                self.by_person[key][person].append(entry)
            if window is not None:
                for k in evidence_keys(m):
                    self.by_key[key][k].append((window, _unanchored(m), entry))
        for spans in self.spans.values():
            spans.sort(key=lambda s: (s[0], s[1]))
        self._starts = {key: [s[0] for s in spans] for key, spans in self.spans.items()}
        self._ends = {key: [_window(s[2][0])[1] for s in spans] for key, spans in self.spans.items()}
        self._days = {key: sorted(days) for key, days in self.by_day.items()}   # the days that hold some

    def near(self, m: Mention) -> Iterator[tuple[Mention, object]]:
        """Every indexed entry that ``could_pair`` with ``m`` (and ``m`` itself when indexed)."""
        family, country = _block_key(m)
        keys = [(family, c) for c in sorted(self.countries[family])] if country == "?" else \
            [(family, country), (family, "?")]
        seen: set[str] = set()
        window, thin, undated, unanchored = _window(m), _thin(m), _undated(m), _unanchored(m)
        persons, evidence = _persons(m), evidence_keys(m) if window else set()
        for key in keys:
            found: list = list(self.loose.get(key, ()))
            if window is None:
                found.extend(self.everything.get(key, ()))
            else:
                lo, hi = window[0] - dt.timedelta(days=1), window[1] + dt.timedelta(days=1)
                for k in evidence:   # an unanchored one of the two: a key in common, and the windows
                    found.extend(e for (start, end), other_unanchored, e in self.by_key.get(key, {}).get(k, ())
                                 if (unanchored or other_unanchored) and start <= hi and end >= lo)
                if not unanchored:   # two anchored ones: the windows
                    by_day, days = self.by_day.get(key, {}), self._days.get(key, [])
                    for day in days[bisect.bisect_left(days, lo):bisect.bisect_right(days, hi)]:
                        found.extend(by_day[day])
                    spans, starts, ends = self.spans.get(key, []), self._starts.get(key, []), self._ends.get(key, [])
                    first = bisect.bisect_left(starts, lo - dt.timedelta(days=self.longest))
                    last = bisect.bisect_right(starts, hi)
                    found.extend(spans[i][2] for i in range(first, last) if ends[i] >= lo)
            found.extend(e for e in self.by_article.get(key, {}).get(m.article, ()) if thin or _thin(e[0]))
            for person in persons:
                found.extend(e for e in self.by_person.get(key, {}).get(person, ()) if undated or _undated(e[0]))
            for entry in found:
                if entry[0].id not in seen:
                    seen.add(entry[0].id)
                    yield entry


def _candidate_pairs(members: list[Mention], pool: list[Mention]):
    """The pairs of a block worth scoring (``could_pair``): each pair of ``members`` once,
    and each member with the mentions of the pool (no country) it may pair with."""
    index = CandidateIndex([(m, True) for m in members] + [(m, False) for m in pool])
    for a in members:
        for b, is_member in index.near(a):
            if b.id != a.id and not (is_member and b.id < a.id):
                yield a, b


Best = tuple[bool, float, str]   # a single-edge mention's one edge: (partner dated, score, partner id)


@dataclass
class Clustering:
    """Groups of mentions, and the one edge each single-edge mention chose (stored, so a later
    run can fuse new mentions against the store without re-scoring old pairs)."""

    groups: list[list[Mention]]
    best: dict[str, Best]


def leads_of(mentions: Iterable[Mention]) -> dict[str, str]:
    """article -> its first dated asserted mention (the story the article leads with)."""
    leads: dict[str, tuple[int, str]] = {}
    for m in mentions:
        if m.modality == "asserted" and m.date:
            key = (m.trigger.start, m.id)
            if key < leads.get(m.article, (1 << 62, "")):
                leads[m.article] = key
    return {article: key[1] for article, key in leads.items()}


def cluster(mentions: list[Mention]) -> list[list[Mention]]:
    """Group asserted mentions into events (deterministic, input-order independent)."""
    return cluster_with(mentions).groups


def cluster_with(mentions: list[Mention], *, leads: dict[str, str] | None = None,
                 known_best: dict[str, Best] | None = None, settled: set[str] | None = None,
                 fresh: set[str] | None = None) -> Clustering:
    """``cluster`` on a part of a corpus: ``leads`` gives each article's lead when the part
    lacks some of an article's mentions, and ``known_best`` the edge each thin mention
    chose among mentions outside the part (its best is the better of the two).
    ``settled``: thin mentions whose best among the other mentions of the part, except
    the ``fresh`` ones, is already in ``known_best`` (or is none); pairs of two mentions
    neither of which is fresh are not scored again when one of them is settled."""
    mentions = sorted((m for m in mentions if m.modality == "asserted"), key=lambda m: m.id)
    blocks: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        blocks[_block_key(m)].append(m)
    uf = _UnionFind([m.id for m in mentions])
    if leads is None:
        leads = leads_of(mentions)
    present = {m.id for m in mentions}
    fresh = fresh or set()
    thin_best: dict[str, Best] = {k: v for k, v in (known_best or {}).items() if k in present and v[2] in present}
    for (family, country), members in sorted(blocks.items()):
        pool = blocks.get((family, "?"), []) if country != "?" else []
        for a, b in _candidate_pairs(members, pool):
            if settled and (a.id in settled or b.id in settled) and a.id not in fresh and b.id not in fresh:
                continue
            score = pair_score(a, b, leads.get(a.article) if a.article == b.article else None)
            if score is None or score < MERGE_AT:
                continue
            thin = [(x, b if x is a else a) for x in (a, b) if _single_edge(x)]
            if not thin:
                uf.union(a.id, b.id)
            for t, other in thin:
                if t.date and not other.date:
                    continue   # "in January 2020" must not reach a 2022 event through an undated report
                key = (not _thin(other), score, other.id)   # a dated partner first, then the best score
                if key > thin_best.get(t.id, (False, -1.0, "")):
                    thin_best[t.id] = key
    for t_id, (_, _, o_id) in sorted(thin_best.items()):
        uf.union(t_id, o_id)
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[uf.find(m.id)].append(m)
    return Clustering(sorted(groups.values(), key=lambda g: g[0].id), thin_best)


def block_columns(m: Mention) -> dict:
    """What the store keeps of a mention to find its fusion candidates by index."""
    family, country = _block_key(m)
    return {"family": family, "country": country, "thin": _thin(m),
            "date_start": m.date.start if m.date and m.date.start else None}


def window_columns(m: Mention) -> dict:
    """The rest of what ``could_pair`` reads, for ``store.candidates``: the window, whether
    undated, the named person victims as ``|a|b|``, whether unanchored and the evidence
    keys (a list; None when there are none)."""
    window, persons, keys = _window(m), sorted(_persons(m)), sorted(evidence_keys(m))
    return {"win_lo": window[0] if window else None, "win_hi": window[1] if window else None,
            "undated": _undated(m), "persons": "|" + "|".join(persons) + "|" if persons else None,
            "unanchored": _unanchored(m), "evidence": keys or None}


def incident_id(members: Iterable[Mention]) -> str:
    key = "|".join(sorted(m.id for m in members))
    return "inc_" + hashlib.sha1(key.encode()).hexdigest()[:8]


def fuse(mentions: Iterable[Mention], *, duplicates: dict[str, str] | None = None) -> list[Incident]:
    """Incidents from mentions; ``duplicates`` maps a near-duplicate article to its original."""
    duplicates = duplicates or {}
    out = []
    for group in cluster(list(mentions)):
        out.append(reconcile(incident_id(group), group, duplicates))
    return sorted(out, key=lambda i: (i.date.start.isoformat() if i.date and i.date.start else "9999", i.id))
