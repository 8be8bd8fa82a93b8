"""What an attack cost, read from one sentence: killed, injured, and attackers who died.

    read_toll("Gunmen killed seven students and a guard; two attackers were also killed.")
    -> Toll(killed=8..8, injured=?, attackers_killed=2..2, span=...)

Counts come before their word ("14 people dead", "two soldiers were killed", "12 people,
including a British national, were killed") or after it ("killing 9", "wounding
dozens"); coordinated groups add up ("six policemen and their driver" = 7); a running
total wins ("the death toll rose to 46"). Zeros: "no casualties", "no one was hurt" and
"no injuries were reported" give 0..0 for both counts (nobody hurt means nobody killed);
"no one was killed" and "no deaths" give killed 0..0 only; a zero about a subgroup ("no
American personnel were injured") only counts for its own kind. Attackers (a suicide
bomber, "three attackers were also killed") are counted apart from the victims.
Word lists live in data/toll.yaml; numbers in data/quantities.yaml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import yaml

from ..config import DATA_DIR
from ..records import Bounds

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+|[^\W\d_][\w'’-]*|[^\w\s]")
_MAX_NP = 5          # words between a count and its noun's end: "three Malian army soldiers"
_MAX_NP_PASSIVE = 8  # before a passive: "Five members of the Shia Hashd al-Shaabi militia were killed"
_MONTHS = frozenset(("january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                     "sept", "oct", "nov", "dec"))
_PREPOSITIONS = frozenset(("of", "in", "at", "on", "near", "from", "with", "for", "into", "inside", "outside", "by",
                           "aboard", "behind", "across", "along", "around", "through", "under", "within"))
_DAYS = frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
_PARTICLES = frozenset(("bin", "ibn", "al", "el", "ul", "de", "da", "del", "der", "di", "du", "la", "le", "van", "von",
                        "y", "abu", "former", "prominent", "senior", "retired", "local", "leader", "chief", "mayor",
                        "commander", "minister", "governor", "journalist", "writer", "activist", "politician",
                        "president", "judge", "general", "officer", "cleric", "imam", "priest", "businessman",
                        "deputy", "head", "member"))
_MAX_GROUPS = 4      # coordinated groups summed: "five customers and one police officer"


@dataclass(frozen=True)
class Toll:
    """The figures of one sentence; ``span`` is (start, end) of the phrase that gave the first."""

    killed: Bounds = field(default_factory=Bounds)
    injured: Bounds = field(default_factory=Bounds)
    attackers_killed: Bounds = field(default_factory=Bounds)
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class _Group:
    bounds: Bounds
    head: str
    start: int
    end: int


@dataclass(frozen=True)
class _Finding:
    kind: str            # killed | injured
    bounds: Bounds
    attackers: Bounds    # the part of the figure that counts attackers
    also: bool           # "were also killed": a second, separate group
    start: int
    end: int


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
    r"|\b(?:no\s*(?:one|body)|nobody|none)(?:\s+else)?\s+(?:was|were|is|are|got|has\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    r"(?:(?:killed|hurt|injured|wounded|harmed)\s+(?:or|and|nor)\s+(?:\w+ly\s+)?(?:killed|hurt|injured|wounded|harmed)"
    r"|hurt|injured|wounded|harmed)\b"
    r"|\bcaus\w*\s+no\s+(?:casualties|injuries|damage)\b", re.I)
_ZERO_KILLED = re.compile(
    r"\b(?:no\s*(?:one|body)|nobody|none)(?:\s+else)?\s+(?:(?:was|were|is|are|has\s+been|had\s+been)\s+(?:\w+ly\s+)?killed|died|dies)\b"
    r"|\bno\s+(?:[\w-]+\s+){0,2}?(?:deaths|fatalities)\b|\bno\s+lives\s+were\s+lost\b", re.I)
_ZERO_SUBGROUP = re.compile(
    r"\bno\s+(?:[\w'’.-]+\s+){0,3}?(?:were|was)\s+(?:\w+ly\s+)?(?P<kind>killed|dead|injured|wounded|hurt)\b", re.I)
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
_KILLED_PHRASE = re.compile(r"\b(?:fatally|mortally)\s+(?:shot|stabbed|wounded|injured|hurt)\b|\bgunned\s+down\b"
                            r"|\b(?:shot|stabbed|beaten|hacked|burned|burnt|stoned|bayoneted|bludgeoned)\s+to\s+death\b",
                            re.I)
_WITH_ATTACKER = re.compile(r"\s*,?\s*(?:including|among them)\s+(?:the|a|an|one)?\s*(?:suicide\s+)?"
                            r"(?:bomber|attacker|perpetrator|gunman|assailant|hijacker)\b", re.I)
_AS_WELL_AS = re.compile(r",?\s+as\s+well\s+as\b", re.I)
_TIMES = re.compile(r"\s+times\b", re.I)     # "shot three times"
_AGE = re.compile(r"\s*-?\s*(?:years?|months?|days?|weeks?)[-\s]+old\b", re.I)
_MINOR = re.compile(r"\bminor injuries\b|\blightly (?:injured|wounded)\b", re.I)
# "stabbed him, leaving him with light wounds": one person hurt
_LEFT_HURT = re.compile(r"\bleaving\s+(?:him|her)\s+with\s+(?:[\w-]+\s+){0,4}?(?:wounds|injuries)\b", re.I)
_DIED = re.compile(r"\b(?:later died|died of|died from|succumbed)\b", re.I)


_MORE = {"another", "additional", "further", "other", "an", "a"}   # "another 3", "an additional four", "a further two"
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {**{w: n for n, w in enumerate(_UNITS, 1)}, **{w: n for n, w in enumerate(_TEENS, 10)},
                **{w: n for n, w in zip(range(20, 100, 10), _TENS_WORDS)}, "a": 1, "an": 1}
_TENS = set(range(20, 100, 10))
_SCALES = {"hundred": 100, "thousand": 1000}
_UNIT_AFTER_TENS = re.compile(r"[-\s](" + "|".join(_UNITS) + r")\b", re.I)
_SCALE = re.compile(r"(?:\s+|\s*-\s*)(hundred|thousand)\b(?!s)", re.I)
_AND_TAIL = re.compile(r"\s+(?:and\s+)?(\d{1,2}|" + "|".join(_UNITS + _TEENS + _TENS_WORDS) + r")\b", re.I)


class _Reader:
    def __init__(self, sentence: str):
        from .quantities import _table

        self.text = sentence
        self.words = _words()
        self.number = _table()["regex"]
        self.zeros: list[tuple[str, int, int]] = []
        masked = sentence
        for pattern, kinds in ((_ZERO_BOTH, ("killed", "injured")), (_ZERO_KILLED, ("killed",))):
            for m in pattern.finditer(sentence):
                self.zeros.extend((k, m.start(), m.end()) for k in kinds)
                masked = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
        for m in _ZERO_SUBGROUP.finditer(masked):
            kind = "killed" if m.group("kind").lower() in ("killed", "dead") else "injured"
            self.zeros.append(("subgroup-" + kind, m.start(), m.end()))
            masked = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
        for m in _UNHARMED.finditer(masked):
            self.zeros.extend(("subgroup-" + k, m.start(), m.end()) for k in ("killed", "injured"))
        for m in _AGE_WORD.finditer(masked):
            masked = masked[:m.start()] + "aged" + "_" * (m.end() - m.start() - 4) + masked[m.end():]
        for pattern in (_AIM, _AGE_ASIDE):
            for m in pattern.finditer(masked):
                masked = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
        for m in _ABBREVIATION.finditer(masked):   # "Lt. Col.", "U.S.": no sentence stops inside a name
            masked = masked[:m.start()] + m.group().replace(".", "") + " " * m.group().count(".") + masked[m.end():]
        for m in _AS_WELL_AS.finditer(masked):     # "two soldiers, as well as two civilians": and
            masked = masked[:m.start()] + " and" + " " * (m.end() - m.start() - 4) + masked[m.end():]
        for m in _KILLED_PHRASE.finditer(masked):  # "fatally shot", "gunned down": killed
            masked = masked[:m.start()] + "killed" + " " * (m.end() - m.start() - 6) + masked[m.end():]
        self.masked = masked
        self.toks = [(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(masked)]

    # -- pieces --------------------------------------------------------------
    def _count_at(self, i: int) -> tuple[Bounds, int] | None:
        """A count starting at token ``i``: its bounds and the index of its last token."""
        from .quantities import _apply

        _, low, start, _ = self.toks[i]
        if low.isdigit() and len(low) == 4 and 1900 <= int(low) <= 2100:
            return None          # a year, not a count
        if low == "another" and (i + 1 >= len(self.toks) or self._count_at(i + 1) is None):
            return Bounds(1, 1), i   # "one soldier was killed and another injured"
        m = self.number.match(self.masked, start)
        if not m or _AGE.match(self.masked, m.end()) or _TIMES.match(self.masked, m.end()):
            return None
        if low[:1].isdigit() and (i >= 1 and self.toks[i - 1][1] in _MONTHS
                                  or i + 1 < len(self.toks) and self.toks[i + 1][1] in _MONTHS):
            return None          # "on 12 March", "May 3": a date
        num, end = self._compound(m.group("num"), m.end())
        bounds = _apply(m.group("mod"), num)
        if not bounds.known:
            return None
        j = i
        while j + 1 < len(self.toks) and self.toks[j + 1][2] < end:
            j += 1
        return bounds, j

    def _compound(self, num: str, end: int) -> tuple[str, int]:
        """A number written in several words: "twenty-one", "thirty eight", "one hundred",
        "two hundred and fifty", "3 thousand". Returns the number as digits and where it ends."""
        value = _WORD_VALUES.get(num.lower()) if not num[:1].isdigit() else int(num.replace(",", ""))
        if value is None:
            return num, end
        rest = self.masked[end:]
        if value in _TENS:
            unit = _UNIT_AFTER_TENS.match(rest)
            if unit:
                value, end = value + _WORD_VALUES[unit.group(1).lower()], end + unit.end()
                rest = self.masked[end:]
        scale = _SCALE.match(rest)
        if scale and value < 1000:
            value, end = value * _SCALES[scale.group(1).lower()], end + scale.end()
            tail = _AND_TAIL.match(self.masked[end:])
            if tail:
                more = _WORD_VALUES.get(tail.group(1).lower()) if not tail.group(1).isdigit() else int(tail.group(1))
                if more is not None and more < 100:
                    value, end = value + more, end + tail.end()
                    unit = _UNIT_AFTER_TENS.match(self.masked[end:]) if more in _TENS else None
                    if unit:
                        value, end = value + _WORD_VALUES[unit.group(1).lower()], end + unit.end()
        return str(value), end

    def _np_word(self, i: int) -> bool:
        word, low = self.toks[i][0], self.toks[i][1]
        if word in ("(", ")"):
            return True          # "5 Chhattisgarh Armed Force (CAF) jawans"
        if word.isupper() and len(word) > 1 and low in ("us", "it"):
            return True          # "a US soldier": the country, not the pronoun
        return word[0].isalpha() and low not in self.words["stop"] and low not in self.words["kind_words"]

    def _singular(self, head: str) -> bool:
        return not (head.endswith("s") and not head.endswith("ss")) and head not in self.words["collective"]

    def _group_after(self, i: int) -> _Group | None:
        """A count group starting at token ``i``: "nine soldiers", "a guard", "their driver", "herself"."""
        if i >= len(self.toks):
            return None
        low, start = self.toks[i][1], self.toks[i][2]
        if low in ("himself", "herself", "themselves", "itself"):
            return _Group(Bounds(1, 1) if low != "themselves" else Bounds(1, None), low, start, self.toks[i][3])
        found = self._count_at(i)
        if found is None and low in self.words["singular_determiners"] and i + 1 < len(self.toks):
            found = self._count_at(i + 1)        # "wounding the three passengers"
            if found is not None and self.toks[i + 1][1] in ("a", "an"):
                found = None
        if found is not None:
            bounds, j = found
            singular = None
        elif low in self.words["singular_determiners"]:
            bounds, j, singular = Bounds(1, 1), i, True
        else:
            return None
        k = j
        while k + 1 < len(self.toks) and k + 1 - j <= _MAX_NP and self._np_word(k + 1) and self.toks[k + 1][0] != "(":
            k += 1
        head = self.toks[k][1] if k > j else ""
        if singular and (not head or not self._singular(head)):
            return None
        return _Group(bounds, head, start, self.toks[k][3])

    def _pronoun_after(self, i: int) -> _Group | None:
        """ "killing him", "wounding her": one person (after a gerund only; "police shot and
        killed him" is as often the attacker)."""
        if i >= len(self.toks) or self.toks[i][1] not in ("him", "her"):
            return None
        if self.toks[i][1] == "her" and i + 1 < len(self.toks) and self._np_word(i + 1):
            return None          # "killing her son": a determiner, read as a group
        return _Group(Bounds(1, 1), "", self.toks[i][2], self.toks[i][3])

    def _name_after(self, i: int) -> _Group | None:
        """ "killing Sgt Charles Chapman", "shot dead prominent writer Nahed Hattar": one named
        person. The phrase must end on a capitalised word (not a month, a day or a plural
        such as "Americans") where the noun phrase ends."""
        k = i
        while k < len(self.toks) and k - i < 8 and self._np_word(k) and self.toks[k][0] not in ("(", ")") \
                and self.toks[k][1] not in ("of", "a", "an", "the"):
            k += 1
        if k == i or (k < len(self.toks) and self._np_word(k) and self.toks[k][0] not in ("(", ")")):
            return None          # "killing members of Hezbollah": the noun phrase goes on
        last = k - 1
        word, low = self.toks[last][0], self.toks[last][1]
        if not word[0].isupper():
            return None          # "killing American soldiers"
        if low in _MONTHS or low in _DAYS or (low.endswith("s") and not low.endswith("ss")) or word.isupper():
            return None
        if k < len(self.toks) and self.toks[k][1] in ("and", "or") and self._group_after(k + 1) is None:
            # "killing Afghan and NATO soldiers": the name was an adjective of a shared noun
            n = k + 1
            while n < len(self.toks) and n - k <= 6 and self._np_word(n):
                n += 1
            if n > k + 1 and not self.toks[n - 1][0][0].isupper():
                return None
        return _Group(Bounds(1, 1), word, self.toks[i][2], self.toks[last][3])

    def _subset(self, g: _Group) -> bool:
        """ "four of them", "two of whom": part of the group before, not more people."""
        i = next((x for x in range(len(self.toks)) if self.toks[x][2] >= g.start), len(self.toks))
        following = [t[1] for t in self.toks[i:i + 4]]
        return "of" in following and any(w in following for w in ("them", "whom", "those", "these"))

    def _group_before(self, k: int, written_only: bool, plural: bool = False, reach: int = _MAX_NP) -> _Group | None:
        """A count group ending at token ``k``: "14 people", "more than 30", "the pilot".
        ``plural``: the verb is plural ("were"), so "the army" before it is no one victim."""
        head = self.toks[k][1] if k >= 0 and self._np_word(k) else ""
        j = k
        crossed: set[int] = set()    # determiners and prepositions inside the noun phrase
        while j >= 0 and k - j <= reach:
            found = self._count_at(j)
            if found is not None and found[1] <= k and j >= 1 and self.toks[j][1] in ("a", "an") and j < k \
                    and self.toks[j - 1][1] in _PREPOSITIONS:
                if self.toks[j - 1][1] != "of":
                    return None  # "workers in an electrical company": "an" opens a place, no count
                crossed.add(j)
                j -= 1           # "three members of a police patrol": the count is further back
                continue
            if found is not None and found[1] <= k:
                bounds, last = found
                start = j
                for back in (1, 2, 3):      # "at least 54", "more than 100", "as many as"
                    earlier = self._count_at(j - back) if j - back >= 0 else None
                    if earlier is not None and earlier[1] == last:
                        bounds, start = earlier[0], j - back
                if written_only and self.toks[start][1] in ("a", "an") and last == start:
                    return None          # "a bomb killed ...": the bomb is no victim
                if last < k and not all(self._np_word(x) or self.toks[x][1] == "and" or x in crossed
                                        for x in range(last + 1, k + 1)):
                    return None
                return _Group(bounds, head if last < k else "", self.toks[start][2], self.toks[k][3])
            low = self.toks[j][1]
            if low in self.words["singular_determiners"] and j < k and not written_only:
                if j >= 1 and self.toks[j - 1][1] == "of":
                    crossed.add(j)
                    j -= 1       # "three members of the army", "eight of his guards": the count is further back
                    continue
                if head and self._singular(head):
                    # "his wife and son were injured": each conjunct is one person
                    n = 1 + sum(1 for x in range(j + 1, k) if self.toks[x][1] == "and")
                    alone = not (j >= 1 and self.toks[j - 1][1] in ("and", ",")) and not (
                        k + 1 < len(self.toks) and self.toks[k + 1][1] in ("and", ","))
                    # (a comma is a list's only inside one that an "and" closes: _backward checks)
                    if plural and n == 1 and alone:
                        return None      # "the army were ..." names no one victim
                    return _Group(Bounds(n, n), head, self.toks[j][2], self.toks[k][3])
                return None
            if reach > _MAX_NP and j < k and low in ("in", "at", "from") and self.toks[j + 1][0][:1].isupper():
                crossed.add(j)
                j -= 1           # "Six soldiers in Makhmour were wounded"
                continue
            if not self._np_word(j) and not (low == "and" and j < k):
                return None      # "scores of soldiers and volunteers" is one group
            j -= 1
        return None

    # -- readings ------------------------------------------------------------
    def _forward(self, kind: str, i: int) -> tuple[list[_Group], int] | None:
        names = not self._after_auxiliary(i)     # "was killed Ahmed" is no reading
        gerund = self.toks[i][1].endswith("ing")
        s = i + 1
        if s < len(self.toks) and self.toks[s][1] == "of":
            s += 1               # "the killing of four police officers"
        elif self.toks[i][1] in ("injury", "injuries"):
            if s >= len(self.toks) or self.toks[s][1] != "to":
                return None      # only "the injury of 3", "injuries to 18 others"
            s += 1
        elif self.toks[i][1] == "lives":
            return None          # only "claimed the lives of 9"; "12 people lost their lives" reads back
        while s + 1 < len(self.toks) and self.toks[s][1].endswith("ly") and self.toks[s][1] in self.words["auxiliaries"]:
            s += 1               # "wounding critically 2 customers"
        if s + 1 < len(self.toks) and self.toks[s][1] == "all" and self._count_at(s + 1) is not None:
            s += 1               # "killing all 12 occupants"
        while s + 1 < len(self.toks) and self.toks[s][1] in _MORE and (
                self.toks[s + 1][1] in _MORE - {"a", "an"} or self._count_at(s + 1) is not None):
            s += 1               # "injuring another 3", "killing an additional four"
        groups: list[_Group] = []
        while len(groups) < _MAX_GROUPS:
            g = self._group_after(s)
            if g is None and names:
                g = (self._pronoun_after(s) if gerund else None) or self._name_after(s)
            if g is None:
                break
            groups.append(g)
            s = next((x for x in range(s, len(self.toks)) if self.toks[x][2] >= g.end), len(self.toks))
            if g.head in self.words["whole_heads"] and s < len(self.toks) and self.toks[s][1] == ",":
                break            # "killing six people, two soldiers and four civilians": a breakdown follows
            if len(groups) == 1 and s < len(self.toks) and self.toks[s][1] == "," and self._breakdown(g, s + 1):
                break            # "killing 5 soldiers, 3 Afghans and 2 Americans": the same five
            if s < len(self.toks) and self.toks[s][1] in ("on", "in", "at", "aboard", "inside"):
                # "wounding 14 people on the bus and six pedestrians": past a short place phrase
                x = next((x for x in range(s + 1, min(s + 5, len(self.toks))) if self.toks[x][1] == "and"), None)
                if x is not None and all(self._np_word(y) or self.toks[y][1] in ("the", ",") for y in range(s + 1, x)) \
                        and self._count_at(x + 1) is not None and self.toks[x + 1][1] not in ("a", "an"):
                    s = x
            nxt = self._group_after(s + 1) if s < len(self.toks) and self.toks[s][1] in ("and", ",") else None
            if nxt is None and names and s < len(self.toks) and (
                    self.toks[s][1] == "and" or self.toks[s][1] == "," and g.head[:1].isupper()):
                nxt = self._name_after(s + 1)        # "killing bin Laden and his courier", "killing X, Y and Z"
                if nxt is not None and self.toks[s][1] == ",":
                    groups.append(nxt)
                    s = next((x for x in range(s, len(self.toks)) if self.toks[x][2] >= nxt.end), len(self.toks))
                    if s < len(self.toks) and self.toks[s][1] == "and" and (
                            self._group_after(s + 1) or self._name_after(s + 1)):
                        s += 1
                        continue
                    break
            if nxt is not None and self._opens_clause(nxt):
                break            # "killed one and two others were wounded": a clause of its own
            if nxt is not None and not self._subset(nxt) and nxt.head not in self.words["auxiliaries"] and (
                    self.toks[s][1] == "and" or (self._count_at(s + 1) is not None and self.toks[s + 1][1] not in ("a", "an"))):
                s += 1           # "six policemen and their driver"; after a comma only a written count
                continue
            break
        return (groups, i) if groups else None

    def _opens_clause(self, g: _Group) -> bool:
        """Whether group ``g`` is the subject of a verb of its own ("two others were wounded",
        "another was hurt", "three of her children were lightly injured")."""
        x = next((x for x in range(len(self.toks)) if self.toks[x][2] >= g.end), len(self.toks))
        start = x
        while x < len(self.toks) and x - start < 6 and (
                self._np_word(x) or self.toks[x][1] in ("of", "her", "his", "their", "its", "the")):
            x += 1               # "three of her grandchildren were ..."
        return x < len(self.toks) and (self.toks[x][1] in ("were", "was", "are", "is", "have", "has", "had")
                                       or self.toks[x][1] in self.words["kind_words"]
                                       and not self.toks[x][1].endswith("ing"))

    def _breakdown(self, whole: _Group, s: int) -> bool:
        """Whether the groups from token ``s`` add up to ``whole``'s exact count."""
        if whole.bounds.min is None or whole.bounds.min != whole.bounds.max:
            return False
        total, n = 0, 0
        while s < len(self.toks) and n < _MAX_GROUPS:
            g = self._group_after(s)
            if g is None or g.bounds.min is None or g.bounds.max != g.bounds.min:
                break
            total, n = total + g.bounds.min, n + 1
            s = next((x for x in range(s, len(self.toks)) if self.toks[x][2] >= g.end), len(self.toks))
            while s < len(self.toks) and self.toks[s][1] in ("and", ","):
                s += 1
        return n >= 2 and total == whole.bounds.min

    def _backward(self, kind: str, i: int) -> tuple[list[_Group], bool] | None:
        low = self.toks[i][1]
        k, also, aux = i - 1, False, False
        if low == "death" and k >= 0 and self.toks[k][1] == "to":
            k -= 1               # "hacked 22 villagers to death"
        singular = plural = False
        while k >= 0:
            t = self.toks[k][1]
            if t in self.words["auxiliaries"]:
                also = also or t == "also"
                singular = singular or t in ("was", "is", "has")
                plural = plural or t in ("were", "are", "have")
                aux = True
                k -= 1
            elif self._chain(k):
                k = self._chain(k)   # "was shot and killed", "is kidnapped and murdered"
            else:
                break
        if k >= 1 and self.toks[k][1] == ",":
            # "12 people, including a British national, were killed": skip the aside; so too a
            # breakdown of the count before it ("Eight people, seven police officers and their
            # chief, were killed")
            for x in range(k - 1, max(k - 12, 0), -1):
                if self.toks[x][1] in ("including", "among", "mostly", "most") and self.toks[x - 1][1] == ",":
                    k = x - 2
                    break
                if self.toks[x][1] == "," and self._count_at(x + 1) is not None and x >= 1 \
                        and self._group_before(x - 1, False) is not None:
                    k = x - 1
                    break
            else:
                if singular or low in ("died", "dies", "perished"):
                    one = self._singular_subject(k, strict=not singular)
                    return ([one], also) if one is not None else None
                return None
        written_only = low in self.words["active"] and not aux
        reach = _MAX_NP_PASSIVE if aux else _MAX_NP
        if k >= 1 and self.toks[k][1] == "board" and self.toks[k - 1][1] == "on":
            k -= 2               # "all 170 people on board were killed"
        elif k >= 0 and self.toks[k][1] in ("aboard", "onboard", "inside"):
            k -= 1
        groups: list[_Group] = []
        subject_end, joined = k, False
        while k >= 0 and len(groups) < _MAX_GROUPS:
            g = self._group_before(k, written_only, plural, reach)
            if g is None:
                break
            groups.insert(0, g)
            first = next(x for x in range(len(self.toks)) if self.toks[x][2] == g.start)
            if first >= 2 and self.toks[first - 1][1] in ("including", "among"):
                # "12 people including 3 children were wounded": the count is the whole
                whole = self._group_before(first - 2, written_only)
                if whole is not None:
                    groups = [whole]
                break
            if first >= 3 and self.toks[first - 1][1] == "and" and self._object_of_verb(first - 2):
                break            # "killed one and two others were wounded": "one" was the killed
            if first >= 2 and (self.toks[first - 1][1] == "and" or self.toks[first - 1][1] == "," and joined):
                joined = joined or self.toks[first - 1][1] == "and"
                k = first - 2    # "Three policemen, two civilians and four guerrillas"; a comma only
                continue         # inside a list that an "and" closes ("During the attack, three ...")
            break
        if not groups:
            # "29 civilians including women and children were killed", "Twelve people, including
            # the president and his aide are killed": the count before "including" is the whole
            x = next((x for x in range(subject_end, max(subject_end - 14, 0), -1)
                      if self.toks[x][1] in ("including", "among")), None)
            if x is not None and x >= 1:
                before = x - 2 if self.toks[x - 1][1] == "," else x - 1
                whole = self._group_before(before, written_only, plural, reach) if before >= 0 else None
                if whole is not None and self._count_at(next(
                        y for y in range(len(self.toks)) if self.toks[y][2] == whole.start)) is not None:
                    groups = [whole]
        if not groups and not plural and (singular or low in ("died", "dies", "perished")):
            one = self._singular_subject(subject_end, strict=not singular)
            if one is not None:
                groups = [one]
        return (groups, also) if groups else None

    def _object_of_verb(self, k: int) -> bool:
        """Whether the noun phrase ending at token ``k`` follows a forward toll word ("killed one")."""
        g = self._group_before(k, False, reach=_MAX_NP_PASSIVE)
        if g is None:
            return False
        first = next(x for x in range(len(self.toks)) if self.toks[x][2] == g.start)
        return first >= 1 and any(self.toks[first - 1][1] in self.words[kind + "_forward"] for kind in ("killed", "injured"))

    def _chain(self, k: int) -> int | None:
        """Where a passive's chain of verbs ends before token ``k`` ("was shot and killed",
        "was shot, stabbed, and killed"): the index of its auxiliary, or None ("a soldier
        shot and killed him" is active)."""
        x = k
        while x >= 1 and self.toks[x][1] in ("and", ",") and self.toks[x - 1][1] in self.words["chained"] | {","}:
            x -= 1
            while x >= 0 and self.toks[x][1] in self.words["chained"] | {","}:
                x -= 1
            if x >= 0 and self.toks[x][1] in ("was", "were", "is", "are", "been", "being"):
                return x
        return None

    def _singular_subject(self, k: int, strict: bool) -> _Group | None:
        """ "Waziri, a senior female official, was killed", "the driver was also wounded":
        a singular verb with no count before it is one person. ``strict`` (an intransitive
        "died", which does not tell the number) wants a singular-looking head."""
        if k >= 2 and self.toks[k][1] == ",":
            # skip an apposition back to its opening comma
            x = k - 1
            while x >= 1 and k - x <= 12 and self.toks[x][1] != ",":
                x -= 1
            # no opening comma: a lone one ("Mariam, 6, was hurt" with the age taken out)
            k = x - 1 if x >= 1 and self.toks[x][1] == "," else k - 1
        if k >= 2 and self.toks[k][0] == ")":
            x = next((x for x in range(k - 1, max(k - 8, 0), -1) if self.toks[x][0] == "("), None)
            k = x - 1 if x is not None else k    # "A member of the Joint Task Force (JTF) was hurt"
        if k < 0 or not self._np_word(k) or self.toks[k][0] in ("(", ")"):
            return None
        head = self.toks[k][1]
        if strict and not (self._singular(head) and self.toks[k][0][0].isupper()):
            return None          # "Muhidin Mohamed died": a named person; "civilians died" tells no number
        if head in ("one", "none", "nobody", "everyone", "everybody", "all", "each", "many", "most", "some"):
            return None
        return _Group(Bounds(1, 1), head, self.toks[k][2], self.toks[k][3])

    def _finding(self, kind: str, groups: list[_Group], also: bool, end: int) -> _Finding:
        victims, attackers = [], []
        heads = [g.head.rsplit("-", 1)[-1] for g in groups]    # "suicide-bombers"
        # "6 policemen and 8 guerrillas died", "two soldiers and five militants were killed":
        # beside victims, the fighting side is counted apart, as the attackers
        mixed = any(h and h not in self.words["fighters"] and h not in self.words["attackers"] for h in heads)
        for g, head in zip(groups, heads):
            if head in self.words["attackers"] or ((also or mixed) and head in self.words["fighters"]):
                attackers.append(g)
            else:
                victims.append(g)
        return _Finding(kind, _sum(g.bounds for g in victims) if victims else Bounds(),
                        _sum(g.bounds for g in attackers) if attackers else Bounds(),
                        also, groups[0].start, end)

    def findings(self) -> list[_Finding]:
        out: list[_Finding] = []
        words = self.words
        for i, (_, low, _, end) in enumerate(self.toks):
            for kind in ("killed", "injured"):
                got = None
                if low in words[kind + "_forward"]:
                    fwd = self._forward(kind, i)
                    if fwd is not None:
                        groups = fwd[0]
                        got = self._finding(kind, groups, False, groups[-1].end)
                        got = _Finding(kind, got.bounds, got.attackers, False, self.toks[i][2], got.end)
                        got = self._less_the_attacker(got)
                if got is None and low in words[kind + "_backward"] and not self._partitive(i):
                    back = self._backward(kind, i)
                    if back is not None:
                        got = self._finding(kind, back[0], back[1], end)
                        got = self._less_the_attacker(got, back[0][-1].end)
                if got is None and low in words[kind + "_forward"] and not self._after_auxiliary(i):
                    s = i + 2 if i + 1 < len(self.toks) and self.toks[i + 1][1] == "of" else i + 1
                    one = (self._pronoun_after(s) if low.endswith("ing") else None) or self._name_after(s)
                    if one is not None:
                        got = _Finding(kind, Bounds(1, 1), Bounds(), False, self.toks[i][2], one.end)
                if got is not None:
                    out.append(got)
                    break
        return out

    def _partitive(self, i: int) -> bool:
        """ "three of the injured were police officers", "among the dead": the toll word names a
        group told before, and the count before it is a part of that group, no toll of its own."""
        return i >= 2 and self.toks[i - 1][1] == "the" and self.toks[i - 2][1] in ("of", "among")

    def _less_the_attacker(self, f: _Finding, at: int | None = None) -> _Finding:
        """ "killing 7 people, including the bomber", "Seven people, including the bomber, were
        killed": six victims and one attacker."""
        m = _WITH_ATTACKER.match(self.masked, f.end if at is None else at)
        b = f.bounds
        if m is None or b.min is None or b.min != b.max or b.min < 2 or f.attackers.known:
            return f
        return _Finding(f.kind, Bounds(b.min - 1, b.max - 1), Bounds(1, 1), f.also, f.start, max(f.end, m.end()))

    def _after_auxiliary(self, i: int) -> bool:
        """ "was killed Tuesday": a passive, whose victims come before it."""
        return i >= 1 and self.toks[i - 1][1] in ("was", "were", "is", "are", "been", "be", "being")

    def toll_total(self) -> tuple[Bounds, int, int] | None:
        """ "the death toll rose to 46", "the toll from ... climbed to 7", "bringing the death
        toll to 41"."""
        for i, tok in enumerate(self.toks):
            if tok[1] != "toll":
                continue
            if any(t[1] in self.words["toll_raisers"] for t in self.toks[max(i - 4, 0):i]):
                n = i + 2 if i + 2 < len(self.toks) and self.toks[i + 1][1] == "up" else i + 1
                if n + 1 < len(self.toks) and self.toks[n][1] == "to":
                    found = self._count_at(n + 1)
                    if found is not None:
                        return found[0], tok[2], self.toks[found[1]][3]
            for j in range(i + 1, min(i + 20, len(self.toks))):
                low = self.toks[j][1]
                if low in (";", "."):
                    break
                if low in self.words["toll_verbs"]:
                    n = j + 1
                    while n < len(self.toks) and self.toks[n][1] in ("to", "at", "has", "had", "now", "risen", "been"):
                        n += 1
                    found = self._count_at(n) if n < len(self.toks) else None
                    if found is not None:
                        return found[0], tok[2], self.toks[found[1]][3]
        return None


def _sum(bounds) -> Bounds:
    lo, hi = 0, 0
    for b in bounds:
        lo = None if lo is None or b.min is None else lo + b.min
        hi = None if hi is None or b.max is None else hi + b.max
    return Bounds(lo, hi)


def _someone(b: Bounds) -> Bounds:
    """ "Up to 24 were killed" says that people died, at most 24: 1..24, not ?..24."""
    if b.min is None and b.max is not None and b.max >= 1:
        return Bounds(1, b.max)
    return b


def toll_words() -> frozenset[str]:
    """Words that report people killed or hurt ("killed", "wounded", "dead", ...)."""
    return _words()["kind_words"]


def read_toll(sentence: str) -> Toll:
    """Killed, injured and attackers killed stated in one sentence (``Toll()`` when none)."""
    reader = _Reader(sentence)
    found: dict[str, Bounds] = {}
    spans: list[tuple[int, int]] = []
    attackers: list[Bounds] = []
    attacker_spans: list[tuple[int, int]] = []
    findings = reader.findings()
    for f in findings:
        if f.attackers.known:
            attackers.append(f.attackers)
            attacker_spans.append((f.start, f.end))
        if f.bounds.known and f.kind not in found:
            found[f.kind] = _someone(f.bounds)
            spans.append((f.start, f.end))
    total = reader.toll_total()
    if total is not None:
        found["killed"] = _someone(total[0])
        spans.append((total[1], total[2]))
    for kind, start, end in reader.zeros:
        if kind.startswith("subgroup-"):
            kind = kind[len("subgroup-"):]
        if kind not in found:
            found[kind] = Bounds(0, 0)
            spans.append((start, end))
    for pattern, kind, bounds in ((_LEFT_HURT, "injured", Bounds(1, 1)), (_MINOR, "injured", Bounds(1, None)),
                                  (_DIED, "killed", Bounds(1, None))):
        m = pattern.search(sentence)
        if m and kind not in found:
            found[kind] = bounds
            spans.append((m.start(), m.end()))
    attackers_killed = _sum(attackers) if attackers else Bounds()
    span = min(spans) if spans else min(attacker_spans, default=None)   # "two attackers were killed"
    return Toll(found.get("killed", Bounds()), found.get("injured", Bounds()), attackers_killed, span)

