"""Target and victim categories (resolve/targets.py, data/targets.yaml)."""

from __future__ import annotations

import pytest

from flashpoint.errors import ConfigError
from flashpoint.records import ActorRef
from flashpoint.resolve.actors import ActorRegistry
from flashpoint.resolve.targets import TargetLexicon, category_of, classify, is_civilian


@pytest.fixture(scope="module")
def reg() -> ActorRegistry:
    return ActorRegistry.default()


@pytest.mark.parametrize("text, category", [
    ("a police convoy", "security_forces"),          # the head says nothing: the modifier decides
    ("a police station", "security_forces"),
    ("a school bus", "transport"),                   # the head decides
    ("Peshawar University's main campus", "education"),
    ("a Shiite mosque", "religious"),
    ("the main market", "market"),
    ("14 passengers", "civilians"),
    ("two journalists", "journalists"),
    ("a UN vehicle", "un"),
    ("the district hospital", "health"),
    ("the governor", "officials"),
    ("30 militants", "armed_group"),
    ("the weather", None),
])
def test_category_from_words(text, category):
    assert category_of(text) == category


@pytest.mark.parametrize("text, category", [
    ("a Hezbollah base", "armed_group"),             # a named group's base is not the army's
    ("US forces", "security_forces"),
    ("Nigerian police", "security_forces"),
    ("Iraqi civilians", "civilians"),
    ("MONUSCO", "un"),
])
def test_category_from_the_registry(reg, text, category):
    assert classify(reg.resolve(text), reg).category == category


def test_unregistered_named_group_keeps_its_type(reg):
    ref = reg.named("the Kayin Liberation Front")
    assert classify(ref, reg).category == "armed_group"


def test_civilian_flag():
    assert is_civilian("civilians") and is_civilian("education") and is_civilian("journalists")
    assert not is_civilian("security_forces") and not is_civilian("armed_group") and not is_civilian(None)


def test_bad_file_says_what_to_fix(tmp_path):
    bad = tmp_path / "targets.yaml"
    bad.write_text("categories:\n  a: {side: civilian, words: [bus]}\n  b: {side: armed, words: [bus]}\n")
    with pytest.raises(ConfigError, match="'bus' is listed under both"):
        TargetLexicon.load(bad)
    bad.write_text("categories:\n  a: {words: [bus]}\n")
    with pytest.raises(ConfigError, match="side: civilian"):
        TargetLexicon.load(bad)


def test_classify_keeps_the_reference():
    ref = ActorRef(id=None, name="a church", text="a church")
    out = classify(ref)
    assert out.category == "religious" and (out.id, out.name, out.text) == (None, "a church", "a church")
