"""A town written as where a firm is based ("a Nashville-based chain") is the city known by the name,
not a namesake that the story's other names favour; a small one stays with the story."""

from __future__ import annotations

import pytest

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def test_a_firms_base_is_the_big_city(gaz):
    text = "CLEVELAND, Ga. - A Nashville-based hospital chain will buy the White County clinic, the board said Tuesday."
    place = geocode("Nashville", context=text, gazetteer=gaz)
    assert place is not None and place.admin1 == "Tennessee"


def test_a_small_base_stays_with_the_story(gaz):
    text = "MARSHALL, Texas - A Hallsville-based contractor will pave the Harrison County roads, officials said."
    place = geocode("Hallsville", context=text, gazetteer=gaz)
    assert place is None or place.admin1 == "Texas"
