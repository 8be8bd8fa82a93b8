"""The toll reader's clause readers: who a toll word says were killed or hurt.

``_Clauses`` adds to ``_Phrases`` (toll_counts) the two readings of a toll word: forward,
the groups after it ("killing 9 soldiers and their driver", "wounding him"), and
backward, the groups before it ("14 people were killed", "Three policemen, two civilians
and four guerrillas died", "the driver was also wounded"); and the running total ("the
death toll rose to 46"). ``toll`` turns these readings into a sentence's ``Toll``.
"""

from __future__ import annotations

from ..records import Bounds
from .toll_counts import _Group, _Phrases
from .toll_vocab import _DAYS, _MAX_GROUPS, _MAX_NP, _MAX_NP_PASSIVE, _MONTHS

_MORE = {"another", "additional", "further", "other", "an", "a"}   # "another 3", "an additional four", "a further two"


def _sum_exact(groups: list[_Group]) -> int | None:
    """The sum of the groups' counts when each is exact, else None."""
    if any(g.bounds.min is None or g.bounds.min != g.bounds.max for g in groups):
        return None
    return sum(g.bounds.min for g in groups)


class _Clauses(_Phrases):
    """A sentence's toll words read forward and backward, and its running total."""

    def _forward(self, kind: str, i: int, along: int | None = None) -> tuple[list[_Group], int] | None:
        """The groups after toll word ``i``; ``along``: the token after its "along with"
        ("was killed along with his driver and three guards"), where a name counts too."""
        names = along is not None or not self._after_auxiliary(i)     # "was killed Ahmed" is no reading
        gerund = self.toks[i][1].endswith("ing")
        s = i + 1
        if along is not None:
            s = along            # "was killed along with his driver": the groups after "with"
        elif s < len(self.toks) and self.toks[s][1] == "of":
            s += 1               # "the killing of four police officers"
            if self.toks[i][1] in ("execution", "executions"):
                g = self._group_after(s) if self._count_at(s) is not None else None
                if g is None or g.head in self.words["not_people"]:
                    return None  # "the execution of two hostages", not "the execution of the plan"
        elif self.toks[i][1] in ("execution", "executions"):
            return None
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
        if self.toks[i][1] in ("dead", "deaths", "death") and s < len(self.toks):
            g = self._group_after(s)
            after = self._token_from(g.end, s) if g else 0
            if g is not None and not g.head and after < len(self.toks) and self.toks[after][1] in self.words["kind_words"]:
                return None      # "7 dead 5 injured": the 5 are the injured
        while len(groups) < _MAX_GROUPS:
            g = self._group_after(s)
            if g is None and names:
                g = (self._pronoun_after(s) if gerund else None) or self._name_after(s)
            if g is None:
                break
            groups.append(g)
            s = self._token_from(g.end, s)
            if s + 1 < len(self.toks) and self.toks[s][1] == "," and self.toks[s + 1][1] in ("including", "among"):
                # "killing 7 tourists, including four children, and a soldier": past the aside to
                # a group that an "and" adds
                x = next((x for x in range(s + 2, min(s + 12, len(self.toks))) if self.toks[x][1] == ","), None)
                if x is not None and x + 2 < len(self.toks) and self.toks[x + 1][1] == "and" \
                        and all(self._np_word(y) or self._count_at(y) or self.toks[y][1] == "and"
                                for y in range(s + 2, x)):
                    s = x + 1
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
            if len(groups) >= 2 and s + 1 < len(self.toks) and self.toks[s][1] == "," and self.toks[s + 1][1] == "and" \
                    and self.toks[s - 1][1] != ")":
                s += 1           # a list's last item after a comma: "two soldiers, a policeman, and a guard"
            nxt = self._group_after(s + 1) if s < len(self.toks) and self.toks[s][1] in ("and", ",") else None
            if nxt is None and names and s < len(self.toks) and (
                    self.toks[s][1] == "and" or self.toks[s][1] == "," and g.head[:1].isupper()):
                nxt = self._name_after(s + 1)        # "killing bin Laden and his courier", "killing X, Y and Z"
                if nxt is not None and self.toks[s][1] == ",":
                    groups.append(nxt)
                    s = self._token_from(nxt.end, s)
                    if s < len(self.toks) and self.toks[s][1] == "and" and (
                            self._group_after(s + 1) or self._name_after(s + 1)):
                        s += 1
                        continue
                    break
            if nxt is not None and self._opens_clause(nxt):
                break            # "killed one and two others were wounded": a clause of its own
            if nxt is not None and not self._subset(nxt) and nxt.head not in self.words["auxiliaries"] and (
                    self.toks[s][1] == "and" or (self._count_at(s + 1) is not None and self.toks[s + 1][1] not in ("a", "an"))
                    or self._list_goes_on(nxt)):
                s += 1           # "six policemen and their driver"; after a comma a written count, or a
                continue         # list that "and" closes ("two soldiers, a policeman and a guard")
            break
        return (groups, i) if groups else None

    def _list_goes_on(self, g: _Group) -> bool:
        """Whether group ``g``, after a comma, is an item of a list that an "and" closes
        ("killing two soldiers, a policeman, and a guard"): "and" and one more group follow it,
        and no verb of saying ("..., a spokesman and a witness said")."""
        x = self._token_from(g.end)
        if x < len(self.toks) and self.toks[x][1] == ",":
            x += 1
        if x + 1 >= len(self.toks) or self.toks[x][1] != "and":
            return False
        last = self._group_after(x + 1)
        if last is None or self._opens_clause(last):
            return False
        y = self._token_from(last.end, x + 1)
        return y >= len(self.toks) or self.toks[y][1] not in ("said", "says", "say", "told", "reported", "added")

    def _opens_clause(self, g: _Group) -> bool:
        """Whether group ``g`` is the subject of a verb of its own ("two others were wounded",
        "another was hurt", "three of her children were lightly injured")."""
        x = self._token_from(g.end)
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
            s = self._token_from(g.end, s)
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
        told: tuple[int, int] | None = None    # an "including" aside: the tokens it spans
        if k >= 2 and self.toks[k][0] == ")":
            # "Two people (a father and his son) were shot dead": the count is before the brackets
            x = next((x for x in range(k - 1, max(k - 20, 0), -1) if self.toks[x][0] in ("(", ")")), None)
            if x is not None and self.toks[x][0] == "(" and x >= 1 and self._group_before(x - 1, False) is not None:
                k = x - 1
        if k >= 1 and self.toks[k][1] == ",":
            # "12 people, including a British national, were killed": skip the aside; so too a
            # breakdown of the count before it ("Eight people, seven police officers and their
            # chief, were killed")
            aside = next((x for x in range(k - 1, max(k - 16, 0), -1)
                          if self.toks[x][1] in ("including", "among", "mostly", "most") and self.toks[x - 1][1] == ","
                          and self.toks[x - 1][2] > 0 and self._group_before(x - 2, False) is not None), None)
            for x in range(k - 1, max(k - 12, 0), -1):
                if aside is not None:
                    told = (aside + 1, k)
                    k = aside - 2    # "68 civilians, including ten children, three women and their babies, were"
                    break
                if self.toks[x][1] in ("including", "among", "mostly", "most") and self.toks[x - 1][1] == ",":
                    told = (x + 1, k)
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
            if g is None and groups and self.toks[k + 1][1] == "and":
                g = self._name_before(k, others=groups[0].head in ("others", "other"))
                if g is not None:
                    groups.insert(0, g)   # "Captain Ali Hassan and nine policemen were killed"
                break
            if g is None:
                break
            groups.insert(0, g)
            first = self._token_from(g.start)
            if first >= 2 and self.toks[first - 1][1] in ("including", "among"):
                # "12 people including 3 children were wounded": the count is the whole; so too
                # with the aside's closing comma left out ("Two soldiers, including an officer were")
                before = first - 3 if first >= 3 and self.toks[first - 2][1] == "," else first - 2
                whole = self._group_before(before, written_only)
                if whole is not None:
                    groups, told = [whole], (first, subject_end + 1)
                break
            if first >= 3 and self.toks[first - 1][1] == "and" and self._object_of_verb(first - 2):
                break            # "killed one and two others were wounded": "one" was the killed
            if first >= 2 and (self.toks[first - 1][1] == "and" or self.toks[first - 1][1] == "," and joined):
                joined = joined or self.toks[first - 1][1] == "and"
                k = first - 2    # "Three policemen, two civilians and four guerrillas"; a comma only
                continue         # inside a list that an "and" closes ("During the attack, three ...")
            break
        if len(groups) >= 3 and groups[0].head in self.words["whole_heads"]:
            whole, parts = groups[0].bounds, _sum_exact(groups[1:])
            first = self._token_from(groups[0].end)
            if parts is not None and whole.min == parts and whole.max in (parts, None) \
                    and first < len(self.toks) and self.toks[first][1] == ",":
                groups = groups[:1]   # "Three people, a soldier and two civilians, were killed": a breakdown
        if not groups:
            # "29 civilians including women and children were killed", "Twelve people, including
            # the president and his aide are killed": the count before "including" is the whole
            x = next((x for x in range(subject_end, max(subject_end - 14, 0), -1)
                      if self.toks[x][1] in ("including", "among")), None)
            if x is not None and x >= 1:
                before = x - 2 if self.toks[x - 1][1] == "," else x - 1
                whole = self._group_before(before, written_only, plural, reach) if before >= 0 else None
                if whole is not None and self._count_at(self._token_from(whole.start)) is not None:
                    groups, told = [whole], (x + 1, subject_end + 1)
        if not groups and not plural and (singular or low in ("died", "dies", "perished")):
            one = self._singular_subject(subject_end, strict=not singular)
            if one is not None:
                groups = [one]
        if len(groups) == 1 and told is not None:
            groups = self._less_the_attackers(groups[0], *told)
        return (groups, also) if groups else None

    def _less_the_attackers(self, whole: _Group, start: int, end: int) -> list[_Group]:
        """ "Eleven people, including six attackers, were killed": the attackers the aside from
        token ``start`` to ``end`` names are counted apart from the whole's victims."""
        sides = self.words["attackers"] | self.words["fighters"]
        found, y = [], start
        while y < min(end, len(self.toks)):
            g = self._group_after(y)
            if g is not None and g.head in sides and g.bounds.min is not None and g.bounds.min == g.bounds.max:
                found.append(g)
                y = self._token_from(g.end, y)
            else:
                y += 1
        n = sum(g.bounds.min for g in found)
        b = whole.bounds
        if not found or b.min is None or b.min < n:
            return [whole]
        rest = Bounds(b.min - n, None if b.max is None else b.max - n)
        return [_Group(rest, whole.head, whole.start, whole.end), *found]

    def _name_before(self, k: int, others: bool) -> _Group | None:
        """A person's name ending at token ``k`` and opening the clause (at the sentence's start
        or after a comma or colon), first in a list of victims: "Colonel Tariq Aziz and two
        guards", "Ahmed and three others" (one word will do before "others"). Not a plural, a
        collective ("Police and 3 civilians"), a month or day, or letters in capitals ("US")."""
        x = k
        while x >= 0 and k - x < 8 and (self.toks[x][0][:1].isupper() or (
                x < k and self.toks[x][1] in ("of", "al", "bin", "ibn", "de", "del", "la", "el", "van", "von", "-"))):
            x -= 1
        if x == k or (x >= 0 and self.toks[x][1] not in (",", ":", ";")):
            return None
        words = [t for t in self.toks[x + 1:k + 1] if t[0][:1].isupper()]
        word, low = self.toks[k][0], self.toks[k][1]
        if not self.toks[x + 1][0][:1].isupper() or low in _MONTHS or low in _DAYS or word.isupper() \
                or not self._singular(low) or low in self.words["kind_words"] or low in self.words["stop"]:
            return None
        if len(words) < 2 and not others:
            return None
        if any(t[1] in self.words["stop"] or t[1] in self.words["attackers"] or t[1] in self.words["fighters"]
               for t in self.toks[x + 1:k + 1]):
            return None          # "The bomber and two others", "When gunmen and ..."
        return _Group(Bounds(1, 1), low, self.toks[x + 1][2], self.toks[k][3])

    def _object_of_verb(self, k: int) -> bool:
        """Whether the noun phrase ending at token ``k`` follows a forward toll word ("killed one")."""
        g = self._group_before(k, False, reach=_MAX_NP_PASSIVE)
        if g is None:
            return False
        first = self._token_from(g.start)
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

    def _partitive(self, i: int) -> bool:
        """ "three of the injured were police officers", "among the dead": the toll word names a
        group told before, and the count before it is a part of that group, no toll of its own."""
        return i >= 2 and self.toks[i - 1][1] == "the" and self.toks[i - 2][1] in ("of", "among")

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

