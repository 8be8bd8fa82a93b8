"""How place names are written: the vocabulary and the small readers that geocoding shares.

The gazetteer's name key (``normalize``, remembered), the words that name no place alone (feature,
institution and political words), the pattern of a capitalised name, and what a name tells by
itself: the country a name, code or demonym means (``country_of``), whether it is only generic
words ("West Side"), whether the text writes it as a division ("near the New York border"). Also
the ``Place`` built from a gazetteer entry, and the distance and containment of entries.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

import pycountry

from ..records import Evidence, Place
from .gazetteer import ADMIN2_TERM, ADMIN2_TERMS, Entry, Gazetteer, distance_km
from .gazetteer import normalize as _normalize

# The gazetteer's name key, remembered: a document prior normalises each name it reads several
# times (its votes, each refining pass, the anchor), and a run reads the same names over and over.
normalize = lru_cache(maxsize=1 << 16)(_normalize)

_POSSESSIVE = re.compile(r"(?:'s|\u2019s|')$")
# "Desire Street. New Orleans", "Sonora's Caborca": two names each
_SENTENCE_END = re.compile(r"(?<=[a-z]{2})\.\s+|(?:'s|\u2019s)\s+")
_CALENDAR = frozenset(n.lower() for n in [*calendar.month_name, *calendar.day_name] if n)
_STREET_WORDS = frozenset("street st avenue ave road rd boulevard blvd lane drive way place terrace".split())
# A town inside an unknown name counts when its division has this share of the document's
# votes, or it is this big in one of the document's countries.
INNER_MIN_ADMIN_SHARE, INNER_MIN_POPULATION = 0.1, 100_000
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
_CAP_WORD = r"[A-Z][\w'\u2019.]*(?:-(?:[a-z]{1,5}-)*[A-Z0-9][\w'\u2019.]*)*"
_CAPITALISED = re.compile(rf"\b{_CAP_WORD}(?:\s+(?:al-|el-|de\s+|of\s+)?{_CAP_WORD}){{0,3}}")


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


def _place(e: Entry, text: str, evidence: Evidence | None, precision: str | None = None,
           note: str | None = None, basis: str = "named") -> Place:
    if evidence is not None and note:
        evidence = evidence.replace(rule=f"{evidence.rule}; place.{note}")
    return Place(name=e.name, country=e.country, admin1=e.admin1, lat=round(e.lat, 5), lon=round(e.lon, 5),
                 precision=precision or e.precision, text=text, place_id=e.id, evidence=evidence, basis=basis)


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


_DIVISION_CUE = r"(?:\s+(?:border|state\s+line)\b|['\u2019]s\s+(?:governor|attorney\s+general|legislature|state\s+(?:senate|house|assembly)))"


def _generic(name: str) -> bool:
    """Is ``name`` made only of compass and feature words ("West Side", "Harbor City")?"""
    words = [w.lower().rstrip(".") for w in name.split()]
    return len(words) > 1 and all(w in _FEATURE_WORDS for w in words)


COMPASS_POINTS = frozenset("north south east west northeast northwest southeast southwest".split())


def _generic_word(name: str) -> bool:
    """Is ``name`` one feature or compass word alone ("Northern", "Valley", "Airport")? Bare
    compass points stay names ("the North", a region)."""
    word = name.strip().rstrip(".").lower()
    return bool(word) and " " not in word and word in _FEATURE_WORDS and word not in COMPASS_POINTS


_ADMIN2_WORD = "|".join(re.escape(t).replace(r"\ ", r"\s+")
                        for t in sorted({t for terms in ADMIN2_TERMS.values() for t in terms} | set(ADMIN2_TERM)))


_ADMIN2_AFTER = re.compile(rf"\s+({_ADMIN2_WORD})\b", re.I)       # "Laguna| province"
_ADMIN2_BEFORE = re.compile(rf"\b({_ADMIN2_WORD})\s+of\s+$", re.I)  # "the district of |Kitgum"
_CUE_AFTER = re.compile(_DIVISION_CUE)


def _division_word(name: str, context: str) -> str | None:
    """The second-level division word the document writes with ``name`` ("Laguna province",
    "the district of Kitgum", "Gwoza Local Government Area"), else None; where it writes
    both, the one that comes first. The division words are one pattern compiled once; only
    the name is looked up for each call."""
    if len(name) > 60:
        return None
    n = re.escape(name)
    found = [(at.start(), after.group(1)) for at in re.finditer(rf"\b{n}", context, re.I)
             if (after := _ADMIN2_AFTER.match(context, at.end()))]
    found += [(before.start(), before.group(1)) for at in re.finditer(rf"\b{n}\b", context, re.I)
              if (before := _ADMIN2_BEFORE.search(context, 0, at.start()))]
    return min(found)[1] if found else None


# "northern Ontario", "central Texas", "upstate New York", "west Texas": a part of a division or
# country told by where in it; lower case, so not the first word of "North Carolina"
_PART_BEFORE = re.compile(r"\b(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central"
                          r"|upstate|downstate)\s+$")


def _told_as_part(name: str, context: str) -> bool:
    """Does the document write ``name`` after a lower-case word for a part of it ("northern
    Ontario's lakes", "upstate New York")?"""
    if len(name) > 60:
        return False
    return any(_PART_BEFORE.search(context, max(0, at.start() - 16), at.start())
               for at in re.finditer(r"\b" + re.escape(name) + r"\b", context))


def _as_division(name: str, context: str) -> bool:
    """Does the document write ``name`` as a division or country: before "border" or "state line",
    or owning a governor or a legislature ("near the New York border", "New York's attorney
    general")?"""
    if len(name) > 60:
        return False
    return any(_CUE_AFTER.match(context, at.end()) for at in re.finditer(r"\b" + re.escape(name), context))
