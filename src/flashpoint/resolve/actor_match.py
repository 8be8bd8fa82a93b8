"""Resolving a mention to an actor: the rules ``ActorRegistry`` answers with.

``_Matcher`` holds the look-ups over the registry's tables (built in
``ActorRegistry.__init__``): ``resolve`` (exact alias, "<actor> <body>", head-noun patterns,
fuzzy match, the longest alias inside), ``named`` and ``person`` for groups and people the
registry lacks, ``state_forces`` for "the government" as the one who strikes, and
``resolve_speaker`` with the title words around a source ("Iran's foreign minister").
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from ..records import ActorRef, Evidence
from .actor_words import member_words
from .actor_files import _as_list
from .actor_names import _ARTICLE, _COUNT, _NAME_PARTICLES, _NOT_PERSON, _POLICE, _STATE_WORDS, normalise

FUZZY_CUTOFF = 92
FUZZY_MIN_CHARS = 8           # shorter strings are too close to each other to fuzz safely
MAX_NGRAM = 8
MAX_NAME_WORDS = 12          # "Front for the Liberation of the Enclave of Cabinda"


class _Matcher:
    """Resolution over the tables of an ``ActorRegistry``."""

    def resolve(self, text: str, *, context: str = "", country_hint: str | None = None,
                evidence: Evidence | None = None) -> ActorRef:
        """The canonical actor a mention names; ``id=None`` when nothing matches."""
        found = self._match(text, context, country_hint)
        if found is None:
            return ActorRef(id=None, name=text, text=text, evidence=evidence)
        actor_id, rule = found
        return self._ref(actor_id, text, rule, evidence)

    def named(self, text: str, evidence: Evidence | None = None) -> ActorRef | None:
        """A named group the registry lacks, kept rather than dropped: "the Kayin Liberation
        Front" -> ActorRef(id="kayin_liberation_front", type="armed_group"). The type comes from
        its words (titles.yaml named_groups): a force word beside a state's name or demonym is
        that state's force ("Nigerien National Guard"), a group word without one an armed group
        ("Arakan Army"). None unless the text is a capitalised name with such a word."""
        kind = self._group_kind(text)
        if kind is None:
            return None
        group_type, country = kind
        name = _ARTICLE.sub("", text.strip(" ,.;:'\"")).strip()
        slug = normalise(name).replace(" ", "_")
        if slug in self.actors:
            return self._ref(slug, text, "alias", evidence)
        if evidence is not None:
            evidence = evidence.replace(rule=f"{evidence.rule}+actors.named" if evidence.rule else "actors.named")
        return ActorRef(id=slug, name=name, text=text, type=group_type, country=country, evidence=evidence)

    def person(self, text: str, evidence: Evidence | None = None) -> ActorRef | None:
        """A named person the registry lacks, kept as the one who acted (a lone attacker): "Mir
        Qazi opened fire" -> ActorRef(id="mir_qazi", type="person"). None unless the text is a
        name of two to five capitalised words (particles such as "de", "al", "van" allowed)."""
        name = _ARTICLE.sub("", text.strip(" ,.;:'\"")).strip()
        words = name.split()
        if not 2 <= len(words) <= 5 or any(w.lower() in self._joiners for w in (words[0], words[-1])):
            return None
        if not all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words) or any(c.isdigit() for c in name):
            return None
        if words[-1].lower() in _NOT_PERSON or self._group_kind(name) is not None or self._spans(name):
            return None        # "the Kayin Liberation Front", "Nigerian Army": a group, not a person
        if evidence is not None:
            evidence = evidence.replace(rule=f"{evidence.rule}+actors.person" if evidence.rule else "actors.person")
        return ActorRef(id=normalise(name).replace(" ", "_"), name=name, text=text, type="person", evidence=evidence)

    def _group_kind(self, text: str) -> tuple[str, str | None] | None:
        """(type, country) of a capitalised group name, or None when the text is no such name."""
        words = [w for w in re.split(r"[\s,]+", _ARTICLE.sub("", text.strip())) if w]
        if len(words) < 2 or len(words) > MAX_NAME_WORDS:
            return None
        content = [w for w in words if w.lower() not in self._joiners]
        if not content or not all(w[:1].isupper() or w[:1].isdigit() for w in content):
            return None
        if content[-1].lower() in _NOT_PERSON:
            return None          # "Army Public School", "Police Hospital": a place named after a body
        low = {normalise(w).replace(" ", "") for w in content}
        grams = [(span, self.actors[ids[0]]) for span in self._spans(text) for ids in [span[2]]]
        states = [(s, a) for s, a in grams if a["type"] == "state"]
        tokens = [t for t in re.split(r"\s+", normalise(text, False)) if t]
        by_demonym = next((a["country"] for (i, j, _), a in states
                           if " ".join(tokens[i:j]).lower() in {normalise(d) for d in a.get("demonyms") or []}), None)
        by_name = next((a["country"] for _, a in states), None)
        groups = self._group_words
        if low & groups.get("armed_group", set()):
            return "armed_group", by_demonym
        if low & groups.get("police", set()):
            return "military", by_demonym or by_name
        if low & groups.get("state_forces", set()):
            return ("military", by_demonym or by_name) if by_demonym or by_name else ("armed_group", None)
        if low & groups.get("government", set()):
            return "government", by_demonym or by_name
        if low & groups.get("organization", set()):
            return "organization", by_demonym
        return None

    def state_forces(self, text: str, country: str | None, evidence: Evidence | None = None) -> ActorRef | None:
        """"the government", "the regime", "the junta" as the one who strikes: the armed forces
        of the country the article is about; None for other words or an unknown country."""
        if normalise(text) not in _STATE_WORDS or country not in self._armed_forces:
            return None
        return self._ref(self._armed_forces[country], text, "state_forces", evidence)

    def resolve_speaker(self, text: str, sentence: str = "", evidence: Evidence | None = None) -> ActorRef | None:
        """The actor a source speaks for: a person's ``speaks_for``, or what their title names."""
        found = self._match(text, sentence, None, fuzzy=True)
        if found and self.actors[found[0]]["type"] == "person":
            person = self.actors[found[0]]
            if person.get("speaks_for"):
                return self._ref(person["speaks_for"], text, "speaks_for", evidence)
        title = self._title_context(text, sentence)
        actor_id = self._from_title(title) if title else None
        if actor_id:
            return self._ref(actor_id, text, "title", evidence)
        if found and (found[1] != "contains" or self.actors[found[0]]["type"] == "person"):
            return self._ref(found[0], text, found[1], evidence)
        return None

    def _ref(self, actor_id: str, text: str, rule: str, evidence: Evidence | None) -> ActorRef:
        a = self.actors[actor_id]
        country = a.get("country") or (self._country_in(text, _as_list(a.get("backed_by"))) if a.get("generic") else None)
        if evidence is not None:
            evidence = evidence.replace(rule=f"{evidence.rule}+actors.{rule}" if evidence.rule else f"actors.{rule}")
        return ActorRef(id=actor_id, name=a["name"], text=text, type=a["type"], country=country, evidence=evidence)

    def _match(self, text: str, context: str, hint: str | None, fuzzy: bool = True) -> tuple[str, str] | None:
        low, kept = normalise(text), normalise(text, False)
        if not low:
            return None
        counted = _COUNT.match(low)
        if counted and counted.end() < len(low):      # "12 Chadian soldiers" are Chadian soldiers
            low = low[counted.end():]
            kept = " ".join(kept.split()[len(counted.group(0).split()):])
        ids = self._exact.get(kept) or self._lower.get(low)
        if ids:
            picked = self._pick(ids, context, hint)
            if self.actors[ids[0]].get("generic") and hint in self._police and _POLICE.search(low):
                picked = self._police[hint]          # "policemen" in a Kenyan story: Kenya's police
            return picked, "alias"
        body = self._body(low)
        if body:
            return body, "body"
        for pattern, actor_id in self._patterns:
            if pattern.search(low):
                return self._specific(actor_id, hint), "head_noun"
        member = self._member_group(low, kept)
        if member is not None:
            return member, "member"
        if fuzzy and len(low) >= FUZZY_MIN_CHARS:
            hit = self._near_key(low)
            if hit:
                return self._pick(self._lower[hit[0]], context, hint), "fuzzy"
        spans = self._spans(text)
        if spans:
            best = max(spans, key=lambda s: (s[1] - s[0], -s[0]))
            if self.actors[best[2][0]]["type"] == "state" and self._group_kind(text) is not None:
                return None       # "the Malian Liberation Front" is not Mali: named() keeps it
            words = [t for t in re.split(r"\s+", normalise(text, False)) if t]
            if self.actors[best[2][0]]["type"] == "state" and best[1] < len(words) and words[-1].lower() in member_words().against_state:
                # "Syrian rebels", "suspected Ugandan rebels", "Iraqi insurgents": who fights the
                # state (or from it), not the state; the description they are, if the registry has one
                ids = self._lower.get(words[-1].lower())
                return (ids[0], "head_noun") if ids else None
            return self._pick(best[2], context, hint), "contains"
        return None

    def _member_group(self, low: str, kept: str) -> str | None:
        """'EPL guerrillas', 'MNLF fighters': a registry group's exact name before a word for its
        members is that group, before any fuzzy look-up reads the whole phrase as another group's
        alias one letter away ('ELN guerrillas')."""
        words, cased = low.split(), kept.split()
        if len(words) < 2 or words[-1] not in member_words().after_name or len(cased) != len(words):
            return None
        ids = self._exact.get(" ".join(cased[:-1])) or self._lower.get(" ".join(words[:-1]))
        ids = [i for i in ids or () if not self.actors[i].get("generic") and self.actors[i]["type"] == "armed_group"]
        return ids[0] if ids else None

    def _near_key(self, low: str) -> tuple | None:
        """The alias nearest ``low`` above ``FUZZY_CUTOFF`` (rapidfuzz over every alias, the
        costliest step of a look-up), kept by text: the same phrases come back in every article."""
        if low not in self._nearest:
            if len(self._nearest) >= 50_000:
                self._nearest.clear()
            self._nearest[low] = process.extractOne(low, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self._nearest[low]

    def _pick(self, ids: list[str], context: str, hint: str | None) -> str:
        """One id from an ambiguous alias: by country hint, then countries named in the context."""
        if len(ids) > 1:
            countries = [hint] if hint else []
            countries += [c for c in (self._country_in(context),) if c]
            for c in countries:
                for i in ids:
                    if self.actors[i].get("country") == c:
                        return self._specific(i, hint)
        return self._specific(ids[0], hint)

    def _specific(self, actor_id: str, hint: str | None) -> str:
        """A generic security-force actor becomes the hinted country's armed forces."""
        a = self.actors[actor_id]
        if a.get("generic") and a["type"] == "military" and hint in self._armed_forces:
            return self._armed_forces[hint]
        return actor_id

    def _body(self, low: str) -> str | None:
        """'<actor> <body>': "US officials" -> united_states, "Chadian troops" -> chad_army."""
        for words, kind in self._bodies:
            if low.endswith(" " + words):
                head = low[: -len(words) - 1].strip()
                head = re.sub(r"^(?:senior|top|local|some|other|two|several|unnamed|anonymous)\s+", "", head)
                if head in self._modifiers:
                    return self._modifiers[head]
                ids = self._lower.get(head) or self._exact.get(head.upper())
                if not ids:
                    return None
                a = self.actors[ids[0]]
                if kind == "armed_forces" and a["type"] == "state":
                    return self._armed_forces.get(a["country"], a["id"])
                return a["id"]
        return None

    def _spans(self, text: str) -> list[tuple[int, int, list[str]]]:
        """Every alias inside the text as (first token, end token, ids), longest first, no overlaps."""
        tokens = [t for t in re.split(r"\s+", normalise(text, False)) if t]
        found = []
        for n in range(min(MAX_NGRAM, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                gram = " ".join(tokens[i:i + n])
                ids = self._exact.get(gram) or self._lower.get(gram.lower())
                if ids and not any(s < i + n and i < e for s, e, _ in found):
                    ids = [x for x in ids if not self.actors[x].get("generic") and gram not in self._skip[x]]
                    if ids:
                        found.append((i, i + n, ids))
        return found

    def _country_in(self, text: str, skip: list[str] = ()) -> str | None:
        for _, _, ids in sorted(self._spans(text)) if text else []:
            if self.actors[ids[0]]["type"] == "state" and ids[0] not in skip:
                return self.actors[ids[0]]["country"]
        return None

    # ---- titles --------------------------------------------------------------------
    def _title_context(self, text: str, sentence: str) -> str:
        """The text plus the title words around it in the sentence ("Iran's foreign minister, X")."""
        at = sentence.find(text) if text and sentence else -1
        if at < 0:
            return text
        before = sentence[:at]
        parts = re.split(r"[,;:\"\u201c\u201d()]", before)
        left = parts[-1] if parts[-1].strip() or len(parts) < 2 else parts[-2]
        after = sentence[at + len(text):]
        m = re.match(r"\s*,\s*([^,.;]{3,80}?)\s*(?:[,.;]|$)", after)
        right = m.group(1) if m and set(normalise(m.group(1)).split()) & self._roles else ""
        return ", ".join(p for p in (left.strip(), text, right) if p)

    def _from_title(self, title: str) -> str | None:
        low = normalise(title)
        for part in re.split(r"[,;]", title):
            words = normalise(part).split()
            while words and words[0] in {"a", "an", "the", "said", "says", "one", "another"}:
                words = words[1:]
            body = self._body(" ".join(words)) if len(words) > 1 else None
            if body:
                return body
        for phrase, actor_id in self._fixed:
            if re.search(rf"\b{re.escape(phrase)}\b", low):
                return actor_id
        tokens = normalise(title, False).split()
        if not set(t.lower() for t in tokens) & {w for r in self._roles for w in r.split()}:
            return None
        spans = sorted(self._spans(title))
        keep = []
        for start, end, ids in spans:
            if start > 0 and tokens[start - 1].lower() in self._not_after:
                continue
            if self.actors[ids[0]]["type"] == "person":
                continue
            keep.append((start, end, ids))
        # A demonym right before a group is a modifier: "the Iraqi Popular Mobilization Forces".
        for (s1, e1, ids1), (s2, _, ids2) in zip(keep, keep[1:]):
            if e1 == s2 and self.actors[ids1[0]]["type"] == "state" and self.actors[ids2[0]]["type"] != "state":
                keep.remove((s1, e1, ids1))
                break
        for start, end, ids in keep:
            return ids[0]
        head = " ".join(tokens[:1]).lower()
        return self._modifiers.get(head)
