"""Qualifiers: the division, country or town a text writes beside a name.

"Gainesville, Va.", "in Bolivar state, Venezuela", "Kenilworth, Cape Town": the area that holds
the name (``_qualifier``; ``_context_qualifier`` finds the document's own qualifier of a name;
``_qualifier_town``), and the other way round, the division a name is where the text writes it
as a town's qualifier ("Tacoma, Washington": ``_qualifying``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import Entry, Gazetteer
from .place_names import INNER_MIN_POPULATION, _generic_word, _inside, normalize

# ", Va.", ", West Virginia", ", Ontario": up to three capitalised words after a comma
_QUALIFIER = r",\s+([A-Z][\w'\u2019]*\.?(?:(?:\s+|(?<=\.))[A-Z][\w'\u2019]*\.?){0,2})"
_DIVISION_WORD = r"(?:\s+(?:state|province|region|district|county|department|governorate|oblast))?"
_QUALIFIER_SITE = re.compile(f"({_DIVISION_WORD}){_QUALIFIER}")
# "Tacoma, " before a name: up to three capitalised words and a comma
_QUALIFIED = r"([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2}),\s+"


def _qualifier(name: str, qualifier: str, g: Gazetteer) -> Entry | None:
    """The division or country a qualifier names ("Va.", "W. Va.", "Ontario, Canada"), read as
    the one holding a place of that name where several could ("Georgia" beside "Athens" is the
    US state, beside "Tbilisi" the country). None when the name is itself a division or
    country that lies outside it ("Washington, Oregon": a list of states)."""
    words = qualifier.split(",")[0].split()
    if len(words) == 1 and normalize(words[0]) in g.demonyms:
        return None        # "near Jilib, Somali officials said": a people, not the Somali region
    hits = g.lookup(name)
    state = _postal_state(words, g)
    if state is not None:              # "Dublin, OH": the state of that postal code, where the name has a town
        return state if any(_inside(h, state) for h in hits) else None
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


def _postal_state(words: list[str], g: Gazetteer) -> Entry | None:
    """The US state whose two-letter postal code opens a qualifier ("OH", "TN 38242"), else None."""
    code = words[0].rstrip(".") if words else ""
    state = g.us_states.get(code) if len(code) == 2 and code.isupper() else None
    areas = [e for e in g.lookup(state) if e.country == "US" and e.precision == "region"] if state else []
    return max(areas, key=lambda e: e.base_score, default=None)


def _qualifier_town(name: str, qualifier: str, g: Gazetteer) -> Entry | None:
    """A big town written as a name's qualifier within one name ("Kenilworth, Cape Town"), when
    no reading of the name is itself a big town (not a list: "Kabul, Kandahar"): the name is a
    part of that town or lies near it."""
    phrase = " ".join(qualifier.split(",")[0].split()[:3])
    towns = [e for e in g.lookup(phrase) if e.kind == "city" and (e.curated or e.population >= INNER_MIN_POPULATION)]
    if not towns or any(e.curated or e.population >= INNER_MIN_POPULATION for e in g.lookup(name)):
        return None
    return max(towns, key=lambda e: e.base_score)


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
