"""Counts and the noun phrases that carry them, for the toll reader.

``_Phrases`` holds one sentence: its zeros ("no one was hurt") found and masked, ages,
aims and abbreviations masked, and its tokens. Its methods read the pieces a clause is
made of: a count at a token ("at least 54", "twenty-one", "two hundred and fifty"), and
a group of people after or before a token ("nine soldiers", "his wife and son", a named
person, "him"). ``_sum`` adds bounds. The clause readers that use them are in
``toll_clauses``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Bounds
from .toll_vocab import (_ABBREVIATION, _AGE, _AGE_ASIDE, _AGE_WORD, _AIM, _AS_WELL_AS, _DAYS, _FAMILY_OF, _KILLED_PHRASE,
                         _MAX_NP, _MONTHS, _PARENT_OF, _PREPOSITIONS, _TIMES, _TOKEN, _UNHARMED, _ZERO_BOTH, _ZERO_KILLED,
                         _ZERO_SUBGROUP, _words)

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {**{w: n for n, w in enumerate(_UNITS, 1)}, **{w: n for n, w in enumerate(_TEENS, 10)},
                **{w: n for n, w in zip(range(20, 100, 10), _TENS_WORDS)}, "a": 1, "an": 1}
_TENS = set(range(20, 100, 10))
_SCALES = {"hundred": 100, "thousand": 1000}
_UNIT_AFTER_TENS = re.compile(r"[-\s](" + "|".join(_UNITS) + r")\b", re.I)
_SCALE = re.compile(r"(?:\s+|\s*-\s*)(hundred|thousand)\b(?!s)", re.I)
# "Two policemen and as many civilians": the second group has the first one's count
_AS_MANY = re.compile(r"(?<![\w-])(?P<n>\d{1,4}|" + "|".join(_UNITS + _TEENS + _TENS_WORDS) + r")\s+(?:[\w'’-]+\s+){1,4}?and\s+"
                      r"(?P<as>as\s+many)\s+(?!as\b|more\b|again\b)", re.I)
_AND_TAIL = re.compile(r"\s+(?:and\s+)?(\d{1,2}|" + "|".join(_UNITS + _TEENS + _TENS_WORDS) + r")\b", re.I)


@dataclass(frozen=True)
class _Group:
    bounds: Bounds
    head: str
    start: int
    end: int


def _sum(bounds) -> Bounds:
    lo, hi = 0, 0
    for b in bounds:
        lo = None if lo is None or b.min is None else lo + b.min
        hi = None if hi is None or b.max is None else hi + b.max
    return Bounds(lo, hi)


class _Phrases:
    """One sentence, masked and tokenised, and the counts and groups read at its tokens."""

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
        for pattern in (_AIM, _AGE_ASIDE, _PARENT_OF):
            for m in pattern.finditer(masked):
                masked = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
        for m in _ABBREVIATION.finditer(masked):   # "Lt. Col.", "U.S.": no sentence stops inside a name
            masked = masked[:m.start()] + m.group().replace(".", "") + " " * m.group().count(".") + masked[m.end():]
        for m in _FAMILY_OF.finditer(masked):     # "a family of six": six people
            told = m.group("n") + " family"
            masked = masked[:m.start()] + told + " " * (m.end() - m.start() - len(told)) + masked[m.end():]
        for m in _AS_MANY.finditer(masked):       # "two soldiers and as many civilians": two civilians
            n = m.group("n")
            told = n if n.isdigit() else str(_WORD_VALUES[n.lower()])
            masked = masked[:m.start("as")] + told + " " * (m.end("as") - m.start("as") - len(told)) + masked[m.end("as"):]
        for m in _AS_WELL_AS.finditer(masked):     # "two soldiers, as well as two civilians": and
            masked = masked[:m.start()] + " and" + " " * (m.end() - m.start() - 4) + masked[m.end():]
        for m in _KILLED_PHRASE.finditer(masked):  # "fatally shot", "gunned down": killed
            word = "killing" if m.group().endswith("ing") else "killed"   # "fatally shooting": killing
            masked = masked[:m.start()] + word + " " * (m.end() - m.start() - len(word)) + masked[m.end():]
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

    def _token_from(self, char: int, i: int = 0) -> int:
        """The first token from ``i`` on that starts at or after character ``char`` (the token
        after a group that ends there), or the number of tokens when none does."""
        return next((x for x in range(i, len(self.toks)) if self.toks[x][2] >= char), len(self.toks))

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
        if low == "all" and i + 1 < len(self.toks) and self.toks[i + 1][1] not in ("a", "an") \
                and self._count_at(i + 1) is not None:
            i += 1               # "and all nine crew members"
        found = self._count_at(i)
        if found is None and low in self.words["singular_determiners"] and i + 1 < len(self.toks):
            n = i + 2 if self.toks[i + 1][1] in ("other", "remaining") and i + 2 < len(self.toks) else i + 1
            found = self._count_at(n)            # "wounding the three passengers", "the other two"
            if found is not None and self.toks[n][1] in ("a", "an"):
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
        if singular and k == j + 1 and low != "the" and self.toks[k][1] == "parents":
            return _Group(Bounds(2, 2), "parents", start, self.toks[k][3])   # "wounding his parents"
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

    def _small_clause(self, i: int) -> bool:
        """Whether the phrase at token ``i`` opens a clause with no verb of its own after
        "leaving" or after another toll ("leaving a soldier dead", "two dead and an officer
        injured"): its "a" is a count."""
        if i >= 1 and self.toks[i - 1][1] in ("leaving", "left", "leaves", "leave"):
            return True
        return i >= 2 and self.toks[i - 1][1] == "and" and self.toks[i - 2][1] in self.words["kind_words"]

    def _subset(self, g: _Group) -> bool:
        """ "four of them", "two of whom": part of the group before, not more people."""
        i = self._token_from(g.start)
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
            if found is not None and found[1] <= k and j >= 2 and self.toks[j][1] in ("a", "an") and j < k \
                    and reach > _MAX_NP and self.toks[j - 1][1].endswith("ing") and self._np_word(j - 1) \
                    and self.toks[j - 1][0].islower():
                crossed.add(j)
                j -= 1           # "Five policemen manning a checkpoint were killed": the count is further back
                continue
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
                if written_only and self.toks[start][1] in ("a", "an") and last == start \
                        and not self._small_clause(start):
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
                if head == "parents" and k == j + 1 and low != "the":
                    return _Group(Bounds(2, 2), head, self.toks[j][2], self.toks[k][3])   # "their parents"
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
