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
    r"|\b(?:no\s*(?:one|body)|nobody|none)(?:\s+else)?\s+(?:was|were|got|has\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:hurt|injured|wounded|harmed)\b"
    r"|\bcaus\w*\s+no\s+(?:casualties|injuries|damage)\b", re.I)
_ZERO_KILLED = re.compile(
    r"\b(?:no\s*(?:one|body)|nobody|none)(?:\s+else)?\s+(?:(?:was|were|has\s+been|had\s+been)\s+(?:\w+ly\s+)?killed|died)\b"
    r"|\bno\s+(?:[\w-]+\s+){0,2}?(?:deaths|fatalities)\b|\bno\s+lives\s+were\s+lost\b", re.I)
_ZERO_SUBGROUP = re.compile(
    r"\bno\s+(?:[\w'’.-]+\s+){0,3}?(?:were|was)\s+(?:\w+ly\s+)?(?P<kind>killed|dead|injured|wounded|hurt)\b", re.I)
_MINOR = re.compile(r"\bminor injuries\b|\blightly (?:injured|wounded)\b", re.I)
_DIED = re.compile(r"\b(?:later died|died of|died from|succumbed)\b", re.I)


_MORE = {"another", "additional", "further", "an", "a"}   # "another 3", "an additional four", "a further two"
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {**{w: n for n, w in enumerate(_UNITS, 1)}, **{w: n for n, w in enumerate(_TEENS, 10)},
                **{w: n for n, w in zip(range(20, 100, 10), _TENS_WORDS)}, "a": 1, "an": 1}
_TENS = set(range(20, 100, 10))
_SCALES = {"hundred": 100, "thousand": 1000}
_UNIT_AFTER_TENS = re.compile(r"[-\s](" + "|".join(_UNITS) + r")\b", re.I)
_SCALE = re.compile(r"\s+(hundred|thousand)\b(?!s)", re.I)
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
        if not m:
            return None
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
        if found is not None:
            bounds, j = found
            singular = None
        elif low in self.words["singular_determiners"]:
            bounds, j, singular = Bounds(1, 1), i, True
        else:
            return None
        k = j
        while k + 1 < len(self.toks) and k + 1 - j <= _MAX_NP and self._np_word(k + 1):
            k += 1
        head = self.toks[k][1] if k > j else ""
        if singular and (not head or not self._singular(head)):
            return None
        return _Group(bounds, head, start, self.toks[k][3])

    def _subset(self, g: _Group) -> bool:
        """ "four of them", "two of whom": part of the group before, not more people."""
        i = next((x for x in range(len(self.toks)) if self.toks[x][2] >= g.start), len(self.toks))
        following = [t[1] for t in self.toks[i:i + 4]]
        return "of" in following and any(w in following for w in ("them", "whom", "those", "these"))

    def _group_before(self, k: int, written_only: bool) -> _Group | None:
        """A count group ending at token ``k``: "14 people", "more than 30", "the pilot"."""
        head = self.toks[k][1] if k >= 0 and self._np_word(k) else ""
        j = k
        while j >= 0 and k - j <= _MAX_NP:
            found = self._count_at(j)
            if found is not None and found[1] <= k:
                bounds, last = found
                start = j
                for back in (1, 2, 3):      # "at least 54", "more than 100", "as many as"
                    earlier = self._count_at(j - back) if j - back >= 0 else None
                    if earlier is not None and earlier[1] == last:
                        bounds, start = earlier[0], j - back
                if written_only and self.toks[start][1] in ("a", "an"):
                    return None          # "a bomb killed ...": the bomb is no victim
                if last < k and not all(self._np_word(x) or self.toks[x][1] == "and" for x in range(last + 1, k + 1)):
                    return None
                return _Group(bounds, head if last < k else "", self.toks[start][2], self.toks[k][3])
            low = self.toks[j][1]
            if low in self.words["singular_determiners"] and j < k and not written_only:
                if head and self._singular(head):
                    return _Group(Bounds(1, 1), head, self.toks[j][2], self.toks[k][3])
                return None
            if not self._np_word(j) and not (low == "and" and j < k):
                return None      # "scores of soldiers and volunteers" is one group
            j -= 1
        return None

    # -- readings ------------------------------------------------------------
    def _forward(self, kind: str, i: int) -> tuple[list[_Group], int] | None:
        s = i + 1
        if s < len(self.toks) and self.toks[s][1] == "of":
            s += 1               # "the killing of four police officers"
        while s + 1 < len(self.toks) and self.toks[s][1] in _MORE and (
                self.toks[s + 1][1] in _MORE - {"a", "an"} or self._count_at(s + 1) is not None):
            s += 1               # "injuring another 3", "killing an additional four"
        groups: list[_Group] = []
        while len(groups) < _MAX_GROUPS:
            g = self._group_after(s)
            if g is None:
                break
            groups.append(g)
            s = next((x for x in range(s, len(self.toks)) if self.toks[x][2] >= g.end), len(self.toks))
            if g.head in self.words["whole_heads"] and s < len(self.toks) and self.toks[s][1] == ",":
                break            # "killing six people, two soldiers and four civilians": a breakdown follows
            nxt = self._group_after(s + 1) if s < len(self.toks) and self.toks[s][1] in ("and", ",") else None
            if nxt is not None and not self._subset(nxt) and nxt.head not in self.words["auxiliaries"] and (
                    self.toks[s][1] == "and" or (self._count_at(s + 1) is not None and self.toks[s + 1][1] not in ("a", "an"))):
                s += 1           # "six policemen and their driver"; after a comma only a written count
                continue
            break
        return (groups, i) if groups else None

    def _backward(self, kind: str, i: int) -> tuple[list[_Group], bool] | None:
        low = self.toks[i][1]
        k, also, aux = i - 1, False, False
        if low == "death" and k >= 0 and self.toks[k][1] == "to":
            k -= 1               # "hacked 22 villagers to death"
        while k >= 0 and self.toks[k][1] in self.words["auxiliaries"]:
            also = also or self.toks[k][1] == "also"
            aux = True
            k -= 1
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
                return None
        written_only = low in self.words["active"] and not aux
        groups: list[_Group] = []
        while k >= 0 and len(groups) < _MAX_GROUPS:
            g = self._group_before(k, written_only)
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
            if first >= 2 and self.toks[first - 1][1] in ("and", ","):
                k = first - 2
                continue
            break
        return (groups, also) if groups else None

    def _finding(self, kind: str, groups: list[_Group], also: bool, end: int) -> _Finding:
        victims, attackers = [], []
        for g in groups:
            if g.head in self.words["attackers"] or (also and g.head in self.words["fighters"]):
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
                if got is None and low in words[kind + "_backward"]:
                    back = self._backward(kind, i)
                    if back is not None:
                        got = self._finding(kind, back[0], back[1], end)
                if got is not None:
                    out.append(got)
                    break
        return out

    def toll_total(self) -> tuple[Bounds, int, int] | None:
        """ "the death toll rose to 46", "the toll from ... climbed to 7"."""
        for i, tok in enumerate(self.toks):
            if tok[1] != "toll":
                continue
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


def toll_words() -> frozenset[str]:
    """Words that report people killed or hurt ("killed", "wounded", "dead", ...)."""
    return _words()["kind_words"]


def read_toll(sentence: str) -> Toll:
    """Killed, injured and attackers killed stated in one sentence (``Toll()`` when none)."""
    reader = _Reader(sentence)
    found: dict[str, Bounds] = {}
    spans: list[tuple[int, int]] = []
    attackers: list[Bounds] = []
    findings = reader.findings()
    for f in findings:
        if f.attackers.known:
            attackers.append(f.attackers)
        if f.bounds.known and f.kind not in found:
            found[f.kind] = f.bounds
            spans.append((f.start, f.end))
    total = reader.toll_total()
    if total is not None:
        found["killed"] = total[0]
        spans.append((total[1], total[2]))
    for kind, start, end in reader.zeros:
        if kind.startswith("subgroup-"):
            kind = kind[len("subgroup-"):]
        if kind not in found:
            found[kind] = Bounds(0, 0)
            spans.append((start, end))
    for pattern, kind, bounds in ((_MINOR, "injured", Bounds(1, None)), (_DIED, "killed", Bounds(1, None))):
        m = pattern.search(sentence)
        if m and kind not in found:
            found[kind] = bounds
            spans.append((m.start(), m.end()))
    attackers_killed = _sum(attackers) if attackers else Bounds()
    span = min(spans) if spans else None
    return Toll(found.get("killed", Bounds()), found.get("injured", Bounds()), attackers_killed, span)

