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
- no event frame: a model frame is made when the model says "event" with probability
  ``detect_threshold`` or more; its trigger is the first lexicon word in the sentence,
  else the sentence's root;
- the model's "no event" removes lexicon frames only at ``veto_threshold`` (1.0 = never).

``add_missing`` runs before entities are assigned to frames, ``retype`` after list
items took the type of the frame that introduces them. Rules that overrule the model
are named (``OVERRIDES``) and recorded on the frame. Statements (claims, denials,
threats) are the lexicon's alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Span

from ..errors import EventModelMissing
from ..models.event_type import EventClassifier, Prediction
from ..ontology import NO_EVENT, code_for, family
from .frames import Frame
from .lexicon import Lexicon

CACHE_KEY = "fp_sentence_probabilities"   # Doc.user_data: {(start_char, end_char): (alone, window)}

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
    detect_threshold: float = 0.5
    type_threshold: float = 0.35
    override_threshold: float = 0.6
    veto_threshold: float = 1.0

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
    def predict_sentences(self, sents: list[Span]) -> list[Prediction]:
        """One prediction per sentence from the mean of its probabilities alone and with its
        neighbours; reuses what ``parse.ArticleParser`` computed for the same sentences."""
        if not sents:
            return []
        cached = sents[0].doc.user_data.get(CACHE_KEY, {})
        keys = [(s.start_char, s.end_char) for s in sents]
        if all(k in cached for k in keys):
            pairs = [cached[k] for k in keys]
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
            out.append(Prediction(labels[int(order[0])], float(row[order[0]]), event, labels[int(order[1])]))
        return out

    # -- frames --------------------------------------------------------------
    def add_missing(self, sent: Span, frames: list[Frame], matches: list[tuple[str, Span]],
                    prediction: Prediction, brief: bool = True) -> list[Frame]:
        """Before entities are assigned: drop lexicon frames the model is sure are no
        event (``veto_threshold``), add the event the lexicon missed."""
        events = [f for f in frames if family(f.type) != "statement"]
        if prediction.label == NO_EVENT:
            if events and 1.0 - prediction.event_probability >= self.veto_threshold:
                return [f for f in frames if f not in events]
            return frames
        if events:
            return frames
        label, model = self._overridden(prediction.label, matches)
        code = code_for(label, self._weapon_hint(matches, events))
        sure = self.type_threshold if brief else self.override_threshold
        if (code is not None and prediction.event_probability >= self.detect_threshold
                and prediction.probability >= sure and _has_clause(sent)):
            frames.append(Frame(type=code, sent=sent, triggers=[self._trigger(sent, matches)],
                                model=model, probability=prediction.probability))
        return frames

    def retype(self, frames: list[Frame], matches: list[tuple[str, Span]], prediction: Prediction,
               brief: bool = True) -> None:
        """After list items took their heading's type: the model types the sentence's
        lexicon frames (one frame: that frame; several: the generic ``attack.other`` ones)."""
        events = [f for f in frames if family(f.type) != "statement" and f.model is None and f.introduced_by is None]
        if prediction.label == NO_EVENT or not events:
            return
        label, model = self._overridden(prediction.label, matches)
        code = code_for(label, self._weapon_hint(matches, events))
        if code is None:
            return
        if len([f for f in frames if family(f.type) != "statement"]) > 1:
            events = [f for f in events if f.type == "attack.other" and family(code) == "attack"]
        for f in events:
            # a weapon word the lexicon read ("missiles", "roadside bomb") yields only to a sure
            # model, and so does everything in a long article, where retyping moves fusion
            needed = self.override_threshold if _named_means(f, matches) or not brief else self.type_threshold
            if prediction.probability >= needed:
                f.type, f.model, f.probability = code, model, prediction.probability

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
    def _trigger(sent: Span, matches: list[tuple[str, Span]]) -> Span:
        if matches:
            return min((sp for _, sp in matches), key=lambda sp: sp.start)
        root = sent.root
        return sent.doc[root.i: root.i + 1]


def _named_means(frame: Frame, matches: list[tuple[str, Span]]) -> bool:
    """Did the lexicon type this frame from a weapon word of its own?"""
    spans = {(sp.start, sp.end) for sp in frame.triggers}
    return any(lab.startswith("W:") and (sp.start, sp.end) in spans for lab, sp in matches)


def _has_clause(sent: Span) -> bool:
    """"Fatalities: 4." reports nothing by itself: a model frame needs a verb."""
    return any(t.pos_ in ("VERB", "AUX") for t in sent) and sum(not t.is_punct for t in sent) >= 4
