"""The record types that cross stage boundaries.

ingest -> Article -> nlp/extract -> Mention -> resolve (fills When, Place, ActorRef)
-> fuse -> Incident -> store/export.

Every record is a frozen, slotted dataclass with ``as_dict()``. Every field an
analyst relies on carries an ``Evidence``: the article, character offsets into the
article's clean text, the quoted text and the rule or model that produced it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import sys
from dataclasses import dataclass, field
from typing import Any


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class _Record:
    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)

    def replace(self, **changes: Any):
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Evidence(_Record):
    """Where a value came from: ``text == article.text[start:end]``."""

    article: str
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class Article(_Record):
    id: str                      # caller-given id (file stem, jsonl id) or content hash
    text: str                    # clean text; all offsets point into it
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_source: str | None = None   # metadata | page | inferred | None
    published_confidence: float | None = None   # set when the date was inferred
    language: str = "en"
    source: str | None = None    # path (and line) it was read from
    content_hash: str = ""       # sha1 of the normalised text: exact-duplicate key


@dataclass(frozen=True, slots=True)
class Rejected(_Record):
    """An input that did not become an Article, and why."""

    source: str
    # empty | binary | not_utf8 | malformed | not_english | unreadable | too_short | too_long
    # | truncated (a WARC/gzip record cut short) | bad_date (metadata date before 1900 or in the future)
    # | id_conflict (a new text under an id already stored) | unsupported | extraction_failed
    reason: str
    detail: str = ""


COUNT_CEILING = 10_000_000   # no count or toll is stored above this (a 64-bit column holds it with room)


@dataclass(frozen=True, slots=True)
class Bounds(_Record):
    """Integer bounds: a single figure is min == max; unknown is None.

    Bounds never exceed ``COUNT_CEILING`` (nor go below 0): a larger figure, read from
    text or summed from additive reports, is clamped to it on construction. The parser
    flags a clamp in the evidence rule (``quantity.clamped``, see resolve/quantities.py).
    """

    min: int | None = None
    max: int | None = None

    def __post_init__(self) -> None:
        for name in ("min", "max"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= COUNT_CEILING:
                object.__setattr__(self, name, min(max(value, 0), COUNT_CEILING))

    @property
    def known(self) -> bool:
        return self.min is not None or self.max is not None


@dataclass(frozen=True, slots=True)
class When(_Record):
    start: dt.date | None
    end: dt.date | None
    precision: str               # day | week | month | year | unknown
    text: str
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Place(_Record):
    name: str
    country: str | None          # ISO-3166 alpha-2
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str               # site | city | region | country
    text: str
    place_id: str | None = None  # places.csv id, geonames id or ISO code
    evidence: Evidence | None = None
    # how the place was reached, one of PLACE_BASES; a place stored before the field existed reads "named"
    basis: str = "named"

    def __post_init__(self) -> None:
        if self.basis not in PLACE_BASES:
            raise ValueError(f"Place.basis {self.basis!r} is not one of {sorted(PLACE_BASES)}")


# How a Place was reached: "named" - a name the text writes, found in the gazetteer; "fuzzy" -
# a gazetteer name spelt close to the text's ("Alau" -> Aarau), so maybe only a namesake;
# "actor_country" - no place told, the home country of the state actor that reports the event;
# "article_country" - no place told, the country the whole brief points to.
PLACE_BASES = frozenset({"named", "fuzzy", "actor_country", "article_country"})


@dataclass(frozen=True, slots=True)
class ActorRef(_Record):
    """A mention of an actor resolved (or not) against the registry."""

    id: str | None               # registry id, None when unresolved
    name: str                    # canonical name, or the raw text when unresolved
    text: str                    # as written
    type: str | None = None
    country: str | None = None
    evidence: Evidence | None = None
    category: str | None = None  # targets and victims: civilians, security_forces, ... (data/targets.yaml)


@dataclass(frozen=True, slots=True)
class Stance(_Record):
    """One position on who did it: claimed, attributed, suspected, denied, unclaimed."""

    stance: str
    actor: ActorRef | None       # None for "unclaimed"
    source_actor: ActorRef | None
    article: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Cue(_Record):
    """A responds_to cue: this mention answers the event described by ``target_text``."""

    kind: str                    # retaliation | response | avenge | after
    target_text: str
    evidence: Evidence
    target_type: str | None = None
    target_mention: str | None = None   # set when the answered event is in the same sentence


@dataclass(frozen=True, slots=True)
class Mention(_Record):
    """One event as one passage of one article reports it."""

    id: str
    article: str
    type: str                    # ONTOLOGY.md event code
    modality: str                # asserted | negated | hypothetical | future | threatened
    trigger: Evidence
    sentence: Evidence
    published: dt.date | None = None
    published_source: str | None = None   # "inferred" when the article carried no date
    date: When | None = None
    location: Place | None = None
    perpetrator: ActorRef | None = None
    stances: tuple[Stance, ...] = ()
    targets: tuple[ActorRef, ...] = ()
    victims: tuple[ActorRef, ...] = ()
    weapon_class: str | None = None
    weapon_count: Bounds = field(default_factory=Bounds)
    weapon_evidence: Evidence | None = None
    killed: Bounds = field(default_factory=Bounds)
    injured: Bounds = field(default_factory=Bounds)
    attackers_killed: Bounds = field(default_factory=Bounds)   # attackers who died, apart from victims
    casualties_evidence: Evidence | None = None
    cues: tuple[Cue, ...] = ()
    source_actor: ActorRef | None = None  # who the sentence is attributed to ("US officials said")
    continues: str | None = None          # id of the mention this one continues (same article)
    additive: bool = False                # "another five rockets": more of the continued event
    country_hint: str | None = None  # article-level country when the mention names none
    type_model: str | None = None         # the classifier that chose ``type`` (None: the lexicon)
    type_probability: float | None = None # its probability for ``type``


@dataclass(frozen=True, slots=True)
class Conflict(_Record):
    field: str
    values: tuple[dict, ...]     # {"value", "article", "source_actor"}
    reconciled: Any = None
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Link(_Record):
    """A responds_to edge between incidents."""

    source: str                  # incident that responds
    target: str                  # incident it answers
    kind: str
    article: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Incident(_Record):
    id: str
    type: str
    mentions: tuple[Mention, ...]
    date: When | None = None
    location: Place | None = None
    perpetrator: ActorRef | None = None
    perpetrator_status: str = "unknown"
    responsibility: tuple[Stance, ...] = ()
    targets: tuple[ActorRef, ...] = ()
    victims: tuple[ActorRef, ...] = ()
    weapon_class: str | None = None
    weapon_count: Bounds = field(default_factory=Bounds)
    weapon_evidence: Evidence | None = None
    killed: Bounds = field(default_factory=Bounds)
    injured: Bounds = field(default_factory=Bounds)
    attackers_killed: Bounds = field(default_factory=Bounds)
    casualties_evidence: Evidence | None = None
    conflicts: tuple[Conflict, ...] = ()
    responds_to: tuple[Link, ...] = ()
    sources: int = 1             # independent articles (near-duplicates count once)


@functools.lru_cache(maxsize=None)
def _hints(cls) -> dict:
    import typing

    return typing.get_type_hints(cls)


def from_dict(cls, data):
    """Rebuild a record (and its nested records) from ``as_dict()`` output."""
    if data is None:
        return None
    return cls(**{name: convert(data[name]) for name, convert in _decoder(cls) if name in data})


@functools.lru_cache(maxsize=None)
def _decoder(cls) -> tuple:
    """(field, converter) per field of ``cls``, worked out once per class: the type hints
    are read here, not for every value (stores decode thousands of mentions a run)."""
    hints = _hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


def _keep(value):
    return value


def _text(value):
    """A decoded string, interned: a mention's article id, rules, type and sentence recur in
    its evidence and in the other mentions of its passage, and one copy serves them all.
    Measured on 8,000 stored mentions: 4.1 KB each decoded, 1.7 KB interned, decoding no
    slower. Interned strings are freed like others once nothing holds them."""
    return sys.intern(value) if type(value) is str else value


def _converter(tp):
    """A function from the JSON value of a field of type ``tp`` to the field's value."""
    import types
    import typing

    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(args[0]) if len(args) == 1 else _keep
    if origin is tuple:
        inner = _converter(typing.get_args(tp)[0])
        return lambda value: None if value is None else tuple(inner(v) for v in value)
    if dataclasses.is_dataclass(tp):
        return lambda value: from_dict(tp, value)
    if tp is dt.date:
        return lambda value: dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if tp is str:
        return _text
    return _keep
