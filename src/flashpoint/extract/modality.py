"""Modality of a frame: asserted, negated, hypothetical, future, threatened, generic.

Only asserted frames become incidents. The cues are read from the trigger's own
dependents and from the verbs that govern it (up to three steps: "may be forced to
strike" puts "may" two verbs above "strike").
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .frames import Frame
    from .lexicon import Lexicon

_ORDER = ("threatened", "hypothetical", "future", "negated")


def _chain(token):
    """The trigger, the verb that carries a noun trigger, then the verbs that govern it
    through complement clauses ("may be forced to strike"). Prepositional and
    adverbial attachments end the chain: "has not wavered following a strike" does
    not negate the strike."""
    yield token
    node = token
    if node.pos_ in ("NOUN", "PROPN") and node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and node.head is not node:
        node = node.head
        yield node
    for _ in range(3):
        if node.dep_ not in ("xcomp", "ccomp", "conj") or node.head is node:
            return
        node = node.head
        yield node


def frame_modality(frame: "Frame", lexicon: "Lexicon") -> str:
    cues = lexicon.modality
    seen: set[str] = set()
    for node in _chain(frame.head):
        for child in node.children:
            word = child.lower_
            if child.dep_ in ("aux", "auxpass", "neg", "mark", "det", "advmod", "nummod") or node is frame.head:
                for kind in _ORDER:
                    if word in cues[kind]:
                        seen.add(kind)
        if node.lemma_.lower() in cues["threatened"] and node is not frame.head:
            seen.add("threatened")
        if node.lemma_.lower() in ("plan", "consider", "weigh", "ponder", "urge", "call") and node is not frame.head:
            seen.add("hypothetical")
    for kind in _ORDER:
        if kind in seen:
            return kind
    if _generic(frame, lexicon):
        return "generic"
    return "asserted"


def _generic(frame: "Frame", lexicon: "Lexicon") -> bool:
    """A bare plural with no date, place or count ("attacks by militias") is habitual."""
    head = frame.head
    if any(c.dep_ == "det" and c.lower_ in ("any", "every", "each") for c in head.children):
        return True   # "any armed attack against any U.S. individual" names no event
    if frame.dates or frame.places or _tells_a_toll(head) or _told_as_done(head):
        return False
    text = frame.sent.text.lower()
    before = text[max(0, frame.triggers[0].start_char - frame.sent.start_char - 40):
                  frame.triggers[0].start_char - frame.sent.start_char]
    if _whole_words(lexicon.modality["generic"]).search(before):
        return True
    if head.tag_ in ("NNS", "NNPS") and not any(c.dep_ in ("nummod", "det", "poss", "dobj") for c in head.children):
        return True   # (a "plural" with an object is a headline's verb the tagger misread: "a gunman kills 12")
    return False


@functools.lru_cache(maxsize=8)
def _whole_words(cues: frozenset[str]) -> re.Pattern:
    """One pattern for a set of cue words, matching whole words only ("along with" holds no
    "long", "campaigners" no "campaign"); compiled once per set, not per frame."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in sorted(cues, key=lambda c: (-len(c), c))) + r")(?!\w)")


def _tells_a_toll(head) -> bool:
    """Is the trigger (or the noun it is "of": "a series of bombings") the subject of a
    past verb with a counted object? "Separate bombings killed 10 people", "Bombings
    killed 1", "a series of suicide bombings killed 11 Iraqis": events of one time, told
    with their toll, not a habit ("car bombs have killed thousands" stays generic)."""
    node = head
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head is not node.head:
        node = node.head.head
    verb = node.head
    if node.dep_ != "nsubj" or verb is node or verb.tag_ not in ("VBD", "VBN"):
        return False
    return any(obj.dep_ == "dobj" and (obj.tag_ == "CD" or any(c.dep_ == "nummod" for c in obj.children))
               for obj in verb.children)


_COUNTED = frozenset(("twin", "double", "triple", "several", "multiple", "simultaneous", "coordinated", "separate",
                      "consecutive"))
_WAS = frozenset(("was", "were", "is", "are"))


def _told_as_done(head) -> bool:
    """Is the plural trigger told as something done once: the subject of a passive in the
    past ("grenades were thrown at the post", "multiple bombs were detonated"), or counted
    by an adjective ("twin car bombings")? A habit is told in the present or the perfect
    ("rockets are fired almost daily", "bombs have been thrown for years")."""
    if any(c.dep_ in ("amod", "compound") and c.lower_ in _COUNTED for c in head.subtree if c.i < head.i):
        return True
    verb = head.head
    if head.dep_ == "dobj" and verb is not head and verb.tag_ == "VBD" and not any(
            c.dep_ == "aux" for c in verb.children):
        return True   # the object of a simple past: "gunmen threw petrol bombs at the mosque"
    if _cause_of_a_count(head):
        return True
    return head.dep_ == "nsubjpass" and verb is not head and verb.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.lower_ in ("was", "were") for c in verb.children)


def _cause_of_a_count(head) -> bool:
    """Is the plural trigger what counted victims fell to: "Seven soldiers were killed in
    attacks by rebels", "15 guards were wounded by grenades"? A passive with a counted
    subject tells one toll; a habit is uncounted ("thousands have been killed in attacks")."""
    prep = head.head
    if head.dep_ != "pobj" or prep is head or prep.lower_ not in ("by", "in", "during"):
        return False
    verb = prep.head
    if verb is prep or verb.tag_ != "VBN" or not any(c.dep_ == "auxpass" and c.lower_ in _WAS for c in verb.children):
        return False
    return any(c.dep_ == "nsubjpass" and any(n.dep_ == "nummod" and n.like_num for n in c.children)
               for c in verb.children)
