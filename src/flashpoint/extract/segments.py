"""Which entity belongs to which frame, and how the frames of one sentence combine.

- An entity goes to the frame whose trigger governs it in the parse, else the nearest;
  a responds_to cue ("in retaliation for ...") splits the sentence, and what follows it
  belongs to the answered event.
- "since January 2020, when Tehran fired ...": the date heads the clause that tells it.
- Items listed after a colon take the type of the frame that introduces them.
- A kinetic frame with no date or place of its own joins the anchored one beside it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .lexicon import SPECIFICITY, Lexicon, Words, may_occur

if TYPE_CHECKING:
    from .frames import Frame

TIME_LABELS = {"DATE", "TIME"}


def inherit_list_type(frames: list[Frame]) -> None:
    """"a series of drone strikes: an April 14 attack on ...; a May 8 attack on ...":
    generic items listed after a colon take the type of the frame that introduces them."""
    original = [f.type for f in frames]
    for i, f in enumerate(frames):
        if original[i] != "attack.other":
            continue
        for j in range(i - 1, -1, -1):
            if original[j].startswith("attack.") and original[j] != "attack.other":
                between = f.sent.doc[frames[j].end: f.start]
                if any(t.text == ":" for t in between):
                    f.type = original[j]
                    f.introduced_by = frames[j]
                break


_DURATION = re.compile(r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.I)
_POINT = re.compile(r"\b(?:last|this|next|ago|earlier|later|previous|past|since|same|that|following)\b", re.I)


def is_duration(ent: Span) -> bool:
    """"several hours", "three years": how long, not when."""
    lead = ent.doc[max(ent.start - 2, ent.sent.start): ent.start].text.lower()
    if lead in ("earlier in", "later in", "early in", "late in"):
        return False   # "earlier in the day" is a point in time
    return bool(_DURATION.search(ent.text)) and not _POINT.search(ent.text) and not any(t.is_digit and len(t) == 4 for t in ent)


_LOOSE = {"attack.other", "attack.armed_clash", "attack.on_civilians"}


def absorb_bare(frames: list[Frame], cuts: list[int], lexicon: Lexicon) -> list[Frame]:
    """"attacked a base in Wajiroko on Monday night, killing six in a gun battle": a
    kinetic frame with no date or place of its own, beside one that has them (and on the
    same side of any cue), is the same event told on."""
    kinetic = [f for f in frames if lexicon.family(f.type) == "attack"]
    anchored = [f for f in kinetic if f.dates or f.places]
    introducers = {id(f.introduced_by) for f in frames if f.introduced_by is not None}
    out = []
    for f in frames:
        single = f.head.tag_ not in ("NNS", "NNPS")
        if f in kinetic and single and not (f.dates or f.places) and id(f) not in introducers:
            hosts = [h for h in anchored if h is not f
                     and segment_of(h.first.start_char, cuts) == segment_of(f.first.start_char, cuts)
                     and (f.type == h.type or f.type in _LOOSE or h.type in _LOOSE)]
            if hosts:
                host = min(hosts, key=lambda h: abs(h.start - f.start))
                host.triggers.extend(f.triggers)
                host.actors.extend(f.actors)
                if SPECIFICITY.get(f.type, 0) > SPECIFICITY.get(host.type, 0):
                    host.type = f.type
                continue
        out.append(f)
    return out


def cue_cuts(sent: Span, lexicon: Lexicon) -> list[int]:
    """Char offsets of "in retaliation for", "in response to" ...: what follows a cue
    describes the answered event, so its date and place are not the answer's."""
    text = sent.text           # spaCy joins the sentence's tokens on each access
    words = Words(text)        # a cheap test before each search
    return sorted(sent.start_char + m.start() for kind, pattern in lexicon.response_patterns
                  if kind != "after" and may_occur(pattern, words) for m in pattern.finditer(text)
                  if m.group(0).lower() != "retaliatory")   # "a Feb. 25 retaliatory strike": one noun phrase


def segment_of(char: int, cuts: list[int]) -> int:
    return sum(1 for c in cuts if c <= char)


def same_segment(char: int, frames: list[Frame], cuts: list[int]) -> list[Frame]:
    """The frames on the same side of every cue as ``char`` (all frames when none is)."""
    if not cuts:
        return frames
    seg = segment_of(char, cuts)
    same = [f for f in frames if segment_of(f.first.start_char, cuts) == seg]
    return same or frames


def governing_frame(token: Token, frames: list[Frame], hops: int = 6) -> Frame | None:
    node = token
    held = [(f, f.tokens) for f in frames]      # each frame's token set built once, not once a hop
    for _ in range(hops):
        for f, tokens in held:
            if node.i in tokens:
                return f
        if node.head is node:
            return None
        node = node.head
    return None


def assign_entity(ent: Span, frames: list[Frame]) -> Frame:
    owner = governing_frame(ent.root, frames)
    if owner is not None:
        return owner

    def distance(f: Frame) -> tuple[int, int]:
        if ent.end <= f.start:
            return (f.start - ent.end, 1)
        if ent.start >= f.end:
            return (ent.start - f.end, 0)   # left-hand trigger wins ties: arguments follow
        return (0, 0)

    return min(frames, key=distance)


def date_clauses(sent: Span, frames: list[Frame], ents: list[Span] | None = None) -> None:
    """"since January 2020, when Tehran fired missiles": the clause dates its event
    (``ents``: the sentence's entities, when the caller has them)."""
    for ent in sent.ents if ents is None else ents:
        if ent.label_ not in TIME_LABELS:
            continue
        for f in frames:
            for tok in [t.root for t in f.triggers] + [f.head.head]:
                if tok.dep_ == "relcl" and ent.start <= tok.head.i < ent.end:
                    if ent not in f.dates:
                        f.dates.append(ent)
                    f.governed.add(ent.start)
                    f.clause_dates.add(ent.start)


