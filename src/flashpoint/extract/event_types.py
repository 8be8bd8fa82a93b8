"""The event classifier inside frame finding: it types event frames and finds the
events the lexicon missed.

For every sentence the classifier reads the sentence alone and the sentence with its
neighbours; the two probability vectors are averaged. Then, per sentence:

- one event frame from the lexicon: the model's type replaces the lexicon's when its
  probability reaches ``type_threshold``, or ``override_threshold`` when the lexicon read
  a weapon word of its own ("missiles", "roadside bomb"); the lexicon's weapon words
  still pick the finer code: a "Shelling/artillery/missile attack" with "missiles" is
  ``attack.missile``;
- several event frames: the model only types the generic ``attack.other`` ones (one
  sentence can report a rocket attack and a roadside bomb);
- no event frame (a statement aside): a model frame is made when the model gives its
  type a probability of ``detect_threshold`` or more (``long_threshold`` in a long
  article); its trigger is the sentence's main verb, else the first
  lexicon word (a sentence where the lexicon read a claim or a denial reports that
  statement, not a new event);
- the model's "no event" removes lexicon frames at ``veto_threshold``, in a brief only.

In an article longer than three sentences (``brief`` False) retyping and adding need
``long_threshold``, and nothing is removed: there the model reads sentences out of their
story, and a retyped retelling moves fusion.

``add_missing`` runs before entities are assigned to frames, ``retype`` after list
items took the type of the frame that introduces them. Rules that overrule the model
are named (``OVERRIDES``) and recorded on the frame. Statements (claims, denials,
threats) are the lexicon's alone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Span

from ..errors import EventModelMissing
from ..models.event_type import EventClassifier, Prediction
from ..ontology import NO_EVENT, code_for, family
from .frames import Frame
from .lexicon import Lexicon

RESPONSIBILITY = {"claim", "deny"}
_CROWD = {"protest", "riot"}
# Doc.user_data: {(start_char, end_char) of a sentence without its surrounding whitespace: (alone, window)}
CACHE_KEY = "fp_sentence_probabilities"

_WEAPON_OF = {"attack.drone": "drone", "attack.missile": "missile", "attack.airstrike": "aircraft",
              "attack.rocket": "rocket"}

# Named rules that overrule the model: (name, lexicon weapon code, labels it overrides, label it sets).
_EXPLOSIVE = {"Remote explosive/landmine/IED", "Grenade", "Shelling/artillery/missile attack", "Air/drone strike", "Attack",
              "Armed clash"}
OVERRIDES: tuple[tuple[str, str, frozenset[str], str], ...] = (
    ("rule.suicide_words", "attack.suicide_bombing", frozenset(_EXPLOSIVE), "Suicide bomb"),
    ("rule.chemical_words", "attack.chemical", frozenset(_EXPLOSIVE | {"Suicide bomb"}), "Chemical weapon"),
)


@dataclass
class SentenceTyper:
    classifier: EventClassifier
    lexicon: Lexicon
    detect_threshold: float = 0.4
    type_threshold: float = 0.1
    override_threshold: float = 0.5
    veto_threshold: float = 0.4
    long_threshold: float = 0.8     # every decision in an article of more than three sentences
    # p(some event) at which the event types together outvote "none" even when "none" is the
    # single likeliest label (the model torn between two kinds of one event); chosen on dev
    # (training/tune_pipeline.py): 0.7 detected 97.1% of team dev events (96.4% without) and
    # kept 90.8% of its hard negatives out (91.5%), weighted F1 0.886 either way
    mass_threshold: float | None = 0.7

    @classmethod
    def load(cls, name: str, lexicon: Lexicon, **thresholds) -> "SentenceTyper":
        if name != "event_type.v1":
            raise EventModelMissing(f"{name} (the known event model is event_type.v1)")
        try:
            classifier = EventClassifier.default()
        except OSError as exc:
            raise EventModelMissing(name) from exc
        return cls(classifier, lexicon, **thresholds)

    # -- the model's view of each sentence ----------------------------------
    @functools.cached_property
    def _blank(self) -> tuple[np.ndarray, np.ndarray]:
        """(alone, window) for a sentence of whitespace only."""
        alone, window = self.classifier.sentence_probabilities([""])
        return alone[0], window[0]

    def _reuse(self, sents: list[Span], cached: dict) -> list[tuple[np.ndarray, np.ndarray]]:
        """The cached (alone, window) of each sentence; a sentence the parser cut otherwise
        than the sentencizer is read here, alone and with its neighbours in the Doc."""
        keys = [_key(s) for s in sents]
        missing = [i for i, k in enumerate(keys) if k is not None and k not in cached]
        fresh: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        if missing:
            texts, groups, rows = [], [], []
            for i in missing:
                lo, hi = max(0, i - 1), min(len(sents), i + 2)
                rows.append(len(texts) + i - lo)
                texts += [s.text for s in sents[lo:hi]]
                groups.append(hi - lo)
            alone, window = self.classifier.sentence_probabilities(texts, groups)
            fresh = {keys[i]: (alone[r], window[r]) for i, r in zip(missing, rows)}
        return [self._blank if k is None else fresh[k] if k in fresh else cached[k] for k in keys]

    def predict_sentences(self, sents: list[Span]) -> list[Prediction]:
        """One prediction per sentence from the mean of its probabilities alone and with its
        neighbours; reuses what ``parse.ArticleParser`` computed for the same sentences."""
        if not sents:
            return []
        cached = sents[0].doc.user_data.get(CACHE_KEY)
        if cached:
            pairs = self._reuse(sents, cached)
        else:
            alone, window = self.classifier.sentence_probabilities([s.text for s in sents])
            pairs = list(zip(alone, window))
        labels, none = self.classifier.labels, self.classifier.none_index
        out = []
        for own, window in pairs:
            row = (own + window) / 2.0
            order = np.argsort(-row)
            # a sentence is an event only if it says so itself, not just its neighbours
            event = float(min(1.0 - row[none], 1.0 - own[none]))
            if order[0] == none and self.mass_threshold is not None and event >= self.mass_threshold:
                # "none" leads every single type, yet the types together outweigh it: the
                # sentence reports an event whose kind the model is torn on; take the likeliest
                order = order[1:]
            out.append(Prediction(labels[int(order[0])], float(row[order[0]]), event, labels[int(order[1])]))
        return out

    # -- frames --------------------------------------------------------------
    def add_missing(self, sent: Span, frames: list[Frame], matches: list[tuple[str, Span]],
                    prediction: Prediction, brief: bool = True) -> list[Frame]:
        """Before entities are assigned: drop lexicon frames the model is sure are no
        event (``veto_threshold``), add the event the lexicon missed."""
        events = [f for f in frames if family(f.type) != "statement"]
        if prediction.label == NO_EVENT:
            # only in a brief: in a long article the lexicon's events stay (a background
            # sentence there is no event for the model, yet may retell or date one)
            if brief and events and 1.0 - prediction.event_probability >= self.veto_threshold:
                return [f for f in frames if f not in events]
            return frames
        if events or any(f.type in RESPONSIBILITY for f in frames):
            return frames    # a claim or denial the lexicon read is what the sentence reports
        label, model = self._overridden(prediction.label, matches)
        code = self._property_attack(code_for(label, self._weapon_hint(matches, events)), sent, matches)
        sure = self.type_threshold if brief else self.long_threshold
        if (code is not None and prediction.event_probability >= self.detect_threshold
                and prediction.probability >= sure and _has_clause(sent)):
            frames.append(Frame(type=code, sent=sent, triggers=[self._trigger(sent, matches, self.lexicon)],
                                model=model, probability=prediction.probability))
        return frames

    def retype(self, frames: list[Frame], matches: list[tuple[str, Span]], prediction: Prediction,
               brief: bool = True) -> None:
        """After list items took their heading's type: the model types the sentence's
        lexicon frames (one frame: that frame; several: the generic ``attack.other`` ones)."""
        events = [f for f in frames if family(f.type) != "statement" and f.model is None and f.introduced_by is None
                  and not _retelling(f)]
        if prediction.label == NO_EVENT or not events:
            return
        label, model = self._overridden(prediction.label, matches)
        code = self._property_attack(code_for(label, self._weapon_hint(matches, events)), events[0].sent, matches)
        if code is None:
            return
        if len([f for f in frames if family(f.type) != "statement"]) > 1:
            # several events in one sentence: the model retypes the generic attacks, and
            # the protest and riot frames when it reads a protest or a riot
            crowd = _CROWD & {family(code)}
            events = [f for f in events if (f.type == "attack.other" and family(code) == "attack")
                      or (crowd and family(f.type) in _CROWD)]
        for f in events:
            # a weapon word the lexicon read ("missiles", "roadside bomb") yields only to a sure
            # model, and so does everything in a long article, where retyping moves fusion
            needed = self.long_threshold if not brief else (
                self.override_threshold if _named_means(f, matches) else self.type_threshold)
            if prediction.probability >= needed:
                f.type, f.model, f.probability = code, model, prediction.probability

    def _property_attack(self, code: str | None, sent: Span, matches: list[tuple[str, Span]]) -> str | None:
        """ACLED's "Looting/property destruction" is an attack on property (``attack.property``)
        where the sentence tells it as an attack (an attack
        word) or by fire or sabotage (``property_attack_words``): "assailants set fire to a
        mosque", "an incendiary attack destroyed two trucks"; plain looting stays looting."""
        if code != "looting":
            return code
        words = self.lexicon.property_attack_words
        if any(lab == "A" for lab, _ in matches) or any(t.lemma_.lower() in words or t.lower_ in words for t in sent):
            return "attack.property"
        return code

    def _overridden(self, label: str, matches: list[tuple[str, Span]]) -> tuple[str, str]:
        weapons = {lab[2:] for lab, _ in matches if lab.startswith("W:")}
        for name, weapon, overrides, sets in OVERRIDES:
            if weapon in weapons and label in overrides:
                return sets, name
        return label, self.classifier.name

    @staticmethod
    def _weapon_hint(matches: list[tuple[str, Span]], events: list[Frame]) -> str | None:
        for lab, _ in matches:
            if lab.startswith("W:") and lab[2:] in _WEAPON_OF:
                return _WEAPON_OF[lab[2:]]
        for f in events:
            if f.type in _WEAPON_OF:
                return _WEAPON_OF[f.type]
        return None

    @staticmethod
    def _trigger(sent: Span, matches: list[tuple[str, Span]], lexicon: Lexicon) -> Span:
        """The sentence's main verb ("handed", "instituted"), whose clause carries the
        modality; under a speech verb ("..., the police reported") the verb of what was
        said; else the first lexicon word; else the root."""
        root = sent.root
        if root.lemma_.lower() in lexicon.speech_verbs or root.lower_ in lexicon.speech_verbs:
            said = [c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")]
            root = said[0] if said else root
            if not said and matches:
                return min((sp for _, sp in matches), key=lambda sp: sp.start)
        if root.pos_ != "VERB" and matches:
            return min((sp for _, sp in matches), key=lambda sp: sp.start)
        return sent.doc[root.i: root.i + 1]


def _retelling(frame: Frame) -> bool:
    """"the attack", "this strike" with no date or place of its own points back to an
    event already told; it keeps the lexicon's generic type, which fusion and stance
    attachment resolve to that event (named rule ``rule.definite_retelling``)."""
    head = frame.head
    return (frame.type == "attack.other" and head.pos_ == "NOUN" and not frame.dates and not frame.places
            and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children))


def _named_means(frame: Frame, matches: list[tuple[str, Span]]) -> bool:
    """Did the lexicon type this frame from a weapon word of its own?"""
    spans = {(sp.start, sp.end) for sp in frame.triggers}
    return any(lab.startswith("W:") and (sp.start, sp.end) in spans for lab, sp in matches)


def _key(sent: Span) -> tuple[int, int] | None:
    """The sentence's offsets without its leading and trailing whitespace tokens (None
    when it is all whitespace): ``CACHE_KEY``'s keys."""
    doc, i, j = sent.doc, sent.start, sent.end - 1
    while i <= j and doc[i].is_space:
        i += 1
    while j >= i and doc[j].is_space:
        j -= 1
    return None if i > j else (doc[i].idx, doc[j].idx + len(doc[j].text))


def _has_clause(sent: Span) -> bool:
    """"Fatalities: 4." reports nothing by itself: a model frame needs a verb (or a root with
    an object: the tagger reads a headline's "kills" in "a gunman kills 12 people" as a noun)."""
    verb = any(t.pos_ in ("VERB", "AUX") or (t.dep_ == "ROOT" and any(c.dep_ == "dobj" for c in t.children))
               for t in sent)
    return verb and sum(not t.is_punct for t in sent) >= 4
