"""token_rules.TokenRules gives the Doc the model's attribute_ruler gives, token for token."""

from __future__ import annotations

import spacy

from flashpoint.config import Settings
from flashpoint.token_rules import use_token_rules

TEXTS = [
    "Gunmen killed seven villagers in an attack on Kaura in Zamfara State on Sunday, police said.",
    "I ain't gonna say it, but let's go. There is a man; there were two. It's him, isn't it?",
    "We gotta   leave\n\n  now: you told me, and I told you. Do you have it? He did, and she has.",
    "That which they did was wrong, but these were not the ones. Both of them said so.",
    "\n", "", "  Rockets hit the base.\n\nNo one was hurt.  ",
]


def _attrs(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_the_same_annotations_as_the_attribute_ruler():
    model = Settings().spacy_model
    reference, ours = spacy.load(model), spacy.load(model)
    use_token_rules(ours)
    assert "attribute_ruler" not in ours.pipe_names and "fp_token_rules" in ours.pipe_names
    for a, b in zip(reference.pipe(TEXTS), ours.pipe(TEXTS)):
        assert _attrs(a) == _attrs(b), a.text
