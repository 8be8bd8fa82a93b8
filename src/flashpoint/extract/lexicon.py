"""The event lexicon (data/lexicon.yaml) as matchers and lookup tables."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab

from ..config import DATA_DIR
from ..errors import ConfigError
from ..ontology import event_types

# How specific a kinetic type is: a frame with several weapons takes the highest.
SPECIFICITY = {
    "attack.chemical": 9, "attack.suicide_bombing": 8, "attack.missile": 7, "attack.drone": 6,
    "attack.rocket": 5, "attack.airstrike": 4, "attack.grenade": 4, "attack.bombing": 3,
    "attack.on_civilians": 2, "attack.armed_clash": 1, "attack.other": 0,
}


@dataclass(frozen=True)
class Lexicon:
    event_types: dict[str, dict]
    weapons: dict[str, str]            # phrase -> type
    attack_words: frozenset[str]
    weak_attack_words: frozenset[str]
    events: dict[str, str]             # phrase -> type
    civilian_targets: frozenset[str]
    property_attack_words: frozenset[str]   # lemmas: property destruction told as an attack
    protest_intervention: tuple[str, ...]
    protest_lethal: tuple[str, ...]
    modality: dict[str, frozenset[str]]
    stance_patterns: tuple[tuple[str, re.Pattern], ...]
    response_patterns: tuple[tuple[str, re.Pattern], ...]
    speech_verbs: frozenset[str]
    actor_nouns: frozenset[str]
    locative_preps: frozenset[str]
    locative_of_heads: frozenset[str]

    def family(self, code: str) -> str:
        return self.event_types.get(code, {}).get("family") or "other"

    def weapon_class(self, code: str) -> str | None:
        return self.event_types.get(code, {}).get("weapon")


def _phrases_regex(phrases: list[str]) -> re.Pattern:
    alts = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])", re.I)


# the characters outside ASCII that re.IGNORECASE matches to an ASCII letter
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=64)
def _phrases(pattern: re.Pattern) -> tuple[frozenset[str], dict[str, tuple[str, ...]]] | None:
    """The phrases of a lexicon phrase pattern (``lexicon._phrases_regex``: escaped ASCII
    phrases between lookarounds) by their longest word, and those words; None for any
    other pattern."""
    head, tail = r"(?<![\w-])(?:", r")(?![\w-])"
    body = pattern.pattern
    if not (body.startswith(head) and body.endswith(tail)) or not pattern.flags & re.IGNORECASE:
        return None
    body = body[len(head):-len(tail)]
    alts = [re.sub(r"\\(.)", r"\1", a) for a in re.split(r"(?<!\\)\|", body)]
    if "|".join(map(re.escape, alts)) != body or not all(a.isascii() and a == a.lower() and _WORD.search(a)
                                                         for a in alts):
        return None
    out: dict[str, list[str]] = {}
    for a in alts:
        out.setdefault(max(_WORD.findall(a), key=len), []).append(a)
    return frozenset(out), {w: tuple(found) for w, found in out.items()}


class Words:
    """A text lowered, and its words (runs of ``\\w``), for ``may_occur``."""

    __slots__ = ("text", "lowered", "words", "folds")

    def __init__(self, text: str):
        self.text, self.lowered = text, text.lower()
        self.words = frozenset(_WORD.findall(self.lowered))
        self.folds = any(ch in text for ch in _FOLDS_TO_ASCII)


def may_occur(pattern: re.Pattern, text: Words) -> bool:
    """False only when ``pattern`` (a lexicon phrase pattern) cannot match the text: a
    phrase matches only where each of its words stands whole in the text, lowered, and the
    phrase itself is in the lowered text. A set test and a few substring tests, many times
    cheaper than the search (whose lookbehind defeats the regex engine's prefix scan). A
    text with a character that re.IGNORECASE matches to an ASCII letter ("\u017f" for "s")
    is left to the search."""
    phrases = _phrases(pattern)
    if phrases is None or text.folds:
        return True
    keys, by_word = phrases
    hits = keys.intersection(text.words)
    return bool(hits) and any(a in text.lowered for w in hits for a in by_word[w])


@functools.lru_cache(maxsize=4)
def load_lexicon(path: str | Path = DATA_DIR / "lexicon.yaml") -> Lexicon:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the lexicon {path}: {exc}; fix the YAML or point lexicon_file elsewhere") from exc
    types = {code: {"acled_event_type": t.acled_event_type, "acled_sub_event_type": t.acled_sub_event_type,
                     "plover": t.plover, "weapon": t.weapon, "family": t.family}
             for code, t in event_types(str(path)).items()}   # the one reading of the table
    weapons = {p.lower(): t for t, phrases in data["weapons"].items() for p in phrases}
    events = {p.lower(): t for t, phrases in data["events"].items() for p in phrases}
    unknown = sorted({t for t in list(weapons.values()) + list(events.values()) if t not in types})
    if unknown:
        raise ConfigError(f"lexicon {path} uses event types not in event_types: {unknown}")
    return Lexicon(
        event_types=types,
        weapons=weapons,
        attack_words=frozenset(w.lower() for w in data["attack_words"]),
        weak_attack_words=frozenset(w.lower() for w in data["weak_attack_words"]),
        events=events,
        civilian_targets=frozenset(w.lower() for w in data["civilian_targets"]),
        property_attack_words=frozenset(w.lower() for w in data.get("property_attack_words", ())),
        protest_intervention=tuple(data["protest_intervention"]),
        protest_lethal=tuple(data["protest_lethal"]),
        modality={k: frozenset(v) for k, v in data["modality"].items()},
        stance_patterns=tuple((k, _phrases_regex(v)) for k, v in data["stances"].items()),
        response_patterns=tuple((k, _phrases_regex(v)) for k, v in data["responds_to"].items()),
        speech_verbs=frozenset(data["speech_verbs"]),
        actor_nouns=frozenset(data["actor_nouns"]),
        locative_preps=frozenset(data["locative_preps"]),
        locative_of_heads=frozenset(data["locative_of_heads"]),
    )


def build_matcher(vocab: Vocab, lexicon: Lexicon) -> PhraseMatcher:
    """One PhraseMatcher on LOWER with labels W:<type>, A (attack word), E:<type>."""
    matcher = PhraseMatcher(vocab, attr="LOWER")
    from spacy.lang.en import English

    tokenizer = English().tokenizer
    groups: dict[str, list[str]] = {}
    for phrase, code in lexicon.weapons.items():
        groups.setdefault(f"W:{code}", []).append(phrase)
    groups["A"] = sorted(lexicon.attack_words)
    for phrase, code in lexicon.events.items():
        groups.setdefault(f"E:{code}", []).append(phrase)
    for label, phrases in groups.items():
        matcher.add(label, [tokenizer(p) for p in sorted(set(phrases))])
    return matcher
