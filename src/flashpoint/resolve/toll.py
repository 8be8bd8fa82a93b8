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

The reading is in parts: ``toll_vocab`` (word lists and patterns), ``toll_counts``
(counts and noun phrases), ``toll_clauses`` (forward and backward readings, running
totals); this module joins them into findings and the sentence's ``Toll``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Bounds
from .toll_clauses import _Clauses
from .toll_counts import _Group, _sum
from .toll_vocab import _DIED, _LEFT_HURT, _MINOR, _WITH_ATTACKER, _words


@dataclass(frozen=True)
class Toll:
    """The figures of one sentence; ``span`` is (start, end) of the phrase that gave the first."""

    killed: Bounds = field(default_factory=Bounds)
    injured: Bounds = field(default_factory=Bounds)
    attackers_killed: Bounds = field(default_factory=Bounds)
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class _Finding:
    kind: str            # killed | injured
    bounds: Bounds
    attackers: Bounds    # the part of the figure that counts attackers
    also: bool           # "were also killed": a second, separate group
    start: int
    end: int


class _Reader(_Clauses):
    """A sentence's findings: each toll word read forward or backward, attackers apart."""

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
                        got = self._along_with(kind, i, got)
                if got is None and low in words[kind + "_forward"] and not self._after_auxiliary(i):
                    s = i + 2 if i + 1 < len(self.toks) and self.toks[i + 1][1] == "of" else i + 1
                    one = (self._pronoun_after(s) if low.endswith("ing") else None) or self._name_after(s)
                    if one is not None:
                        got = _Finding(kind, Bounds(1, 1), Bounds(), False, self.toks[i][2], one.end)
                if got is not None:
                    out.append(got)
                    break
        return out

    def _along_with(self, kind: str, i: int, f: _Finding) -> _Finding:
        """ "The mayor was killed along with his driver and two guards": the groups after
        "along with" are more victims of the same toll word."""
        if i + 3 >= len(self.toks) or [t[1] for t in self.toks[i + 1:i + 3]] != ["along", "with"] \
                or f.bounds.min is None:
            return f
        fwd = self._forward(kind, i, along=i + 3)
        if fwd is None:
            return f
        after = self._token_from(fwd[0][-1].end, i)
        if after < len(self.toks) and self.toks[after][1] in self.words["kind_words"] \
                or any(g.head in ("number", "numbers") for g in fwd[0]):
            return f             # "Four were killed along with 20 wounded": those are the wounded
        more = self._finding(kind, fwd[0], True, fwd[0][-1].end)   # fighters beside victims: attackers
        if not (more.bounds.known or more.attackers.known):
            return f
        bounds = _sum([f.bounds, more.bounds]) if more.bounds.known else f.bounds
        attackers = _sum([a for a in (f.attackers, more.attackers) if a.known]) if more.attackers.known else f.attackers
        return _Finding(kind, bounds, attackers, f.also, f.start, max(f.end, more.end))

    def left_with_wounds(self) -> tuple[Bounds, int, int] | None:
        """ "stabbed four people, leaving two with moderate wounds and two with minor wounds":
        the counts that "leaving" leaves with wounds or injuries, added up."""
        toks, total, start, end = self.toks, [], None, None
        for i, tok in enumerate(toks):
            if tok[1] not in ("leaving", "left") or total:
                continue
            s = i + 1
            while s < len(toks):
                found = self._count_at(s)
                if found is None:
                    break
                x = found[1] + 1
                if x + 1 < len(toks) and toks[x][1] == "of" and toks[x + 1][1] == "them":
                    x += 2
                if x >= len(toks) or toks[x][1] != "with":
                    break
                hurt = next((y for y in range(x + 1, min(x + 6, len(toks)))
                             if toks[y][1] in ("wounds", "injuries", "injury", "wound")), None)
                if hurt is None or not all(self._np_word(y) or toks[y][1] == "and" for y in range(x + 1, hurt)):
                    break
                total.append(found[0])
                start, end = start if start is not None else toks[s][2], toks[hurt][3]
                s = hurt + 1
                if s + 1 < len(toks) and toks[s][1] == "and":
                    s += 1
                else:
                    break
        return (_sum(total), start, end) if total else None

    def suffered_wounds(self) -> tuple[Bounds, int, int] | None:
        """ "Five people suffered light to moderate injuries", "three sustained bullet wounds":
        the group before a verb of suffering and, a few words on, its wounds or injuries."""
        toks = self.toks
        for i, tok in enumerate(toks):
            if tok[1] not in ("suffered", "sustained", "received") or i == 0:
                continue
            hurt = next((y for y in range(i + 1, min(i + 7, len(toks)))
                         if toks[y][1] in ("wounds", "injuries", "wound", "injury")), None)
            if hurt is None or not all(self._np_word(y) or toks[y][1] in ("to", "of", "and")
                                       for y in range(i + 1, hurt)):
                continue
            g = self._group_before(i - 1, False)
            if g is not None and g.bounds.known and g.head not in self.words["attackers"]:
                return g.bounds, g.start, toks[hurt][3]
        return None

    def _less_the_attacker(self, f: _Finding, at: int | None = None) -> _Finding:
        """ "killing 7 people, including the bomber", "Seven people, including the bomber, were
        killed": six victims and one attacker."""
        m = _WITH_ATTACKER.match(self.masked, f.end if at is None else at)
        b = f.bounds
        if m is None or b.min is None or b.min != b.max or b.min < 2 or f.attackers.known:
            return f
        return _Finding(f.kind, Bounds(b.min - 1, b.max - 1), Bounds(1, 1), f.also, f.start, max(f.end, m.end()))


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
        if f.attackers.known and f.kind == "killed":     # fighters wounded are no attackers killed
            attackers.append(f.attackers)
            attacker_spans.append((f.start, f.end))
        if f.bounds.known and f.kind not in found:
            found[f.kind] = _someone(f.bounds)
            spans.append((f.start, f.end))
        elif f.bounds.known and f.also and f.bounds.max != 0:
            # "two policemen are killed and a guard is also killed": a second group, added
            found[f.kind] = _sum([found[f.kind], _someone(f.bounds)])
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
    left = (reader.left_with_wounds() or reader.suffered_wounds()) if "injured" not in found else None
    if left is not None:
        found["injured"] = left[0]
        spans.append((left[1], left[2]))
    for pattern, kind, bounds in ((_LEFT_HURT, "injured", Bounds(1, 1)), (_MINOR, "injured", Bounds(1, None)),
                                  (_DIED, "killed", Bounds(1, None))):
        m = pattern.search(sentence)
        if m and kind not in found:
            found[kind] = bounds
            spans.append((m.start(), m.end()))
    attackers_killed = _sum(attackers) if attackers else Bounds()
    span = min(spans) if spans else min(attacker_spans, default=None)   # "two attackers were killed"
    return Toll(found.get("killed", Bounds()), found.get("injured", Bounds()), attackers_killed, span)

