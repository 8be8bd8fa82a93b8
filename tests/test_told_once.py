"""Plural attack words told as one incident, not a habit (issue 9): the object of a simple
past, a count of attacks ("several", "simultaneous"), the attacks a counted toll fell to;
cue words of habit read as whole words ("along" holds no "long"). Habits stay generic.
Sentences written for this test."""

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


def _attacks(nlp, text):
    mentions = extract_article(nlp, Article(id="t", text=text, published=dt.date(2016, 3, 9)))
    family = load_lexicon().family
    return [m for m in mentions if family(m.type) == "attack" and m.modality == "asserted"]


@pytest.mark.parametrize("text", [
    # the object of a simple past
    "Masked men threw grenades at a checkpoint before fleeing on motorbikes.",
    # counted by an adjective
    "Several grenades are thrown at a bus carrying pilgrims.",
    "Gunmen launched simultaneous attacks against two army posts, killing five soldiers.",
    # the attacks a counted toll fell to
    "Four police officers were killed in attacks by separatist rebels.",
    "Around 12 guards were wounded by gunshots and hand grenades.",
])
def test_plural_attacks_told_once_are_asserted(nlp, text):
    assert _attacks(nlp, text), text


@pytest.mark.parametrize("text", [
    "Thousands of people have been killed in attacks by the group.",
    "The rebels have planted roadside bombs along this road for years.",
])
def test_habits_stay_generic(nlp, text):
    assert not _attacks(nlp, text), text


def test_cue_words_of_habit_are_whole_words(nlp):
    from flashpoint.extract.frames import Frame
    from flashpoint.extract.modality import _generic

    doc = nlp("A clerk was killed along with her son when gunmen stormed the house.")
    stormed = next(t for t in doc if t.lower_ == "stormed")
    frame = Frame(type="attack.on_civilians", sent=next(doc.sents), triggers=[doc[stormed.i: stormed.i + 1]])
    assert not _generic(frame, load_lexicon())      # "along" holds no "long"
    doc = nlp("A clerk was killed in a long campaign when gunmen stormed the house.")
    stormed = next(t for t in doc if t.lower_ == "stormed")
    frame = Frame(type="attack.on_civilians", sent=next(doc.sents), triggers=[doc[stormed.i: stormed.i + 1]])
    assert _generic(frame, load_lexicon())
