"""A state's body named with its country's code or demonym stands for the country; the words of a
body's name are titles.yaml's (named_groups' government, state forces and police words, and its
own state_body_words), read by resolve.actor_words."""

from __future__ import annotations

import pytest
import yaml

from flashpoint.errors import ConfigError
from flashpoint.resolve import actor_words
from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def test_body_words_are_the_group_words_and_the_own_list():
    titles = yaml.safe_load((actor_words.DATA_DIR / "titles.yaml").read_text(encoding="utf-8"))
    words = actor_words.state_body_words()
    for kind in actor_words.STATE_BODY_GROUPS:
        assert {w.lower() for w in titles["named_groups"][kind]} <= words, kind
    assert {"treasury", "senate", "reserve"} <= words
    assert "embassy" not in words and "consulate" not in words      # a state's mission sits abroad


def test_a_group_word_names_a_state_body(gaz):
    text = "MARSEILLE - The French Gendarmerie closed the port road on Monday, and the UK Treasury was told."
    for name, iso in (("French Gendarmerie", "FR"), ("UK Treasury", "GB")):
        place = geocode(name, context=text, gazetteer=gaz, fallback=True)
        assert place is not None and place.country == iso and place.precision == "country", name


def test_missing_lists_are_a_config_error(tmp_path, monkeypatch):
    (tmp_path / "titles.yaml").write_text("named_groups:\n  police: [police]\n", encoding="utf-8")
    monkeypatch.setattr(actor_words, "DATA_DIR", tmp_path)
    actor_words.state_body_words.cache_clear()
    try:
        with pytest.raises(ConfigError, match="state_body_words"):
            actor_words.state_body_words()
    finally:
        monkeypatch.undo()
        actor_words.state_body_words.cache_clear()
    assert actor_words.state_body_words()
