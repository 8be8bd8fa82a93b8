"""``fp_frames``: find event triggers and group them into one frame per event.

A frame is one event as one sentence reports it: its trigger tokens, its type, and
the entities (dates, places, actors, counts) that belong to it. Several events in
one sentence ("an April 14 attack on ...; a May 8 attack on ...") make several
frames; each entity goes to the frame whose trigger governs it, else the nearest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .lexicon import SPECIFICITY, Lexicon, build_matcher, load_lexicon

if TYPE_CHECKING:
    from .event_types import SentenceTyper
from .modality import frame_modality
from .segments import (TIME_LABELS, absorb_bare, assign_entity, cue_cuts, date_clauses, is_duration,
                       governing_frame, inherit_list_type, same_segment, segment_of)

ACTOR_LABELS = {"ORG", "NORP", "PERSON", "GPE"}
BRIEF_SENTENCES = 5   # a text this short (a wire brief, a headline and lede, an ACLED note) is one report
PLACE_LABELS = {"GPE", "LOC", "FAC"}
STATEMENT_SUBJECT_LABELS = {"ORG", "NORP", "PERSON", "GPE"}


@dataclass
class Frame:
    type: str
    sent: Span
    triggers: list[Span]
    dates: list[Span] = field(default_factory=list)
    governed: set[int] = field(default_factory=set)   # starts of entities the triggers govern
    clause_dates: set[int] = field(default_factory=set)  # "January 2020, when ... fired": dates the clause
    introduced_by: "Frame | None" = None               # the frame heading a list this one is an item of
    places: list[Span] = field(default_factory=list)
    actors: list[Span] = field(default_factory=list)
    modality: str = "asserted"
    model: str | None = None           # the classifier that chose the type (None: the lexicon did)
    probability: float | None = None   # its probability for that type

    @property
    def head(self) -> Token:
        return self.triggers[0].root

    @property
    def tokens(self) -> set[int]:
        return {i for span in self.triggers for i in range(span.start, span.end)}   # no Token objects made

    @property
    def first(self) -> Span:
        return min(self.triggers, key=lambda s: s.start)

    @property
    def start(self) -> int:
        return min(s.start for s in self.triggers)

    @property
    def end(self) -> int:
        return max(s.end for s in self.triggers)


def _linked(a: Span, b: Span, hops: int = 2, others: frozenset[int] = frozenset()) -> bool:
    """True when one trigger's root governs the other's within ``hops`` steps, without
    passing through a third trigger (``others``). Coordinated or listed event nouns
    ("an attack on X and a strike on Y") are separate events."""
    for x, y in ((a, b), (b, a)):
        if x.root.dep_ in ("conj", "appos") and x.root.head.i in range(y.start, y.end) and x.root.pos_ == y.root.pos_ == "NOUN":
            return False
    for x, y in ((a, b), (b, a)):
        node = x.root
        for _ in range(hops):
            if node.head is node:
                break
            node = node.head
            if y.start <= node.i < y.end:
                return True
            if node.i in others and not (x.start <= node.i < x.end):
                break
    return a.root.head is b.root.head and a.root.dep_ in ("compound", "amod", "nsubj") and b.root.dep_ in ("dobj", "pobj", "nsubj")


def _hops(a: Span, b: Span, limit: int = 4) -> int:
    """Steps up the parse from one span's root to the other span (either direction)."""
    best = limit + 1
    for x, y in ((a, b), (b, a)):
        node = x.root
        for step in range(1, limit + 1):
            if node.head is node:
                break
            node = node.head
            if y.start <= node.i < y.end:
                best = min(best, step)
                break
    return best


def _actor_verb(span: Span) -> bool:
    """A bare attack verb is an event when an actor does it to something:
    "The United States struck 85 targets", "gunmen fired on a convoy"."""
    root = span.root
    if root.pos_ != "VERB" or root.dep_ in ("amod", "acl", "relcl") or root.tag_ == "VBG":
        return False
    subj = subject_of(root)
    if subj is None or subj.dep_ != "nsubj" or not (subj.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") or
                                                    subj.lower_ in ("gunmen", "militants", "militias", "forces", "troops")):
        return False
    return any(c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("on", "at")) for c in root.children)


def _kinetic_type(labels: list[str]) -> str:
    weapons = [lab[2:] for lab in labels if lab.startswith("W:")]
    if not weapons:
        return "attack.other"
    return max(weapons, key=lambda t: SPECIFICITY.get(t, 0))


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, inherited from the first verb of a coordination; a relative
    pronoun stands for the noun its clause modifies ("ISIS, which ... massacred")."""
    for _ in range(3):
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                if c.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                    return verb.head
                return c
        if verb.dep_ != "conj" or verb.head is verb:
            return None
        verb = verb.head
    return None


def _is_event_clause(span: Span, family: str) -> bool:
    """Non-kinetic events need a verb with a subject ("police arrested", "Iran denied");
    protests and riots may also be named by a noun ("a protest in Basra")."""
    root = span.root
    if family in ("protest", "riot") and root.pos_ in ("NOUN", "PROPN"):
        return True
    if root.pos_ not in ("VERB", "AUX"):
        return False
    subj = subject_of(root)
    if subj is None:
        return False
    if family == "statement":
        return subj.ent_type_ in STATEMENT_SUBJECT_LABELS or subj.pos_ == "PROPN"
    return True


def _group(sent: Span, matches: list[tuple[str, Span]], lexicon: Lexicon) -> list[Frame]:
    """Kinetic triggers that govern each other form one frame; others stand alone."""
    weak_words = lexicon.weak_attack_words
    is_weak = {id(sp): sp.text.lower() in weak_words for _, sp in matches}   # each span's text read once
    strong = [(lab, sp) for lab, sp in matches if lab.startswith("W:") or (lab == "A" and not is_weak[id(sp)])]
    weak = [(lab, sp) for lab, sp in matches if lab == "A" and is_weak[id(sp)]]
    groups: list[list[tuple[str, Span]]] = []
    trigger_tokens = frozenset(t.i for _, sp in strong for t in sp)
    for lab, sp in strong:
        for g in groups:
            if any(_linked(sp, other, others=trigger_tokens) for _, other in g):
                g.append((lab, sp))
                break
        else:
            groups.append([(lab, sp)])
    cuts = cue_cuts(sent, lexicon) if weak else []
    for lab, sp in weak:
        # a weak word ("fired", "landed") joins the frame whose weapon it is closest to in
        # the parse; alone it makes no frame
        scored = [(_hops(sp, other), i) for i, g in enumerate(groups) for _, other in g if not is_weak[id(other)]]
        scored = [x for x in scored if x[0] <= 3]
        segment = [i for i, g in enumerate(groups)
                   if any(segment_of(o.start_char, cuts) == segment_of(sp.start_char, cuts) for _, o in g)]
        if scored and (not cuts or min(scored)[1] in segment or not segment):
            groups[min(scored)[1]].append((lab, sp))
        elif cuts and len(segment) == 1 and segment_of(sp.start_char, cuts) > 0:
            groups[segment[0]].append((lab, sp))   # "... in retaliation for the drone attack that killed three"
        elif _actor_verb(sp):
            groups.append([(lab, sp)])   # "The United States struck more than 85 targets"
    groups = [g for g in groups if not _descriptive(g)]
    frames = []
    for g in groups:
        # the weapon or attack word heads the frame; "fired", "killed" only join it
        g.sort(key=lambda m: (is_weak[id(m[1])], m[1].start))
        frames.append(Frame(type=_kinetic_type([lab for lab, _ in g]), sent=sent, triggers=[sp for _, sp in g]))
    for lab, sp in matches:
        if lab.startswith("E:"):
            code = lab[2:]
            if not _is_event_clause(sp, lexicon.family(code)):
                continue
            if any(sp.start >= f.start and sp.end <= f.end for f in frames):
                continue
            same = next((f for f in frames if f.type == code and lexicon.family(code) in ("protest", "riot")), None)
            if same is not None:
                same.triggers.append(sp)   # "protesters ... demonstrations": one protest per sentence
                continue
            frames.append(Frame(type=code, sent=sent, triggers=[sp]))
    return frames


def _descriptive(group: list[tuple[str, Span]]) -> bool:
    """Verbs that only describe a noun ("troops fighting ISIS", "militias agitating for")."""
    return all(sp.root.pos_ == "VERB" and sp.root.dep_ in ("acl", "amod") for _, sp in group)


_PROTESTERS = {"protesters", "protestors", "demonstrators", "protesting", "marchers", "rioters"}


def _refine(frame: Frame, lexicon: Lexicon) -> None:
    text = frame.sent.text.lower()
    if frame.type == "protest.peaceful":
        if any(w in text for w in lexicon.protest_lethal):
            frame.type = "protest.excessive_force"
        elif any(w in text for w in lexicon.protest_intervention):
            frame.type = "protest.intervention"
    elif frame.type in ("attack.other", "attack.on_civilians", "attack.armed_clash"):
        words = {t.lower_ for t in frame.sent}
        if words & _PROTESTERS:
            frame.type = "protest.excessive_force"   # "police opened fire on students protesting"
        elif frame.type != "attack.armed_clash" and words & lexicon.civilian_targets:
            frame.type = "attack.on_civilians"


def find_frames(doc: Doc, matcher, lexicon: Lexicon, typer: "SentenceTyper | None" = None) -> list[Frame]:
    """Frames per sentence from the lexicon; with a ``typer`` (the event classifier) the
    model also decides each event frame's type and finds events the lexicon missed."""
    # a sentence parse.ArticleParser left unparsed (no tags: a placeholder tree) has no frames
    found = filter_spans([Span(doc, s, e, label=m) for m, s, e in matcher(doc)
                          if doc[s].tag and not any(t.ent_type_ in TIME_LABELS for t in doc[s:e])])   # "On 2 March 2025"
    by_sent: dict[int, list[tuple[str, Span]]] = {}
    for sp in found:
        by_sent.setdefault(sp.sent.start, []).append((sp.label_, sp))
    sents = list(doc.sents)
    # a sentence left unparsed gets no prediction: it has no clause for the model's frame
    # (``_has_clause``), and parse.ArticleParser caches the windows of parsed ones only
    parsed = [s for s in sents if s[0].tag]
    predictions = dict(zip((s.start for s in parsed), typer.predict_sentences(parsed))) if typer is not None else {}
    frames: list[Frame] = []
    brief = len(sents) <= BRIEF_SENTENCES
    for sent in sents:
        if not sent[0].tag:
            continue   # unparsed: no lexicon match, and no clause for the model's frame
        prediction = predictions.get(sent.start)
        matches = by_sent.get(sent.start, [])
        sent_frames = _group(sent, matches, lexicon) if matches else []
        if prediction is not None:
            sent_frames = typer.add_missing(sent, sent_frames, matches, prediction, brief)
        if not sent_frames:
            continue
        cuts = cue_cuts(sent, lexicon)
        ents = sent.ents       # spaCy rebuilds every entity of the Doc on each access
        for ent in ents:
            owner = assign_entity(ent, same_segment(ent.start_char, sent_frames, cuts))
            if governing_frame(ent.root, sent_frames) is owner:
                owner.governed.add(ent.start)
            if ent.label_ in TIME_LABELS and not is_duration(ent):
                owner.dates.append(ent)
            if ent.label_ in PLACE_LABELS or ent.label_ == "ORG":
                owner.places.append(ent)
            if ent.label_ in ACTOR_LABELS:
                owner.actors.append(ent)
        date_clauses(sent, sent_frames, ents)
        sent_frames.sort(key=lambda f: f.start)
        inherit_list_type(sent_frames)
        sent_frames = absorb_bare(sent_frames, cuts, lexicon)
        if prediction is not None:
            typer.retype(sent_frames, matches, prediction, brief)
        for f in sent_frames:
            if f.model is None:
                _refine(f, lexicon)
            f.modality = frame_modality(f, lexicon)
        frames.extend(sent_frames)
    return frames


if not Doc.has_extension("fp_frames"):
    Doc.set_extension("fp_frames", default=None)


@Language.factory("fp_frames", assigns=["doc._.fp_frames"], requires=["doc.ents", "token.dep"],
                  default_config={"lexicon_path": "", "event_model": "event_type.v1",
                                  "detect_threshold": 0.4, "type_threshold": 0.1, "override_threshold": 0.5,
                                  "veto_threshold": 0.4, "long_threshold": 0.8})
def make_frames(nlp: Language, name: str, lexicon_path: str, event_model: str, detect_threshold: float,
                type_threshold: float, override_threshold: float, veto_threshold: float, long_threshold: float):
    """``event_model`` "" runs the lexicon alone; "event_type.v1" adds the classifier."""
    from .event_types import SentenceTyper

    lexicon = load_lexicon(lexicon_path) if lexicon_path else load_lexicon()
    matcher = build_matcher(nlp.vocab, lexicon)
    typer = SentenceTyper.load(event_model, lexicon, detect_threshold=detect_threshold,
                               type_threshold=type_threshold, override_threshold=override_threshold,
                               veto_threshold=veto_threshold, long_threshold=long_threshold) if event_model else None

    def fp_frames(doc: Doc) -> Doc:
        doc._.fp_frames = find_frames(doc, matcher, lexicon, typer)
        return doc

    return fp_frames
