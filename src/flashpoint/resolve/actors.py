"""Actor resolution against the registry in data/actors.yaml (plus user files).

    reg = ActorRegistry.default()
    reg.resolve("Kataeb Hizbollah")                    # -> ActorRef(id="kataib_hezbollah", ...)
    reg.resolve_speaker("Pentagon press secretary John Kirby", sentence)   # -> us_dod

Order of rules in ``resolve``: exact alias, "<actor> <body>" ("US officials"), head-noun
patterns for unnamed actors ("an Iran-backed militia group"), the longest alias inside the
text, then a fuzzy match (rapidfuzz, score >= 92) for transliterations. The rule that fired
is appended to the evidence's rule as ``+actors.<rule>``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from ..errors import ConfigError
from ..records import ActorRef, Evidence

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TYPES = {"state", "military", "government", "armed_group", "person", "organization", "igo", "civilians"}
LINKS = ("parents", "backed_by", "speaks_for")
FUZZY_CUTOFF = 92
FUZZY_MIN_CHARS = 8           # shorter strings are too close to each other to fuzz safely
MAX_NGRAM = 8
MAX_NAME_WORDS = 12          # "Front for the Liberation of the Enclave of Cabinda"
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


class ActorRegistry:
    """The actors, their aliases and links; resolves mentions to canonical actors."""

    def __init__(self, actors: list[dict], titles: dict):
        self.actors = {a["id"]: a for a in actors}
        self.titles = titles
        self._lower: dict[str, list[str]] = defaultdict(list)   # normalised alias -> ids
        self._exact: dict[str, list[str]] = defaultdict(list)   # case-kept alias -> ids (short caps)
        self._patterns: list[tuple[re.Pattern, str]] = []
        self._armed_forces: dict[str, str] = {}
        self._police: dict[str, str] = {}
        for a in actors:
            for alias in self.names(a["id"]):
                table, key = (self._exact, normalise(alias, False)) if _cased(alias) else (self._lower, normalise(alias))
                if key and a["id"] not in table[key]:
                    table[key].append(a["id"])
            for alias in self._any_case(a, titles):
                if a["id"] not in self._lower[normalise(alias)]:
                    self._lower[normalise(alias)].append(a["id"])
            self._patterns += [(re.compile(p), a["id"]) for p in a.get("patterns") or []]
            if a.get("role") in ("armed_forces", "police") and a.get("country"):
                (self._armed_forces if a["role"] == "armed_forces" else self._police).setdefault(a["country"], a["id"])
        self._skip = {a["id"]: {normalise(x, False) for x in a.get("ruler_skip") or []} for a in actors}
        self._ruler: list[dict] | None = None
        self._fuzzy_keys = [k for k in self._lower if len(k) >= FUZZY_MIN_CHARS]
        self._nearest: dict[str, tuple | None] = {}   # text -> its fuzzy hit, kept (see _near_key)
        bodies = titles.get("bodies") or {}
        self._bodies = sorted(((normalise(w), kind) for kind, words in bodies.items() for w in words),
                              key=lambda p: -len(p[0]))
        self._fixed = sorted(((normalise(k), v) for k, v in (titles.get("fixed") or {}).items()),
                             key=lambda p: -len(p[0]))
        self._modifiers = {normalise(k): v for k, v in (titles.get("modifiers") or {}).items()}
        self._roles = {normalise(r) for r in titles.get("roles") or []}
        self._group_words = {kind: {normalise(w) for w in words}
                             for kind, words in (titles.get("named_groups") or {}).items()}
        self._joiners = set(titles.get("name_joiners") or [])
        self._not_after = set(titles.get("not_after") or [])

    @staticmethod
    def _any_case(actor: dict, titles: dict) -> list[str]:
        """Acronyms listed under ``any_case`` also match lowercased text ("fmln", "urng")."""
        names = {actor["name"], *(actor.get("aliases") or [])}
        never = {w.lower() for w in titles.get("never_lowercase") or []}
        out = []
        for alias in actor.get("any_case") or []:
            if alias not in names:
                raise ConfigError(f"actor {actor['id']!r}: any_case alias {alias!r} is not one of its aliases; add it to aliases first")
            if normalise(alias) in never:
                raise ConfigError(f"actor {actor['id']!r}: {alias!r} is an English word in lower case "
                                  "(titles.yaml never_lowercase); keep it case-sensitive")
            out.append(alias)
        return out

    # ---- loading -------------------------------------------------------------------
    @classmethod
    def default(cls) -> "ActorRegistry":
        """The shipped registry, loaded once per process."""
        return _default()

    @classmethod
    def load(cls, paths: list[str | Path] | str | Path | None = None) -> "ActorRegistry":
        """The shipped registry overlaid by user YAML files of the same shape."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        actors: list[dict] = []
        seen: dict[str, str] = {}
        for path in [DATA_DIR / "actors.yaml", *(paths or [])]:
            for entry in _read_entries(Path(path)):
                if entry["id"] in seen:
                    if not entry.get("extend"):
                        raise ConfigError(f"{path}: actor id {entry['id']!r} is already defined in {seen[entry['id']]}; "
                                          "rename it, or add `extend: true` to add aliases and links to the existing one")
                    _merge(next(a for a in actors if a["id"] == entry["id"]), entry)
                    continue
                seen[entry["id"]] = str(path)
                actors.append(entry)
        actors = with_state_forces(actors, DATA_DIR / "state_forces.yaml")
        _check_links(actors, {a["id"]: "" for a in actors})
        titles = yaml.load((DATA_DIR / "titles.yaml").read_text(encoding="utf-8"), Loader=_Loader) or {}
        return cls(actors, titles)

    # ---- lookups -------------------------------------------------------------------
    def get(self, actor_id: str) -> dict:
        if actor_id not in self.actors:
            raise KeyError(f"no actor {actor_id!r} in the registry; see data/actors.yaml for the ids")
        return self.actors[actor_id]

    def names(self, actor_id: str) -> list[str]:
        a = self.actors[actor_id]
        return [a["name"], *(a.get("aliases") or []), *(a.get("demonyms") or []), *(a.get("metonyms") or [])]

    def ancestry(self, actor_id: str) -> list[tuple[str, str]]:
        """Every actor above this one, transitively, as (id, relation), nearest first."""
        out: list[tuple[str, str]] = []
        seen, queue = {actor_id}, [actor_id]
        while queue:
            a = self.get(queue.pop(0))
            for rel in LINKS:
                for up in _as_list(a.get(rel)):
                    if up not in seen:
                        seen.add(up)
                        out.append((up, rel))
                        queue.append(up)
        return out

    def ancestors(self, actor_id: str) -> list[str]:
        """Ids of parents, sponsors and spoken-for actors, transitively, nearest first."""
        return [i for i, _ in self.ancestry(actor_id)]

    def rows(self) -> list[dict]:
        """One row per actor for the store's actors table."""
        return [{"id": a["id"], "name": a["name"], "type": a["type"], "country": a.get("country"),
                 "aliases": self.names(a["id"])[1:],
                 "parents": [{"id": up, "relation": rel} for rel in LINKS for up in _as_list(a.get(rel))]}
                for a in self.actors.values()]

    def ruler_patterns(self) -> list[dict]:
        """spaCy EntityRuler token patterns for every alias, to run ahead of NER.

        Labels: PERSON (people), GPE (state names), NORP (demonyms, unnamed groups), ORG (the
        rest). Left out: metonyms (capitals are places first), ``ruler_skip``, lowercase
        aliases of generic actors ("gunmen"), one-word person aliases ("Austin") and aliases
        shared by several actors. Short all-caps aliases match only in capitals (ORTH), unless the
        actor lists them under ``any_case``. The state forces made from data/state_forces.yaml
        stay out too: the ruler keeps to the hand-written registry, so adding a country's police
        does not change how the parser reads a sentence.
        """
        if self._ruler is not None:
            return [dict(p) for p in self._ruler]
        import spacy

        tokenizer = spacy.blank("en").tokenizer
        out, seen = [], set()
        for a in self.actors.values():
            if a.get("generated"):
                continue      # state forces made from templates: resolved when asked, kept out of NER
            skip = set(a.get("ruler_skip") or []) | set(a.get("ruler_quiet") or [])
            any_case = set(a.get("any_case") or [])
            forms = [(x, "NORP") for x in a.get("demonyms") or []]
            default = {"person": "PERSON", "state": "GPE"}.get(a["type"], "NORP" if a.get("generic") else "ORG")
            forms += [(x, default) for x in [a["name"], *(a.get("aliases") or [])]]
            for alias, label in forms:
                if alias in skip or (a.get("generic") and alias.islower()):
                    continue
                table, key = (self._exact, normalise(alias, False)) if _cased(alias) else (self._lower, normalise(alias))
                if len(table.get(key, ())) > 1:
                    continue
                words = [t.text for t in tokenizer(alias)]
                if a["type"] == "person" and len(words) < 2:
                    continue
                for variant in {tuple(words), tuple(w.replace("'", "\u2019") for w in words)}:
                    attr = "ORTH" if _cased(alias) and alias not in any_case else "LOWER"
                    pattern = [{attr: w if attr == "ORTH" else w.lower()} for w in variant]
                    sig = (label, a["id"], repr(pattern))
                    if sig not in seen:
                        seen.add(sig)
                        out.append({"label": label, "pattern": pattern, "id": a["id"]})
        self._ruler = out
        return [dict(p) for p in out]

    # ---- resolution ----------------------------------------------------------------
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
        if fuzzy and len(low) >= FUZZY_MIN_CHARS:
            hit = self._near_key(low)
            if hit:
                return self._pick(self._lower[hit[0]], context, hint), "fuzzy"
        spans = self._spans(text)
        if spans:
            best = max(spans, key=lambda s: (s[1] - s[0], -s[0]))
            if self.actors[best[2][0]]["type"] == "state" and self._group_kind(text) is not None:
                return None       # "the Malian Liberation Front" is not Mali: named() keeps it
            return self._pick(best[2], context, hint), "contains"
        return None

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


def with_state_forces(actors: list[dict], path: Path) -> list[dict]:
    """The actors plus every state's armed forces and police from the templates in ``path``
    (data/state_forces.yaml): a state's existing force of that role gains the aliases it
    lacks; an alias another actor holds stays with it."""
    templates = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    holder = {normalise(n): a for a in actors for n in [a["name"], *(a.get("aliases") or [])]}
    taken = set(holder)
    by_role = {(a.get("role"), a.get("country")): a for a in actors if a.get("role") and a["type"] != "state"}
    ids = {a["id"] for a in actors}
    out = list(actors)
    for state in [a for a in actors if a["type"] == "state" and a.get("country")]:
        demonyms = [d for d in state.get("demonyms") or [] if not _plural(d, state.get("demonyms") or [])]
        for role, tpl in templates.items():
            fill = {"id": state["id"], "name": state["name"]}
            aliases = []
            for form in tpl.get("aliases") or []:
                for demonym in (demonyms if "{demonym}" in form else [""]):
                    alias = form.format(demonym=demonym, **fill)
                    if normalise(alias) not in taken:
                        taken.add(normalise(alias))
                        aliases.append(alias)
            existing = by_role.get((role, state["country"]))
            first = (tpl.get("aliases") or [""])[0].format(demonym=(demonyms or [""])[0], **fill)
            known = holder.get(normalise(first))
            if existing is None and known is not None and known["type"] != "state" and known.get("country") == state["country"]:
                existing = known              # "Iraqi police" is already iraqi_federal_police
                existing.setdefault("role", role)
            if existing is not None:
                existing["aliases"] = [*(existing.get("aliases") or []), *aliases]
                existing["ruler_quiet"] = [*(existing.get("ruler_quiet") or []), *aliases]
                continue
            actor_id = tpl["id"].format(**fill)
            if not aliases or actor_id in ids:
                continue
            ids.add(actor_id)
            out.append({"id": actor_id, "name": tpl["name"].format(**fill), "type": tpl.get("type", "military"),
                        "country": state["country"], "role": role, "parents": [state["id"]], "aliases": aliases,
                        "generated": True, "_file": f"{path.name}: {role} of {state['id']}"})
    return out


def _plural(demonym: str, all_forms: list[str]) -> bool:
    """"Malians", "Croats": a plural of another listed form (these name people, not an army)."""
    return demonym.endswith("s") and not demonym.endswith("ss") and (demonym[:-1] in all_forms or len(all_forms) > 1)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _merge(base: dict, extra: dict) -> None:
    for key in ("aliases", "demonyms", "metonyms", "patterns", "ruler_skip", "parents", "backed_by"):
        base[key] = [*_as_list(base.get(key)), *[v for v in _as_list(extra.get(key)) if v not in _as_list(base.get(key))]]


def _read_entries(path: Path) -> list[dict]:
    if not path.exists():
        raise ConfigError(f"actor file {path} does not exist; pass an existing YAML file")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or []
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML ({exc}); fix the syntax at the line shown") from exc
    if not isinstance(data, list):
        raise ConfigError(f"{path} must hold a list of actors (- id: ..., name: ..., type: ...)")
    for n, entry in enumerate(data, 1):
        where = f"{path}: entry {n}" + (f" (id {entry.get('id')!r})" if isinstance(entry, dict) else "")
        if not isinstance(entry, dict) or not entry.get("id"):
            raise ConfigError(f"{where} must be a mapping with an id")
        if entry.get("extend"):
            continue
        for key in ("name", "type"):
            if not entry.get(key):
                raise ConfigError(f"{where} has no {key}; every actor needs id, name and type")
        if entry["type"] not in TYPES:
            raise ConfigError(f"{where} has type {entry['type']!r}; use one of {sorted(TYPES)}")
        for p in entry.get("patterns") or []:
            try:
                re.compile(p)
            except re.error as exc:
                raise ConfigError(f"{where} has a bad pattern {p!r} ({exc})") from exc
        entry["_file"] = f"{where}"
    return data


def _check_links(actors: list[dict], known: dict) -> None:
    for a in actors:
        for rel in LINKS:
            for up in _as_list(a.get(rel)):
                if up not in known:
                    raise ConfigError(f"{a.get('_file', a['id'])}: {rel} {up!r} is not a known actor id; "
                                      "add that actor or fix the spelling")


@lru_cache(maxsize=1)
def _default() -> ActorRegistry:
    return ActorRegistry.load()
