"""Actor resolution against the registry in data/actors.yaml (plus user files).

    reg = ActorRegistry.default()
    reg.resolve("Kataeb Hizbollah")                    # -> ActorRef(id="kataib_hezbollah", ...)
    reg.resolve_speaker("Pentagon press secretary John Kirby", sentence)   # -> us_dod

Order of rules in ``resolve``: exact alias, "<actor> <body>" ("US officials"), head-noun
patterns for unnamed actors ("an Iran-backed militia group"), the longest alias inside the
text, then a fuzzy match (rapidfuzz, score >= 92) for transliterations. The rule that fired
is appended to the evidence's rule as ``+actors.<rule>``.

The registry is in parts: ``actor_names`` (``normalise`` and word lists), ``actor_files``
(reading and checking the YAML files, the state forces), ``actor_match`` (the resolution
rules); this module holds ``ActorRegistry``: its tables, loading and lookups.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ConfigError
from .actor_files import (DATA_DIR, LINKS, TYPES, _as_list, _check_links, _Loader, _merge, _read_entries,
                          with_state_forces)
from .actor_match import FUZZY_CUTOFF, FUZZY_MIN_CHARS, MAX_NAME_WORDS, MAX_NGRAM, _Matcher
from .actor_names import _cased, normalise

__all__ = ["ActorRegistry", "normalise", "with_state_forces", "DATA_DIR", "TYPES", "LINKS", "FUZZY_CUTOFF",
           "FUZZY_MIN_CHARS", "MAX_NGRAM", "MAX_NAME_WORDS"]


class ActorRegistry(_Matcher):
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


@lru_cache(maxsize=1)
def _default() -> ActorRegistry:
    return ActorRegistry.load()
