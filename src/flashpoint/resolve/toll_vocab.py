"""The toll reader's vocabulary: its word lists and the patterns it reads a sentence with.

``_words()`` loads data/toll.yaml (toll words forward and backward, stop words, determiners,
auxiliaries, the heads that name attackers and fighters, ...); the constants and compiled
patterns here are the ones the reader uses directly: the token pattern, the noun phrase's
reach, months and days, and the phrases that state zeros, ages, aims, "fatally shot" and
the like. Numbers written in words are in ``toll_counts``; the readers are in
``toll_counts``, ``toll_clauses`` and ``toll``.
"""

from __future__ import annotations

import functools
import re

import yaml

from ..config import DATA_DIR

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+|[^\W\d_][\w'’-]*|[^\w\s]")
_MAX_NP = 5          # words between a count and its noun's end: "three Malian army soldiers"
_MAX_NP_PASSIVE = 8  # before a passive: "Five members of the Shia Hashd al-Shaabi militia were killed"
_MONTHS = frozenset(("january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                     "sept", "oct", "nov", "dec"))
_PREPOSITIONS = frozenset(("of", "in", "at", "on", "near", "from", "with", "for", "into", "inside", "outside", "by",
                           "aboard", "behind", "across", "along", "around", "through", "under", "within"))
_DAYS = frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
_MAX_GROUPS = 4      # coordinated groups summed: "five customers and one police officer"


@functools.lru_cache(maxsize=1)
def _words() -> dict:
    data = yaml.safe_load((DATA_DIR / "toll.yaml").read_text(encoding="utf-8"))
    sets = {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}
    for kind in ("killed", "injured"):
        sets[kind + "_forward"] = frozenset(data[kind]["forward"])
        sets[kind + "_backward"] = frozenset(data[kind]["backward"])
    sets["kind_words"] = sets["killed_forward"] | sets["killed_backward"] | sets["injured_forward"] | sets["injured_backward"]
    return sets


_ZERO_BOTH = re.compile(
    r"\bno\s+(?:[\w-]+\s+){0,2}?(?:casualties|injuries)\b|\bwithout\s+(?:any\s+)?casualties\b"
    r"|\b(?:no\s*(?:one|body)|nobody|none)(?:\s+else)?\s+(?:(?:was|were|is|are|got|has\s+been|had\s+been)\s+)?(?:\w+ly\s+)?"
    r"(?:(?:killed|hurt|injured|wounded|harmed)\s+(?:or|and|nor)\s+(?:\w+ly\s+)?(?:killed|hurt|injured|wounded|harmed)"
    r"|hurt|injured|wounded|harmed)\b"
    r"|\b(?:hurt|hurting|injur(?:ed|ing)|wound(?:ed|ing)|harm(?:ed|ing))\s+(?:no\s*(?:one|body)|nobody)\b"
    r"|\bcaus\w*\s+no\s+(?:casualties|injuries|damage)\b", re.I)
# "no one was killed", the headline's "no one killed", "the blast killed nobody"
_ZERO_KILLED = re.compile(
    r"\b(?:no\s*(?:one|body)|nobody|none)(?:\s+else)?\s+(?:(?:(?:was|were|is|are|has\s+been|had\s+been)\s+)?(?:\w+ly\s+)?killed"
    r"|died|dies)\b|\bkill(?:ed|ing)\s+(?:no\s*(?:one|body)|nobody)\b"
    r"|\bno\s+(?:[\w-]+\s+){0,2}?(?:deaths|fatalities)\b|\bno\s+lives\s+were\s+lost\b", re.I)
_ZERO_SUBGROUP = re.compile(
    r"\b(?:no|none\s+of)\s+(?:[\w'’.-]+\s+){0,3}?(?:were|was)\s+(?:\w+ly\s+)?(?P<kind>killed|dead|injured|wounded|hurt)\b",
    re.I)   # "no Americans were hurt", "none of the 30 passengers were hurt"
# "The officers inside were unharmed", "the minister escaped unhurt": nobody of that group was
# killed or hurt; like a subgroup's zero, it counts only when the sentence gives no other figure.
_UNHARMED = re.compile(r"\b(?:was|were|is|are|escaped|survived|remained|reported)\s+(?:\w+\s+)?"
                       r"(?:unharmed|unhurt|unscathed|uninjured)\b", re.I)
# "attempting to kill the governor", "plotted to murder": an aim, not a toll.
_AIM = re.compile(r"\b(?:attempt\w*|tr(?:y|ies|ied|ying)|plot\w*|plann?\w*|intend\w*|aim\w*|fail\w*|sought|seek\w*|"
                  r"want\w*|threat\w*|order|bid|conspir\w*|vow\w*)\s+to\s+(?:kill|murder|assassinate|execute|behead)\b", re.I)
# "a 5-year-old girl", "the 16-year-old": an age, not a count.
_AGE_WORD = re.compile(r"\b\d{1,3}\s*-?\s*(?:years?|months?|days?|weeks?)[-\s]+old\b", re.I)
# "Two girls aged 6 and 4", "Tibble, 22, of the police", "Aliyan (22)": ages, masked out.
_AGE_ASIDE = re.compile(r"\baged\s+\d{1,3}(?:\s*(?:and|to|-|or)\s*\d{1,3})?\b"
                        r"|(?<=[A-Za-z]),\s+\d{1,2}(?=,\s)|(?<=[A-Za-z])\s+\(\d{1,2}\)", re.I)
_ABBREVIATION = re.compile(r"\b(?:Lt|Col|Gen|Brig|Maj|Capt|Sgt|Cpl|Pvt|Dr|Mr|Mrs|Ms|Jr|Sr|Rev|Prof|Gov|Sen|Rep|"
                           r"Supt|Insp|Cmdr|Adm|St)\.|\b(?:[A-Z]\.){2,}")
_KILLED_PHRASE = re.compile(r"\b(?:fatally|mortally)\s+(?:shot|stabbed|wounded|injured|hurt|shooting|stabbing|wounding)\b"
                            r"|\bgunned\s+down\b"
                            r"|\b(?:shot|stabbed|beaten|hacked|burned|burnt|stoned|bayoneted|bludgeoned)\s+to\s+death\b",
                            re.I)
_WITH_ATTACKER = re.compile(r"\s*,?\s*(?:including|among them)\s+(?:the|a|an|one)?\s*(?:suicide\s+)?"
                            r"(?:bomber|attacker|perpetrator|gunman|assailant|hijacker)\b", re.I)
# "a family of six", "an entire family of five": the count is the family's size
_FAMILY_OF = re.compile(r"\b(?:an?|the)\s+(?:(?:whole|entire)\s+)?family\s+of\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|"
                        r"nine|ten|eleven|twelve)\b(?!\s*-?\s*(?:years?|months?)\b)", re.I)
# "a father of five": his children, no count of victims (masked)
_PARENT_OF = re.compile(r"(?<=\b(?:father|mother|parent))\s+of\s+(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|"
                        r"ten|eleven|twelve)\b", re.I)
_AS_WELL_AS = re.compile(r",?\s+as\s+well\s+as\b", re.I)
_TIMES = re.compile(r"\s+times\b", re.I)     # "shot three times"
_AGE = re.compile(r"\s*-?\s*(?:years?|months?|days?|weeks?)[-\s]+old\b", re.I)
_MINOR = re.compile(r"\bminor injuries\b|\blightly (?:injured|wounded)\b", re.I)
# "stabbed him, leaving him with light wounds": one person hurt
_LEFT_HURT = re.compile(r"\b(?:leaving|left)\s+(?:him|her)\s+with\s+(?:[\w-]+\s+){0,4}?(?:wounds|injuries)\b", re.I)
_DIED = re.compile(r"\b(?:later died|died of|died from|succumbed)\b", re.I)
