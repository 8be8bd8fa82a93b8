"""The document prior: what the names of a document say about where it is.

Every name the document writes (``document_names``) votes for the countries and admin1 areas of
its plausible readings, and a second pass reads each name in the light of the others
(``_refine``). The prior also holds the document's anchor (its first town of some size, or its
dateline's town), where an unknown place falls back to without one (``_home``), and gives the
countries the document has evidence for (``evident_countries``) and where each name could be
on the map (``Spots``: how many other names could lie near a reading). ``_score`` is a reading's
score under a prior, as the prior itself and the name rules compare readings.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from spacy.lang.en.stop_words import STOP_WORDS

from .document_names import _abroad_only, _dateline, _names, _people, _streets
from .gazetteer import Entry, Gazetteer
from .place_names import (INNER_MIN_POPULATION, _CAPITALISED, _FEATURE_WORDS, _STREET_WORDS, _gazetteer, _inside,
                          country_of, normalize)
from .qualifiers import _context_qualifier

# Context prior, tuned on the dev documents of benchmarks/geoparsing.py.
TIE, AREA_VOTE, COUNTRY_WEIGHT, ADMIN_WEIGHT, EXACT_NAME = 2.0, 2.0, 4.0, 8.0, 4.0
# A country counts as the document's when it has this share of the context's votes (or is the hint):
# a misspelt name may only resolve inside such a country.
EVIDENT_SHARE = 0.2
# Second readings of the document prior (see _refine) and the weight of each over the one before.
REFINE_PASSES, REFINE_MIX = 1, 0.5
# How much of a name's own votes count when it is read (1: all, 0: only the other names').
SELF_WEIGHT = 0.0
DEMONYM_VOTE = 1.0      # a demonym ("Lebanese") votes for its country alone
# A name votes in full when its likeliest reading scores VOTE_FULL_AT (log10 population, for a
# town), less below it down to VOTE_FLOOR over VOTE_RAMP (see _vote_weight).
VOTE_FULL_AT, VOTE_RAMP, VOTE_FLOOR = 4.0, 2.0, 0.2
ANCHOR_MIN_POPULATION = 5000
# A reading near the possible places of the document's other names ("Athens" beside "Henderson
# County": Athens, Texas lies in it; "Dublin" beside "Franklin County" and "Columbus": Ohio's)
# scores NEAR_NAMES times the share of the other names with a reading within NEAR_KM (100 miles),
# in the ranking and for the anchor. Set on the dev parts: weights 1.5 to 3 make the same
# choices; chosen in each of 5 folds by document it gains 11 of 1,993 ranked toponyms held out.
NEAR_KM, NEAR_NAMES = 161.0, 2.0
# ... and one within CLOSE_KM of another name's reading is at the same spot as it: a county and its
# seat ("Franklin and Williamson County": Franklin, Tennessee), a town and the one beside it. Such names count
# again, CLOSE_NAMES times their share: far-apart namesakes seldom both have one of the other this
# close. Set on the dev parts: 10 to 15 km with weights 3 to 4 make the same choices (+4 LGL, none lost).
CLOSE_KM, CLOSE_NAMES = 15.0, 3.0
# A North American phone number's area code names the state or province it rings in ("call
# 612-555-0142": Minnesota): each distinct code votes as a division named once. The codes
# (data/area_codes.csv) were read from the phonenumbers library's geocoding data (9.0.43);
# toll-free and other non-geographic codes are not listed. A tip line's last four digits may be
# written as the letters that dial them ("(555) 555-TIPS").
AREA_CODES_FILE, PHONE_VOTE = "area_codes.csv", 1.0
_PHONE = re.compile(r"(?<![\w-])\(?([2-9]\d\d)\)?[-. ]?[2-9]\d\d[-.](?:\d{4}|[A-Z]{4})(?![\w-])")
_PHONE_KEY = "#phone"       # the votes' key: no name normalises to it


@dataclass(frozen=True, slots=True)
class DocumentPrior:
    """What the names of a document say about where it is: shares of the votes for countries,
    admin1 areas, and its first town (the anchor). ``votes`` keeps each name's own votes so
    that a name can be read in the light of the *other* names only (``without``): a lone
    "Birmingham" must not vote for Alabama with its four American namesakes."""

    countries: dict[str, float]
    admins: dict[str, float]
    anchor: Entry | None = None
    home: Entry | None = None      # where an unknown place falls back to when there is no anchor (see _home)
    dateline: Entry | None = None  # the town of the story's dateline ("DANIELSVILLE - ..."), if any
    votes: dict[str, tuple[Counter, Counter]] | None = None     # name key -> (country votes, admin votes)
    totals: tuple[Counter, Counter] | None = None
    spots: Spots | None = None     # the map readings of every name, institutions' places included

    def admin_share(self, e: Entry) -> float:
        """The admin1 votes ``e`` stands in: its own area's, or for a country all of its areas'
        ("Mexico" beside Mexico City's votes is still the country)."""
        if e.kind == "country" and e.country:
            prefix = f"{e.country}:"
            return sum(v for k, v in self.admins.items() if k.startswith(prefix))
        return self.admins.get(e.admin_key or "", 0.0)

    def phoned(self, e: Entry) -> bool:
        """Is ``e`` in a division the document's phone numbers ring in?"""
        own = (self.votes or {}).get(_PHONE_KEY)
        return own is not None and bool(e.admin_key) and own[1].get(e.admin_key, 0.0) > 0.0

    def without(self, name: str) -> "DocumentPrior":
        """The prior of the document's other names, with ``SELF_WEIGHT`` of the name's own votes
        left in (same anchor)."""
        own = (self.votes or {}).get(normalize(name))
        if own is None or self.totals is None or SELF_WEIGHT >= 1.0:
            return self
        countries, admins = (self.totals[i].copy() for i in (0, 1))
        countries.subtract({k: v * (1 - SELF_WEIGHT) for k, v in own[0].items()})
        admins.subtract({k: v * (1 - SELF_WEIGHT) for k, v in own[1].items()})
        # shares of all the votes cast, so that a lone name keeps only SELF_WEIGHT of its own
        return dataclasses.replace(_normalised(countries, admins, sum(self.totals[0].values()),
                                               sum(self.totals[1].values())), anchor=self.anchor,
                                   home=self.home, dateline=self.dateline, spots=self.spots, votes=self.votes)


@dataclass(frozen=True, slots=True)
class Spots:
    """Where the document's names could be: every reading of each name that is a point on the
    map (a town, a site, a county), for asking how many of the *other* names could lie near a
    reading (``near``)."""

    keys: tuple[str, ...]       # the names (normalised), in the document's order
    owner: np.ndarray           # (readings,) index into ``keys``
    lat: np.ndarray             # (readings,) radians
    lon: np.ndarray

    @classmethod
    def of(cls, named: list[tuple[str, list[Entry]]]) -> "Spots":
        keys: dict[str, int] = {}
        points: list[tuple[int, Entry]] = []
        for phrase, hits in named:
            key = normalize(phrase)
            if key in keys:
                continue
            spots = [e for e in hits if _is_spot(e)]
            if spots:
                keys[key] = len(keys)
                points.extend((keys[key], e) for e in spots)
        return cls(tuple(keys), np.array([i for i, _ in points], dtype=int),
                   np.radians([e.lat for _, e in points]), np.radians([e.lon for _, e in points]))

    def near(self, e: Entry, key: str) -> float:
        """The share of the names other than ``key`` (on the map) with a reading within
        ``NEAR_KM`` of ``e``; 0 for a reading that is no point (a state, a country)."""
        return self.shares(e, key)[0]

    def shares(self, e: Entry, key: str) -> tuple[float, float]:
        """The shares of the names other than ``key`` (on the map) with a reading within
        ``NEAR_KM`` and within ``CLOSE_KM`` of ``e``; 0 for a reading that is no point."""
        others = len(self.keys) - (key in self.keys)
        if not others or not _is_spot(e):
            return 0.0, 0.0
        lat, lon = math.radians(e.lat), math.radians(e.lon)
        a = np.sin((self.lat - lat) / 2) ** 2 + math.cos(lat) * np.cos(self.lat) * np.sin((self.lon - lon) / 2) ** 2
        km = 12742.0 * np.arcsin(np.sqrt(np.minimum(1.0, a)))
        within = km <= NEAR_KM
        owners, apart = self.owner[within], km[within]
        own = {self.keys.index(key)} if key in self.keys else set()
        near, close = set(owners.tolist()) - own, set(owners[apart <= CLOSE_KM].tolist()) - own
        return len(near) / others, len(close) / others


def _is_spot(e: Entry) -> bool:
    return e.precision in ("city", "site") or e.kind in ("county", "subdivision")


_NO_PRIOR = DocumentPrior({}, {})


def _context_prior(context: str, g: Gazetteer) -> DocumentPrior:
    """The document prior of ``context``; cached per text."""
    if not context:
        return _NO_PRIOR
    cache = g.__dict__.setdefault("_prior_cache", {})
    if context not in cache:
        if len(cache) > 256:
            cache.clear()
        cache[context] = _count_prior(context, g)
    return cache[context]


def _count_prior(context: str, g: Gazetteer) -> DocumentPrior:
    """Every name in ``context`` votes for the countries, admin1 areas and places of its
    plausible readings (those within ``TIE`` of its strongest), one vote shared among them;
    then (``_refine``) each name votes again for its best reading in the light of the others."""
    votes: dict[str, tuple[Counter, Counter]] = {}
    named: list[tuple[str, list[Entry]]] = []
    every: list[tuple[str, list[Entry]]] = []      # ``named`` and the places inside institutions' names
    people = _people(context, g) | _streets(context, g)
    qualified: dict[str, Entry | None] = {}
    dateline = _dateline(context)
    for phrase, hits, inner in _names(context, g):
        key = normalize(phrase)
        if key in people:
            continue           # "Conor McGregor ... McGregor said": a man, not McGregor, Florida
        if key not in qualified:
            qualified[key] = _context_qualifier(phrase, context, g)
        within = qualified[key]
        if within is not None:          # "Gainesville, Va.": only its readings in Virginia vote
            hits = [e for e in hits if _inside(e, within)] or hits
        countries, admins = votes.setdefault(key, (Counter(), Counter()))
        target = g.demonyms.get(key)
        if target:
            if not _abroad_only(phrase, context):
                countries[country_of(phrase, g) or target] += DEMONYM_VOTE
            continue
        if not inner:       # a place inside an institution's name votes, but is not read again nor the town
            named.append((phrase, hits))
        every.append((phrase, hits))
        top = max(e.base_score for e in hits)
        plausible = [e for e in hits if e.base_score >= top - TIE]
        share = _vote_weight(top) / len(plausible)
        for e in plausible:
            if e.country:
                countries[e.country] += share
            if e.admin_key:
                admins[e.admin_key] += share * (AREA_VOTE if e.precision == "region" else 1.0)
    for e in _phone_places(context, g):
        countries, admins = votes.setdefault(_PHONE_KEY, (Counter(), Counter()))
        countries[e.country] += PHONE_VOTE
        if e.admin_key:
            admins[e.admin_key] += PHONE_VOTE * AREA_VOTE
    first = _with_votes(votes)
    prior = first
    for _ in range(REFINE_PASSES):
        prior = _refine(prior, named)
    spots = Spots.of(every)
    told = _anchor([(p, h) for p, h in named if qualified.get(normalize(p)) is not None], first, spots=spots)
    lead = _anchor(named, first, spots=spots)
    if told is not None and lead is not None and prior.admin_share(lead) > prior.admin_share(told):
        told = None          # the qualified town is an aside: the story's own division is the first town's
    anchor = told or lead
    # the dateline's town is the story's, however small ("DANIELSVILLE - Madison County ..."); one too
    # small for the gazetteer leaves the state its qualifier names ("HOLLIDAY, Mo. - ")
    dated = _anchor([(p, h) for p, h in named if normalize(p) == dateline], first, smallest=0,
                    spots=spots) if dateline else None
    within = qualified.get(dateline or "")
    if within is not None and (dated is None or not _inside(dated, within)):
        dated = within if within.kind != "country" else None
    elif dated is not None:
        anchor = dated
    return dataclasses.replace(prior, anchor=anchor, home=anchor or _home(named, prior, context, g), dateline=dated,
                               spots=spots)


@lru_cache(maxsize=1)
def _area_codes() -> dict[str, str]:
    """Area code -> the gazetteer id of its state, province or country (data/area_codes.csv)."""
    from ..config import DATA_DIR

    with open(DATA_DIR / AREA_CODES_FILE, encoding="utf-8", newline="") as f:
        return {row["area_code"]: row["place"] for row in csv.DictReader(f)}


def _phone_places(context: str, g: Gazetteer) -> list[Entry]:
    """The divisions the document's phone numbers ring in, once each ("(304) 555-0188": West Virginia)."""
    codes = _area_codes()
    found = {codes[m.group(1)] for m in _PHONE.finditer(context) if m.group(1) in codes}
    return [e for e in map(g.get, sorted(found)) if e is not None and e.country]


def _home(named: list[tuple[str, list[Entry]]], prior: DocumentPrior, context: str, g: Gazetteer) -> Entry | None:
    """Where a document with no town of some size puts an unknown place: its first town of any
    size in its main country ("New Quay, Ceredigion"), unless a division of the main country that
    it names has more of its votes ("Cuyahoga County's ... MetroHealth Medical Center"), else that
    division or the country, else a big city written inside a longer name (``_inner_town``)."""
    most = max(prior.countries.values(), default=0.0)
    top = {c for c, share in prior.countries.items() if share >= most - 1e-9}
    town: Entry | None = None
    areas: list[Entry] = []
    for phrase, hits in named:
        if not hits or (phrase.isupper() and len(phrase) <= 4):
            continue
        exact = normalize(phrase)
        best = max(hits, key=lambda e: _score(e, None, prior, want_region=False)
                   + (EXACT_NAME if normalize(e.name) == exact else 0.0))
        if best.country not in top:
            continue
        if best.precision in ("city", "site"):
            town = town or best
        elif best.precision in ("region", "country") and best.kind != "continent":
            areas.append(best)
    area = max(areas, key=lambda e: (e.kind != "country", prior.admin_share(e)), default=None)
    if town is not None and (area is None or area.kind == "country"
                             or prior.admin_share(town) >= prior.admin_share(area)):
        return town       # not "Early" (voting, a Texas town) beside the county the story is about
    return area or _inner_town(context, g)


def _inner_town(context: str, g: Gazetteer) -> Entry | None:
    """The first city of ``INNER_MIN_POPULATION`` or more that a document with no other name
    writes inside a longer name ("The Winnipeg Fire Paramedic Service"), not in a street's."""
    for m in _CAPITALISED.finditer(context):
        words = m.group(0).rstrip(".").split()
        if len(words) < 2 or words[-1].lower().rstrip(".") in _STREET_WORDS:
            continue
        for n in range(len(words) - 1, 0, -1):
            for i in range(len(words) - n + 1):
                run = words[i:i + n]
                if all(w.lower() in _FEATURE_WORDS or w.lower() in STOP_WORDS for w in run):
                    continue
                towns = [e for e in g.lookup(" ".join(run)) if e.kind == "city" and not e.curated]
                if towns and max(e.population for e in towns) >= INNER_MIN_POPULATION:
                    return max(towns, key=lambda e: e.population)
    return None


def _vote_weight(top: float) -> float:
    """A name whose likeliest reading is only a village ("Twin", a Belgian hamlet, at the start
    of "Twin bombings ...") may be no place at all: its vote counts for less."""
    return min(1.0, max(VOTE_FLOOR, (top - VOTE_FULL_AT + VOTE_RAMP) / VOTE_RAMP))


def _with_votes(votes: dict[str, tuple[Counter, Counter]]) -> DocumentPrior:
    countries, admins = Counter(), Counter()
    for c, a in votes.values():
        countries.update(c)
        admins.update(a)
    return dataclasses.replace(_normalised(countries, admins), votes=votes, totals=(countries, admins))


def _normalised(countries: Counter, admins: Counter, total_c: float = 0.0, total_a: float = 0.0) -> DocumentPrior:
    total_c = total_c or sum(v for v in countries.values() if v > 0) or 1
    total_a = total_a or sum(v for v in admins.values() if v > 0) or 1
    return DocumentPrior({k: v / total_c for k, v in countries.items() if v > 1e-9},
                         {k: v / total_a for k, v in admins.items() if v > 1e-9})


def _refine(prior: DocumentPrior, named: list[tuple[str, list[Entry]]]) -> DocumentPrior:
    """A second reading of the document: each name's votes move towards its best reading in
    the light of the other names (``REFINE_MIX`` of them), so names that agree
    ("Gainesville", "Hall County") pull their shared state up together."""
    votes = {k: (Counter({c: v * (1 - REFINE_MIX) for c, v in cv.items()}),
                 Counter({a: v * (1 - REFINE_MIX) for a, v in av.items()})) for k, (cv, av) in (prior.votes or {}).items()}
    demonyms = set(votes) - {normalize(p) for p, _ in named}
    for k in demonyms:                                  # a demonym's vote is not a reading: it stays whole
        votes[k] = prior.votes[k]
    read: dict[tuple, Entry] = {}      # a name told again reads the same: (phrase, its readings) -> best
    for phrase, hits in named:
        key = normalize(phrase)
        told = (phrase, *map(id, hits))     # ``named`` keeps every reading alive: ids stay unique
        best = read.get(told)
        if best is None:
            others = prior.without(phrase)
            best = read[told] = max(hits, key=lambda e: _score(e, None, others, want_region=False)
                                    + (EXACT_NAME if normalize(e.name) == key else 0.0))
        countries, admins = votes[key]
        if best.country:
            countries[best.country] += REFINE_MIX
        if best.admin_key:
            admins[best.admin_key] += REFINE_MIX * (AREA_VOTE if best.precision == "region" else 1.0)
    return _with_votes(votes)


def _anchor(named: list[tuple[str, list[Entry]]], prior: DocumentPrior,
            smallest: int = ANCHOR_MIN_POPULATION, spots: Spots | None = None) -> Entry | None:
    """The document's first town (news names its main place first, in the dateline or the
    lead; ``_count_prior`` asks first among the towns the text qualifies with their state or
    country, "8024 Turtle Creek Cir., Gainesville, Va.", a local story's surest, unless the
    first town's division has more of the document's votes): each name read in the light of the
    prior and of where the other names could be (``Spots``), taken when its reading is a town of some
    size in the document's main country (not "Police", a Polish town, in a British story).
    ``smallest=0`` (the dateline's town) takes a town of any size in any country."""
    most = max(prior.countries.values(), default=0.0)
    top = {c for c, share in prior.countries.items() if share >= most - 1e-9}
    for phrase, hits in named:
        if not hits or (phrase.isupper() and len(phrase) <= 4):
            continue      # "BA", "EU": an abbreviation, not the story's town
        exact = normalize(phrase)
        best = max(hits, key=lambda e: _score(e, None, prior, want_region=False)
                   + (EXACT_NAME if normalize(e.name) == exact else 0.0)
                   + (NEAR_NAMES * spots.near(e, exact) if spots is not None else 0.0))
        if best.precision in ("city", "site") and (best.curated or best.population >= smallest) \
                and (best.country in top or not smallest):
            return best
    return None


def _score(e: Entry, hint: str | None, prior: DocumentPrior, *, want_region: bool) -> float:
    score = e.base_score
    if hint and e.country == hint:
        score += 3.0
    score += COUNTRY_WEIGHT * prior.countries.get(e.country or "", 0.0) + ADMIN_WEIGHT * prior.admin_share(e)
    if want_region and e.precision == "region":
        score += 4.0
    return score


def evident_countries(hint: str | None, context: str, gazetteer: Gazetteer | None = None) -> set[str]:
    """The countries the document gives evidence for: the hint, and any with a fair share of
    the names in ``context``."""
    g = _gazetteer(gazetteer)
    countries = _context_prior(context, g).countries
    return {c for c, share in countries.items() if share >= EVIDENT_SHARE} | ({hint} if hint else set())
