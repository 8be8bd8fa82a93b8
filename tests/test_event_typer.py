"""The classifier's verdict on a sentence (extract/event_types.py): when "none" is the single
likeliest label but the event types together outweigh it, the sentence is an event of its
likeliest type. Sentences written for this test."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.extract.event_types import SentenceTyper
from flashpoint.extract.lexicon import load_lexicon
from flashpoint.models.event_type import EventClassifier
from flashpoint.ontology import NO_EVENT
from flashpoint.pipeline import extract_article
from flashpoint.records import Article

TORN = "Rebels killed nine farmers in Kikuvo (Lubero Territory, North Kivu) on Monday."


@pytest.fixture(scope="module")
def nlp():
    from flashpoint.nlp import build_pipeline

    return build_pipeline()


def test_the_event_types_together_outvote_none(nlp):
    sent = next(nlp(TORN).sents)
    classifier = EventClassifier.default()
    alone = SentenceTyper(classifier, load_lexicon(), mass_threshold=None).predict_sentences([sent])[0]
    pooled = SentenceTyper(classifier, load_lexicon()).predict_sentences([sent])[0]
    assert alone.label == NO_EVENT and alone.event_probability >= 0.7     # the case the rule is for
    assert pooled.label != NO_EVENT and pooled.event_probability == alone.event_probability
    assert pooled.label == alone.runner_up


def test_a_torn_sentence_is_coded_end_to_end(nlp):
    mentions = extract_article(nlp, Article(id="t", text=TORN, published=dt.date(2024, 3, 4)))
    attacks = [m for m in mentions if m.modality == "asserted" and m.type.startswith("attack.")]
    assert attacks and attacks[0].killed.min == 9


@pytest.mark.parametrize("text", [
    "Liverpool's attack tore through the defence twice before half-time.",
    "The two firms hope to strike a deal on the pipeline before the summer.",
])
def test_hard_negatives_stay_out(nlp, text):
    mentions = extract_article(nlp, Article(id="t", text=text, published=dt.date(2024, 3, 4)))
    assert not [m for m in mentions if m.modality == "asserted" and not m.type.startswith("statement")]


@pytest.mark.parametrize("text, family", [
    # property destruction told as an attack or by fire: an attack on property
    ("Masked assailants set fire to a bus depot in Temuco overnight.", "attack"),
    ("An incendiary attack destroyed two lorries at a quarry near Ercilla.", "attack"),
    # plain looting stays looting
    ("Soldiers looted shops in the market of Bunia.", "strategic"),
])
def test_property_destruction_told_as_an_attack_is_an_attack(nlp, text, family):
    from flashpoint.ontology import acled_pair

    mentions = extract_article(nlp, Article(id="t", text=text, published=dt.date(2016, 3, 9)))
    kinds = load_lexicon().family
    found = [m for m in mentions if m.modality == "asserted" and acled_pair(m.type)[1] == "Looting/property destruction"]
    assert found and kinds(found[0].type) == family, [(m.type, m.modality) for m in mentions]
