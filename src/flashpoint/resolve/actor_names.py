"""How actor names are compared: ``normalise`` and the word lists the resolver reads with.

``normalise`` gives the form every alias and mention is compared in (no accents, quotes,
possessives, punctuation or leading article); ``_cased`` tells the short aliases that match
only as written ("US", "IS"). The rest are the words that shape a mention: counts before it
("12 Chadian soldiers"), words for a state's forces and its police, name particles, and
last words that name places rather than people.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SHORT = re.compile(r"^[A-Za-z]{2,5}$")   # "KH", "IS", "U.S.", "LeT": short, with an inner capital


@lru_cache(maxsize=1 << 16)
def normalise(text: str, lower: bool = True) -> str:
    """Canonical comparison form: no accents, quotes, possessives, punctuation or leading article."""
    s = text
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = _QUOTES.sub("'", s)
    s = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), s)
    s = _POSSESSIVE.sub("", s).replace("'", "").replace("&", " and ")
    s = _PUNCT.sub(" ", s).strip()
    if lower:
        s = s.lower()
    return _ARTICLE.sub("", s)


_NUMBER = (r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|"
           r"sixty|seventy|eighty|ninety|hundred|a dozen|dozens of|scores of|hundreds of|several|some|many")
_COUNT = re.compile(rf"^(?:(?:at least|more than|fewer than|less than|nearly|about|around|over|up to|almost)\s+)?"
                    rf"(?:(?:{_NUMBER})\s+)+|^(?:suspected|alleged|presumed|purported)\s+")
_STATE_WORDS = {"government", "regime", "junta", "government forces", "regime forces", "junta forces", "army", "military"}
_POLICE = re.compile(r"\b(?:police|policem[ae]n|gendarmes?|gendarmerie)\b")
_NAME_PARTICLES = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "al", "el", "bin", "ibn", "abu", "la", "le", "du"}
# last words of names that the tagger takes for people but that name places and things
_NOT_PERSON = {"street", "road", "avenue", "square", "mall", "hotel", "airport", "station", "bridge", "market", "park",
               "mosque", "church", "temple", "university", "school", "hospital", "center", "centre", "plaza", "camp",
               "base", "city", "village", "massacre", "bombing", "bombings", "attack", "attacks", "shooting", "siege"}
_QUOTES = re.compile(r"[\u2018\u2019\u02bc\u02bb`\u00b4]")
_DOTTED = re.compile(r"(?<![A-Za-z])((?:[A-Za-z]\.){2,})")        # U.S. -> US, U.N. -> UN
_POSSESSIVE = re.compile(r"'[sS]\b")
_PUNCT = re.compile(r"[^\w]+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


def _cased(alias: str) -> bool:
    """Short aliases with an inner capital match only as written ("US" never matches "us")."""
    bare = alias.replace(".", "")
    return bool(_SHORT.match(bare)) and any(c.isupper() for c in bare[1:])
