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

This module keeps the public API and ``geocode``, which reads a name's own text (its
qualifier, a relative phrase, a trailing "province") and calls on the others: the vocabulary
(``place_names``), the document's names and their votes (``document_names``,
``document_prior``), qualifiers (``qualifiers``), the rules that place a name the gazetteer
lacks through another name (``place_rules``), and the ranking of a name's readings
(``place_rank``). It also holds the EntityRuler patterns of places.csv and the choice of an
event's location among a sentence's places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..records import Evidence, Place
from .document_names import _dateline
from .document_prior import _context_prior, evident_countries
from .gazetteer import ADMIN2_TERM, ADMIN2_TERMS, BARE_COUNTY_COUNTRIES, SITE_KINDS, Entry, Gazetteer, name_variants
from .place_names import (INNER_MIN_POPULATION, _FEATURE_WORDS, _POSSESSIVE, _as_division, _division_word, _gazetteer,
                          _generic, _generic_word, _inside, _place, _told_as_part, country_of, normalize)
from .place_rank import NAMESAKE_MAX_MENTIONS, NAMESAKE_MAX_POPULATION, _namesake, best_reading
from .place_rules import _container, _county_of, _fuzzy, _inner_place, _landmark, capital_of
from .qualifiers import _context_qualifier, _qualifier, _qualifier_town, _qualifying

# The public API; ``capital_of``, ``country_of``, ``evident_countries`` and ``normalize`` live
# in the modules above and are read from here.
__all__ = ["ATTACHING_PREPOSITIONS", "PlaceCandidate", "RULE", "capital_of", "country_of", "evident_countries",
           "geocode", "normalize", "pick_event_location", "place_from_id", "ruler_patterns"]

RULE = "gazetteer.v1"
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
_TRAILING = re.compile(r"\s+(?:province|governorate|region|district|sub-?county|state|area|city|town)$", re.I)
RESPELT_MIN_POPULATION = 10_000
_COMPASS_TAIL = re.compile(r"\s+(?:north|south|east|west|central)$", re.I)
_SAINT = re.compile(r"\b(?:St\.?|Saint)\s+")
# A place that owns the name written after it: "Cairo's |Abbasiya|", "Florida's |Orange County|"
_OWNER_BEFORE = re.compile(r"\b([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})(?:'s|\u2019s)\s+$")
# What follows a name the text writes as a street's: "Toulouse Street", "Elm St.", and the first of
# two streets named together ("Toulouse and Chartres streets", "Elm and Oak streets")
# (not "Road": "the Baghdad road", "Kabul-Jalalabad Road" name where a road leads, not a street of the town)
_STREET_AFTER = re.compile(r"(?:\s+(?:Street|St\.|Avenue|Ave\.|Boulevard|Blvd\.|Lane|Drive)"
                           r"|(?:\s+(?:and|&)\s+[A-Z][\w'\u2019-]*)?\s+(?:[Ss]treets|[Aa]venues|[Bb]oulevards)"
                           r"|/[A-Z][\w'\u2019-]*\s+(?:intersection|junction)(?!\s+(?:of|with)\b))\b")
# ... and what comes before one: "the corner of Elm and Oak", "at the intersection of Elm and"
_STREET_BEFORE = re.compile(r"(?:\b(?:corner|intersection)\s+of\s+(?:[A-Z][\w'\u2019-]*\s+(?:and|&)\s+)?"
                            r"|[A-Z][\w'\u2019-]*/)$")


def _candidates(name: str, g: Gazetteer) -> tuple[list[Entry], bool]:
    """Entries for ``name``, trying it whole, then without a trailing 'province'/'city' word."""
    hits = g.lookup(name)
    if hits:
        return [*hits, *_division_namesakes(name, hits, g)], False
    saint = _SAINT.sub(lambda m: "Saint " if m.group(0)[:2].lower() == "st" else "St. ", name)
    hits = g.lookup(saint) if saint != name else []
    if any(e.kind == "country" or e.curated or e.population >= INNER_MIN_POPULATION for e in hits):
        return hits, False             # "St. Kitts and Nevis" is listed as "Saint Kitts and Nevis"
    trimmed = _TRAILING.sub("", name)
    hits = g.lookup(trimmed) if trimmed != name else []
    base = _COMPASS_TAIL.sub("", trimmed)
    if not hits and base != trimmed and trimmed != name:
        # "Mandera North Sub-County", "Imphal East district": a part of the division or big town
        # the name starts with, where the gazetteer lacks the part itself
        return [e for e in g.lookup(base) if e.precision == "region" or e.population >= INNER_MIN_POPULATION], True
    if trimmed != name:
        return hits, name.lower().endswith(_REGION_WORDS)
    # an Arabic name's final ta marbuta written with or without its 'h' ("Shabwa", "Shabwah"):
    # the other spelling, of a division or a town of some size only
    other = name + "h" if name[-1:] == "a" else name[:-1] if name[-2:] == "ah" else None
    if other is not None and len(name) >= 5:
        return [e for e in g.lookup(other) if e.precision == "region" or e.population >= RESPELT_MIN_POPULATION], False
    return [], False


def _division_namesakes(name: str, hits: list[Entry], g: Gazetteer) -> list[Entry]:
    """For "Gopalganj District", which only India's district answers to: the towns of the name in
    the other countries whose second-level divisions take the word written (``ADMIN2_TERMS``,
    "District" where unlisted: Bangladesh's Gopalganj, whose district the gazetteer lacks), and
    then India's town too, for size and the document to choose among as before the gazetteer
    had districts. None for "Laguna province": only the Philippines and Burkina Faso are listed
    with provinces, and American towns lie in counties."""
    trimmed = _TRAILING.sub("", name)
    if trimmed == name or not all(e.kind == "county" and e.country not in BARE_COUNTY_COUNTRIES for e in hits):
        return []
    word, held = name[len(trimmed):].strip().lower(), {e.country for e in hits}
    towns = [e for e in g.lookup(trimmed) if e.kind == "city" and e.country not in BARE_COUNTY_COUNTRIES]
    abroad = [e for e in towns if e.country not in held
              and word in (t.lower() for t in ADMIN2_TERMS.get(e.country, ADMIN2_TERM))]
    return [*(e for e in towns if e.country in held), *abroad] if abroad else []


def geocode(text: str, *, country_hint: str | None = None, context: str = "", evidence: Evidence | None = None,
            gazetteer: Gazetteer | None = None, fallback: bool = False, start: int | None = None) -> Place | None:
    """Resolve ``text`` to a Place, or None when no gazetteer name matches. With ``fallback``,
    a name known to be a place but absent from the gazetteer (a street, a building, a park)
    resolves to the document's most named town, with precision city and the note
    ``place.document_anchor``: the place it is in, as far as the text lets us know. ``start``:
    where ``text`` begins in ``context``, when the caller knows; a name written there as a
    street's ("Toulouse Street") is then, with ``fallback``, a street of the document's town, and
    one owned by the place before it ("Nairobi's Eastleigh") is read in or as that place."""
    g = _gazetteer(gazetteer)
    raw = " ".join(text.split())
    raw = _POSSESSIVE.sub("", raw).strip(" ,.;:")
    if not raw:
        return None
    landmark = _landmark(raw.partition(",")[0], g) if fallback else None
    if landmark is not None:
        # "Craven Cottage", "the Kremlin": a landmark news names without its town is in that town
        return _place(landmark, text, evidence, precision="city", note="landmark")
    if fallback and start is not None and _street_at(context, start, text):
        # "Chartres Street" in a New Orleans story is no French town: the street is in the story's town
        anchor = _context_prior(context, g).home
        if anchor is not None:
            return _place(anchor, text, evidence, precision="city" if anchor.kind not in SITE_KINDS else None,
                          note="street_of_anchor")
    head, _, qualifier = raw.partition(",")
    owner, sep, owned = head.partition("'s ") if "'s " in head else head.partition("\u2019s ")
    if sep and owned[:1].isupper() and not g.lookup(head):
        # "Guanajuato's Acambaro": Acambaro, Guanajuato; "Adelaide's Rundle Mall": Adelaide (no Rundle there)
        home = geocode(owner, gazetteer=g)
        inside = home is not None and any(e.country == home.country for e in g.lookup(owned))
        head, qualifier = (owned, qualifier or owner) if inside else (owner, qualifier)
    elif start is not None and not qualifier.strip() and context[start:start + len(text)] == text:
        town, owner = _owner_before(head, context, start, g)     # the same told by the words before the span
        if town is not None:
            return _place(town, text, evidence, note="owner")
        qualifier = owner or qualifier
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
    if hits and not want_region and context and _part_of_division(name, hits, context):
        want_region = True       # "northern Ontario", "upstate New York": the province or state, not a town
    word = _division_word(name, context) if context and not want_region else None
    if word:
        # "in the province of Laguna", "Soum Province" (the span "Laguna", "Soum"): a second-level
        # division the gazetteer knows only with its word, read beside the towns; not where a town
        # of its country carries the name ("Kulgam district": the town, as before)
        towns = {e.country for e in hits if e.kind == "city"}
        divisions = [e for e in g.lookup(f"{name} {word}") if e.kind == "county" and e.country not in towns
                     and e.country not in BARE_COUNTY_COUNTRIES and e not in hits]
        if divisions:
            hits, want_region = [*hits, *divisions], True
    key = normalize(name)
    demonym = g.get(g.demonyms.get(key) or (g.demonyms.get(key[:-1], "") if key.endswith("s") else ""))
    if demonym is not None and within is not None and any(_inside(e, within) for e in hits):
        demonym = None                           # "Arab, Alabama": the town its qualifier holds, no people
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
    hits = [*hits, *_county_of(name, hits, context, g)]      # "Laurel" in a Kentucky story: Laurel County
    if len(hits) > 1 and context and _headquarters(name, context):
        hits = _no_villages(hits)     # "an Atlanta-based chain": not a village named after the city
    if not hits:
        found = None if name.isupper() or no_name else _fuzzy(name, hint, context, g)
        if found is None:
            holder = _container(name, context, g) if fallback else None
            if holder is not None:
                return _place(holder, text, evidence, precision="city" if holder.kind not in SITE_KINDS else None,
                              note="container")
            inner = _inner_place(name, hint, context, g) if fallback else None
            if inner is not None:
                entry, note = inner       # a state's body ("US Federal Reserve") stands for the whole country
                return _place(entry, text, evidence, precision="city" if entry.kind not in SITE_KINDS
                              and entry.kind != "country" else None, note=note)
            if within is not None and within.kind != "country":
                return _place(within, text, evidence, note="qualifier_division")
            anchor = _context_prior(context, g).home if fallback else None
            return _place(anchor, text, evidence, note="document_anchor") if anchor is not None else None
        entry, note = found
        return _place(entry, text, evidence, note=note, basis="fuzzy")
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
    best = best_reading(text, key, hits, hint, prior, want_region, admin_bonus, exact, demonym)
    if fallback and within is None and _namesake(best, hits, prior, name) \
            and len(re.findall(rf"\b{re.escape(name)}\b", context)) < NAMESAKE_MAX_MENTIONS:
        # not "Bethel, Vt.": the text says which Bethel
        return _place(prior.anchor, text, evidence, note="document_anchor namesake")
    precision = "region" if want_region and best.precision == "city" else None
    return _place(best, text, evidence, precision, note="demonym" if best is demonym else None)


def _headquarters(name: str, context: str) -> bool:
    """Does the document write ``name`` as where a firm or a group is based ("an Atlanta-based chain")?"""
    return len(name) <= 60 and f"{name}-based" in context \
        and re.search(r"\b" + re.escape(name) + r"-based\b", context) is not None


def _no_villages(hits: list[Entry]) -> list[Entry]:
    """``hits`` without the villages (under ``NAMESAKE_MAX_POPULATION``) where a namesake is a city of
    ``INNER_MIN_POPULATION`` or more: a firm is based in a town of some size rather than in a
    village named like a big city that the story's other names happen to favour (a story from
    Maine's Portland keeps it among the readings). Divisions and sites stay."""
    if not any(e.kind == "city" and e.population >= INNER_MIN_POPULATION for e in hits):
        return hits
    return [e for e in hits if e.kind != "city" or e.curated or e.population >= NAMESAKE_MAX_POPULATION]


def _part_of_division(name: str, hits: list[Entry], context: str) -> bool:
    """Does the document write ``name`` as a division by naming a part of it ("northern Ontario",
    "upstate New York", "west Texas"), where a reading is a division? Not where one is a country:
    "central Mexico" is the country, not the State of Mexico, and "northern Georgia" may be either."""
    return any(e.precision == "region" and e.kind != "continent" for e in hits) \
        and not any(e.kind == "country" for e in hits) and _told_as_part(name, context)


def _street_at(context: str, start: int, text: str) -> bool:
    """Does ``context`` write ``text`` (at ``start``) as a street's name: straight before "Street",
    "Avenue", "Boulevard" ..., first of two streets named together ("Toulouse and Chartres streets"),
    at a crossing ("the Elm/Oak intersection", "the corner of Elm and Oak")?"""
    end = start + len(text)
    if context[start:end] != text:
        return False
    return _STREET_AFTER.match(context, end) is not None \
        or _STREET_BEFORE.search(context, max(0, start - 60), start) is not None


def _owner_before(name: str, context: str, start: int, g: Gazetteer) -> tuple[Entry | None, str | None]:
    """The place that owns ``name`` by the words before it (at ``start``): ("Nairobi", None) for
    "Nairobi's |Eastleigh| district", a part of Nairobi where no reading of the name lies in Kenya;
    (None, "Florida") for "Florida's |Orange County|", to be read as its qualifier; (None, None)
    where nothing before the name owns it."""
    before = _OWNER_BEFORE.search(context, max(0, start - 60), start)
    home = geocode(before.group(1), gazetteer=g) if before else None
    if home is None or home.precision not in ("city", "region", "country"):
        return None, None
    if any(e.country == home.country for e in g.lookup(name)):
        return None, before.group(1)
    town = g.get(home.place_id) if home.place_id else None
    return (town, None) if town is not None and town.precision == "city" else (None, None)


def place_from_id(place_id: str, text: str = "", evidence: Evidence | None = None,
                  gazetteer: Gazetteer | None = None) -> Place | None:
    """The Place for a gazetteer id (an EntityRuler ``ent_id_``), or None if unknown."""
    entry = _gazetteer(gazetteer).get(place_id)
    return _place(entry, text or entry.name, evidence) if entry is not None else None


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
