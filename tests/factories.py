"""Hand-built records for unit tests (no model needed)."""

from __future__ import annotations

import datetime as dt

from flashpoint.records import ActorRef, Bounds, Cue, Evidence, Mention, Place, Stance, When


def ev(article: str = "a1", start: int = 0, text: str = "x", rule: str = "test") -> Evidence:
    return Evidence(article, start, start + len(text), text, rule)


def day(iso: str, text: str = "") -> When:
    d = dt.date.fromisoformat(iso)
    return When(d, d, "day", text or iso)


def place(name: str, country: str, lat: float, lon: float, precision: str = "site", place_id: str | None = None) -> Place:
    return Place(name, country, None, lat, lon, precision, name, place_id or name.lower().replace(" ", "_"))


def actor(id_: str | None, name: str, type_: str | None = None) -> ActorRef:
    return ActorRef(id_, name, name, type_)


def mention(article: str = "a1", start: int = 0, type_: str = "attack.rocket", *, date=None, location=None,
            perpetrator=None, stances=(), victims=(), targets=(), count=Bounds(), killed=Bounds(), injured=Bounds(),
            cues=(), modality: str = "asserted", source=None, sentence_start: int | None = None) -> Mention:
    from flashpoint.extract.mentions import mention_id

    s0 = start if sentence_start is None else sentence_start
    return Mention(
        id=mention_id(article, start, type_), article=article, type=type_, modality=modality,
        trigger=ev(article, start, "attack"), sentence=ev(article, s0, f"sentence at {s0}"),
        date=date, location=location, perpetrator=perpetrator, stances=tuple(stances), targets=tuple(targets),
        victims=tuple(victims), weapon_count=count, killed=killed, injured=injured, cues=tuple(cues),
        source_actor=source,
    )


def stance(kind: str, who: ActorRef | None, article: str = "a1", source: ActorRef | None = None) -> Stance:
    return Stance(kind, who, source, article, ev(article, 0, f"{kind} stance"))


def cue(kind: str, text: str, article: str = "a1", target_mention: str | None = None) -> Cue:
    return Cue(kind, text, ev(article, 5, "in retaliation for"), target_mention=target_mention)
