"""Ranking a name's readings: the features, their weights, the choice.

``best_reading`` scores each reading by a weighted sum of ``RANK_FEATURES`` (population, the
document's votes for its country and division, exact name, kind, distance to the document's
town ...) with the weights ``training/geo_ranker.py`` fits (data/geo_ranker.json), else the
hand-set ones. ``_namesake`` is the check after the choice: a small town nothing else in the
document points to, in a story set elsewhere.
"""

from __future__ import annotations

import math
from functools import lru_cache

from .document_prior import ADMIN_WEIGHT, CLOSE_NAMES, COUNTRY_WEIGHT, EXACT_NAME, NEAR_NAMES, DocumentPrior
from .gazetteer import Entry, similarity
from .place_names import _STREET_WORDS, INNER_MIN_POPULATION, _km, normalize

# Divisions named after their main town ("Basra"): the bare name means the town.
DERIVED_AREAS = frozenset({"subdivision", "county"})
# A country named as such outweighs its small namesakes even in a document about another
# country ("Jordan" in a story told from Washington).
COUNTRY_NAME = 2.0
# With fallback, a town this small with at most this share of the document's admin1 votes,
# outside the anchor's division, is taken for a spot in the anchor town (see _namesake).
NAMESAKE_MAX_POPULATION, NAMESAKE_MAX_SHARE = 10000, 0.1
# ... unless the document names it this often: a place the story is about (the island of Samos).
NAMESAKE_MAX_MENTIONS = 4
# A name that ends as a street's or a square's does ("Washington Square", "Franklin Square"): a
# suburb of that name is likelier the square of the story's own town up to this size.
NAMESAKE_SQUARE_MAX_POPULATION = INNER_MIN_POPULATION
_SQUARE_WORDS = _STREET_WORDS | {"square", "plaza"}
RESPELLING_MIN_RATIO = 0.8       # "Basra" / "Basrah", "Arbil" / "Erbil"

# What the final choice among a name's readings weighs (``_rank_features``), and the hand-set
# weights that reproduce the ranking tuned on the dev split before there was a learned one.
RANK_FEATURES = ("base_score", "hint", "country_share", "admin_share", "wanted_region", "qualifier_admin",
                 "exact_name", "exact_country", "demonym", "overshadowed_country", "overshadowed_admin",
                 "town", "division", "country", "curated", "town_size_gap", "largest_town", "top_country",
                 "top_admin", "near_anchor", "anchor_log_km", "near_names", "close_names")
HAND_WEIGHTS = (1.0, 3.0, COUNTRY_WEIGHT, ADMIN_WEIGHT, 4.0, 3.0, EXACT_NAME, COUNTRY_NAME, EXACT_NAME,
                -COUNTRY_WEIGHT, -ADMIN_WEIGHT, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, NEAR_NAMES,
                CLOSE_NAMES)
RANKER_FILE = "geo_ranker.json"
# When not None, ``best_reading`` appends (name, readings, feature rows) for each ranked name (training).
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


def best_reading(text: str, key: str, hits: list[Entry], hint: str | None, prior: DocumentPrior, want_region: bool,
                 admin_bonus: str | None, exact: str | None, demonym: Entry | None) -> Entry:
    """The reading of ``text`` (name key ``key``) with the highest weighted sum of features, the
    first of equals."""
    shared = _rank_context(key, hits, prior)
    features = [_rank_features(e, hits, hint, prior, want_region, admin_bonus, exact, demonym, shared) for e in hits]
    weights = rank_weights()
    scores = [sum(w * f for w, f in zip(weights, row)) for row in features]
    best = hits[scores.index(max(scores))]
    if _RANK_TRACE is not None:
        _RANK_TRACE.append((text, hits, features))
    return best


def _rank_context(key: str, hits: list[Entry], prior: DocumentPrior) -> tuple:
    """What the features of all of a name's readings share: the biggest town's score, the
    document's top country and division, its anchor unless that is one of the readings, and
    the name's key."""
    anchor = prior.anchor
    return (max((h.base_score for h in hits if h.kind == "city" and not h.curated), default=0.0),
            max(prior.countries, key=prior.countries.__getitem__, default=None),
            max(prior.admins, key=prior.admins.__getitem__, default=None),
            anchor if anchor is not None and all(h.id != anchor.id for h in hits) else None,
            key)


def _rank_features(e: Entry, hits: list[Entry], hint: str | None, prior: DocumentPrior, want_region: bool,
                   admin_bonus: str | None, exact: str | None, demonym: Entry | None,
                   shared: tuple) -> tuple[float, ...]:
    """The reading's features, in ``RANK_FEATURES`` order (``shared``: ``_rank_context``)."""
    biggest, top_country, top_admin, anchor, key = shared
    country, admin = prior.countries.get(e.country or "", 0.0), prior.admin_share(e)
    is_exact = _exact(e, exact, hits)           # "Iraq" the country, not a town also called so
    # a village named like a country is still read in its state where the story's phone numbers ring there
    shadowed = _overshadowed(e, hits) and not prior.phoned(e)
    # a country named as such outweighs its towns, and a division of another country that carries
    # its name unless the document's other names lie in that division ("Georgia" in a story from
    # Atlanta; not "Niger" beside Nigeria, where no other name is in Niger State)
    rival_division = e.kind == "country" and any(
        h.precision == "region" and h.kind != "continent" and h.country != e.country and _exact(h, exact, hits)
        and prior.admin_share(h) > 0.0 for h in hits)
    town = e.kind == "city" and not e.curated
    apart = _km(e, anchor) if anchor is not None else None
    near, close = prior.spots.shares(e, key) if prior.spots is not None else (0.0, 0.0)
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
            0.0 if apart is None else -math.log10(1.0 + apart / 10.0),
            near, close)


def _exact(e: Entry, key: str | None, hits: list[Entry]) -> bool:
    """Does ``e`` carry the name as written? A curated entry by any of its names ("the
    Pacific"), a town of 100,000+ by a respelling of its name; a division only when no town of
    ``NAMESAKE_MAX_POPULATION`` or more inside it goes by the name ("Ontario" the province;
    "Basra" and "Arbil" are the towns)."""
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
    # the town must be of some size: a hamlet of the name ("Xinjiang", a village in Inner Mongolia)
    # is no main town the division is named after
    return e.kind not in DERIVED_AREAS or not any(h.kind == "city" and h.admin_key == e.admin_key
                                                  and h.population >= NAMESAKE_MAX_POPULATION for h in hits)


def _overshadowed(e: Entry, hits: list[Entry]) -> bool:
    """A village that shares its name with a country or a curated region ("Queensland", a
    Calgary suburb, beside the Australian state): being in the document's country is no
    reason to read it so; only its own division's votes count."""
    return e.kind == "city" and not e.curated and e.population < NAMESAKE_MAX_POPULATION and any(
        h.kind == "country" or (h.curated and h.precision == "region") for h in hits)


def _namesake(e: Entry, hits: list[Entry], prior: DocumentPrior, name: str = "") -> bool:
    """A small town that nothing else in the document points to, in a document whose main
    town lies elsewhere: for a name known to be a place ("Franklin" in a story set in New
    Orleans) the likelier reading is a street or a spot in that town. Not where that town is
    another reading of the same name (the ranking read "Winchester" otherwise than the anchor).
    A ``name`` that ends as a square's or a street's ("Washington Square") may be a bigger town."""
    anchor = prior.anchor
    words = name.lower().split()
    most = NAMESAKE_SQUARE_MAX_POPULATION if len(words) > 1 and words[-1].rstrip(".") in _SQUARE_WORDS \
        else NAMESAKE_MAX_POPULATION
    return anchor is not None and e.kind == "city" and not e.curated and e.population < most \
        and e.admin_key != anchor.admin_key and prior.admin_share(e) < NAMESAKE_MAX_SHARE \
        and all(h.id != anchor.id for h in hits)
