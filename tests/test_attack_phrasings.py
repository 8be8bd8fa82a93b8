"""Attack phrasings of incident lists that the lexicon reads as attacks (issue 9): the
present tense of headlines and lists ("gunmen open fire", "shoot dead") and killings told by
their manner ("hacked to death"). Sentences written for this test."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.extract.lexicon import load_lexicon
from flashpoint.pipeline import extract_article
from flashpoint.records import Article


@pytest.fixture(scope="module")
def nlp():
    from flashpoint.nlp import build_pipeline

    return build_pipeline()


@pytest.mark.parametrize("text, country", [
    ("Gunmen open fire on a minibus near Quetta, killing six passengers.", "PK"),
    ("A gunman opens fire at a wedding party in Kirkuk, wounding eleven guests.", "IQ"),
    ("Militants shoot dead two traffic policemen in Peshawar.", "PK"),
    ("A shopkeeper was hacked to death by unknown attackers in Sylhet on Tuesday.", "BD"),
    # the attacker told as a suicide car bomber, with a verb no attack word ('rammed')
    ("A suicide car bomber rammed a police convoy in Kandahar, killing four officers.", "AF"),
    # 'bombed' as a verb ('bombing' and 'bomb' were the lexicon's only forms)
    ("Insurgents bombed a police station in Kunduz on Monday.", "AF"),
    # a headline's 'kills' that the tagger reads as a plural noun, with its object
    ("A lone jihadist terrorist kills at least nine people in Mosul.", "IQ"),
])
def test_list_phrasings_make_an_attack(nlp, text, country):
    mentions = extract_article(nlp, Article(id="t", text=text, published=dt.date(2016, 3, 9)))
    family = load_lexicon().family
    attacks = [m for m in mentions if family(m.type) == "attack" and m.modality == "asserted"]
    assert attacks, text
    assert attacks[0].location is not None and attacks[0].location.country == country


@pytest.mark.parametrize("text", ["A terrorist act occurred in the town hall overnight.",
                                  "Officials called the fire at the depot an act of terrorism."])
def test_an_attack_named_a_terrorist_act_is_an_attack_word(nlp, text):
    from flashpoint.extract.lexicon import build_matcher

    doc = nlp(text)
    found = {nlp.vocab.strings[label] for label, _, _ in build_matcher(nlp.vocab, load_lexicon())(doc)}
    assert "A" in found
