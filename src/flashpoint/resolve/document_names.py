"""The names a document writes, read before any of them is placed.

Its capitalised phrases, cut at sentence ends and possessives (``_phrases``); those the gazetteer
knows, and the places that open the names of institutions it lacks (``_names``: "Dublin City
Council", "Ohio Highway Patrol"); the one-word names it gives people or streets, which cast no
vote ("said Allen", "Darby Street"); its dateline; and whether a demonym only speaks of its
country abroad ("the Indian consulate").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from .gazetteer import Entry, Gazetteer
from .place_names import (INNER_MIN_POPULATION, _CALENDAR, _CAPITALISED, _COMMON_WORDS, _FEATURE_WORDS,
                          _INSTITUTION_WORDS, _POSSESSIVE, _SENTENCE_END, _name_pieces, _not_abbreviation, normalize)

# A demonym votes for its country (see document_prior), but not one that speaks of its country's
# mission or people abroad, or the border beyond ("the Indian consulate", "the Pakistani, Indian
# and Iranian consulates", "the Mali border")
_ABROAD_AFTER = re.compile(r"(?:\s*,?\s*(?:and\s+)?[A-Z][a-z]+)*\s+(?:embass(?:y|ies)|consulates?|ambassadors?|"
                           r"diplomats?|peacekeepers?|nationals?|citizens?|tourists?|hostages?|border)\b")
# "said Allen", "Holloway believes": a one-word name beside a verb of saying is a person's
_SPEAKER = re.compile(r"\b(?:said|says|told|added|explained|recalled|noted|wrote)\s+([A-Z][a-zA-Z'\u2019-]+)\b(?![ ][A-Z])"
                      r"|(?<![A-Z][a-z]\s)\b([A-Z][a-zA-Z'\u2019-]+)\s+(?:said|says|told|added|explained|recalled|believes)\b")
_PLACE_PREPOSITIONS = frozenset({"at", "in", "from", "of", "to", "near", "across", "outside"})
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


def _people(context: str, g: Gazetteer) -> set[str]:
    """Normalised one-word names that the document uses for people: the last word of a
    two-word name that is no place ("Ian Holloway", "Conor McGregor"), also one that owns
    something ("Henry Carlisle's firm"), a name beside a verb of saying ("said Allen", "Holloway
    believes"), a kinsman's ("his son, Jasper"). Only names whose readings are all towns under
    ``INNER_MIN_POPULATION`` people: a city, a division or a country is never taken for a man;
    but a surname given with its bearer's age ("Jane Q. Paris, 44,") is a person's whatever the
    size of the towns that carry it (still no division's or country's)."""
    found: set[str] = set()
    for m in _CAPITALISED.finditer(context):
        for run in _SENTENCE_END.split(m.group(0)):
            words = run.rstrip(".").split()
            if len(words) == 3 and _INITIAL.fullmatch(words[1]):
                words = [words[0], words[2]]         # "Louis C. Jensen"
            if len(words) == 2 and _given_name(words[0], g) and words[1].lower() not in _FEATURE_WORDS \
                    and not g.lookup(run.rstrip(".")):
                found.add(normalize(words[1]))
    for m in _KIN.finditer(context):
        found.add(normalize(m.group(1)))         # "their youngest son, Jasper"
    for m in _OWNER_NAME.finditer(context):      # "a Partner of Henry Carlisle's firm": the run of capitals cut it
        first, last = m.group(1), m.group(2)
        if _given_name(first, g) and last.lower() not in _FEATURE_WORDS and not g.lookup(f"{first} {last}"):
            found.add(normalize(last))
    for m in _SPEAKER.finditer(context):
        before = context[max(0, m.start() - 6):m.start()].split()
        if not (m.group(2) and before and before[-1].lower() in _PLACE_PREPOSITIONS):
            found.add(normalize(m.group(1) or m.group(2)))     # not "crew based at Heathrow said"
    aged = {normalize(m.group(1)) for m in _AGED.finditer(context)}      # "Jane Q. Paris, 44,"
    return {k for k in found if _small_towns_only(k, g)} | {k for k in aged if _towns_only(k, g)}


# "Jane Q. Paris, 44, of ...": a name given with its bearer's age is a person's, its last word a
# surname even where a city carries it
_AGED = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:[A-Z]\.|[A-Z][a-z]+)){0,2}\s+([A-Z][a-zA-Z'\u2019-]+),\s+\d{1,3},")


def _towns_only(key: str, g: Gazetteer) -> bool:
    """Are all the readings of ``key`` (at least one) towns, of any size (no division, country or site)?"""
    hits = g.lookup(key) if key else []
    return bool(hits) and all(e.kind == "city" and not e.curated for e in hits)


# "Ian Holloway's side": a two-word name that owns something (a person's, checked as in ``_people``)
_OWNER_NAME = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-zA-Z-]+)(?:'s|\u2019s)\b")
# "his son, Jasper", "her husband Milton", "their daughter, Paris": a kinsman's given name
_KIN = re.compile(r"\b(?:son|sons|daughter|daughters|wife|husband|brother|sister|mother|father|grandson|granddaughter"
                  r"|grandmother|grandfather|nephew|niece|uncle|aunt|cousin|fianc[ée]e?|boyfriend|girlfriend|partner)"
                  r",?\s+([A-Z][a-z]+)\b(?![ ][A-Z])")


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
# "Kansas Colony", "Kansas City", "Iowa Falls": a division's name before these names a town
_SETTLEMENT_WORDS = frozenset("""city town township village colony beach heights springs falls park hills harbor
harbour port junction borough station center centre county""".split())


def _division_of(phrase: str, g: Gazetteer) -> tuple[str, list[Entry]] | None:
    """The division or country that opens a longer name the gazetteer lacks ("NSW National
    Parks", "Ohio Highway Patrol"), also after a word for a part of it ("Southern Illinois
    University"): only where its likeliest reading is a division or country, not a town ("New
    York Times", "Washington Post")."""
    words = _POSSESSIVE.sub("", phrase).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    found = _division_opening(words, g)
    if found is None and len(words) > 2 and words[0].lower() in _PART_WORDS:
        found = _division_opening(words[1:], g)     # "East Tennessee State University": Tennessee
    return found


# Words for a part of a division that open an institution's name ("East Tennessee State
# University", "Southern Illinois University"): the division follows them
_PART_WORDS = frozenset("""north south east west northeast northwest southeast southwest northern southern eastern
western central""".split())


def _division_opening(words: list[str], g: Gazetteer) -> tuple[str, list[Entry]] | None:
    """The division or country whose name opens ``words`` (see ``_division_of``)."""
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
