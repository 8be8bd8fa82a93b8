"""What kind of target or victim an attack hit: civilians, security forces, a school ...

    category_of("a police convoy")                  # -> "security_forces"
    category_of("14 passengers")                    # -> "civilians"
    category_of("Peshawar University's campus")     # -> "education"
    is_civilian("education")                        # -> True

The words per category are data (data/targets.yaml). A named registry actor decides by its
type ("a Hezbollah base" is an armed group's); otherwise the head word of the phrase, then
its modifiers from right to left ("police station" -> security_forces). The ACLED export
reads ``ActorRef.category`` and ``is_civilian`` for its civilian_targeting column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ConfigError
from ..records import ActorRef
from .actors import ActorRegistry, normalise

DATA = Path(__file__).resolve().parents[1] / "data" / "targets.yaml"
_LONGEST = 4            # the longest keyword phrase, in words


@dataclass(frozen=True)
class TargetLexicon:
    words: dict[str, str]            # normalised phrase -> category
    civilian: dict[str, bool]        # category -> is hitting it civilian targeting
    actor_types: dict[str, str]      # registry actor type -> category

    @classmethod
    def load(cls, path: Path = DATA) -> "TargetLexicon":
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        words: dict[str, str] = {}
        civilian: dict[str, bool] = {}
        for name, entry in (data.get("categories") or {}).items():
            if not isinstance(entry, dict) or entry.get("side") not in ("civilian", "armed") or not entry.get("words"):
                raise ConfigError(f"{path}: category {name!r} needs `side: civilian` or `side: armed` and a list of `words`")
            civilian[name] = entry["side"] == "civilian"
            for w in entry["words"]:
                key = normalise(str(w))
                if key in words and words[key] != name:
                    raise ConfigError(f"{path}: {w!r} is listed under both {words[key]!r} and {name!r}; keep it in one")
                words[key] = name
        types = data.get("actor_types") or {}
        unknown = sorted(set(types.values()) - set(civilian))
        if unknown:
            raise ConfigError(f"{path}: actor_types name categories that are not defined: {unknown}")
        return cls(words, civilian, dict(types))

    def by_words(self, text: str) -> str | None:
        """The category the words give: the head (longest phrase ending at it), then modifiers."""
        tokens = normalise(text).split()
        tokens = [t for t in tokens if not t.isdigit()]
        for end in range(len(tokens), 0, -1):
            for n in range(min(_LONGEST, end), 0, -1):
                found = self.words.get(" ".join(tokens[end - n:end]))
                if found:
                    return found
        return None


@lru_cache(maxsize=1)
def default_lexicon() -> TargetLexicon:
    return TargetLexicon.load()


def category_of(text: str, ref: ActorRef | None = None, registry: ActorRegistry | None = None,
                lexicon: TargetLexicon | None = None) -> str | None:
    """The category of a target or victim phrase; None when neither words nor actor tell."""
    lexicon = lexicon or default_lexicon()
    by_actor = _by_actor(ref, registry, lexicon) if ref is not None else None
    return by_actor or lexicon.by_words(text)


def is_civilian(category: str | None, lexicon: TargetLexicon | None = None) -> bool:
    """Is hitting this category civilian targeting (ACLED's civilian_targeting)?"""
    return bool(category) and (lexicon or default_lexicon()).civilian.get(category, False)


def classify(ref: ActorRef, registry: ActorRegistry | None = None) -> ActorRef:
    """The same reference with its ``category`` set (from its text as written)."""
    return ref.replace(category=category_of(ref.text, ref, registry))


def _by_actor(ref: ActorRef, registry: ActorRegistry | None, lexicon: TargetLexicon) -> str | None:
    """A named registry actor's category by its type; generic actors ("gunmen") say too little."""
    if ref.id is None:
        return None
    registry = registry or ActorRegistry.default()
    entry = registry.actors.get(ref.id)
    if entry is None:                 # a named group the registry lacks: its inferred type
        return lexicon.actor_types.get(ref.type or "")
    if entry.get("generic"):
        return None
    if entry["type"] == "person":
        up = next((registry.actors[i] for i in registry.ancestors(ref.id)
                   if registry.actors[i]["type"] != "person"), None)
        if up is None:
            return None
        entry = up
    if entry["type"] == "igo" and (entry["id"] == "united_nations" or "united_nations" in registry.ancestors(entry["id"])):
        return "un"
    return lexicon.actor_types.get(entry["type"])
