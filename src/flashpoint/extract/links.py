"""``responds_to`` cues: "in retaliation for X", "in response to X", "to avenge X".

A cue after a frame's trigger points at the event described by the words that follow
it. When those words hold another frame of the same sentence, the link is made here;
otherwise fusion matches the description against the other incidents.
"""

from __future__ import annotations

from dataclasses import dataclass

from .frames import Frame
from .lexicon import Lexicon

WINDOW = 120  # characters of description after the cue


@dataclass
class CueMatch:
    kind: str
    start: int          # char offsets of the cue
    end: int
    target_text: str
    target_frames: list[Frame]


def frame_cues(frame: Frame, frames: list[Frame], lexicon: Lexicon) -> list[CueMatch]:
    sent = frame.sent
    text = sent.text
    base = sent.start_char
    out: list[CueMatch] = []
    for kind, pattern in lexicon.response_patterns:
        if kind == "after":
            continue  # "after" is temporal more often than causal: only explicit cues link
        for m in pattern.finditer(text):
            s, e = base + m.start(), base + m.end()
            # the cue belongs to the nearest frame before it in the sentence
            before = [f for f in frames if f.sent == sent and f.triggers[0].start_char < s]
            owner = max(before, key=lambda f: f.triggers[0].start_char) if before else None
            if kind == "retaliation" and m.group(0).lower() == "retaliatory":
                owner = min((f for f in frames if f.sent == sent), key=lambda f: abs(f.triggers[0].start_char - s), default=None)
                if owner is frame:
                    out.append(CueMatch(kind, s, e, "", []))
                continue
            if owner is not frame:
                continue
            out.append(_cue(kind, m, sent, frames, frame))
    return out


def _cue(kind: str, m, sent, frames: list[Frame], owner: Frame | None) -> CueMatch:
    """The cue with the words after it and the frames those words hold."""
    s, e = sent.start_char + m.start(), sent.start_char + m.end()
    rest = sent.text[m.end(): m.end() + WINDOW]
    for stop in (". ", "; ", " while "):
        cut = rest.find(stop)
        if cut > 0:
            rest = rest[:cut]
    targets = [f for f in frames if f.sent == sent and f is not owner and
               e <= f.triggers[0].start_char < e + len(rest) + 1]
    return CueMatch(kind, s, e, rest.strip(" ,"), targets)


def lead_cues(doc, frames: list[Frame], lexicon: Lexicon, sentences: int = 2) -> list[CueMatch]:
    """Cues in an article's opening sentences that no frame before them owns: "Iran
    likely responded to President Biden's strikes in Syria by again targeting American
    troops" - what answers is the story the article leads with."""
    out: list[CueMatch] = []
    for i, sent in enumerate(doc.sents):
        if i >= sentences:
            break
        for kind, pattern in lexicon.response_patterns:
            if kind == "after":
                continue
            for m in pattern.finditer(sent.text):
                start = sent.start_char + m.start()
                if not any(f.sent == sent and f.triggers[0].start_char < start for f in frames):
                    out.append(_cue(kind, m, sent, frames, None))
    return out
