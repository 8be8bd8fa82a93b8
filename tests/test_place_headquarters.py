"""A town written as where a firm is based ("an Atlanta-based chain") is not a village named like a
big city that the story's other names favour; a town of some size keeps its reading."""

from __future__ import annotations

import pytest

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def test_a_firms_base_is_no_village_named_like_a_big_city(gaz):
    text = "LINDEN, Texas - An Atlanta-based hospital chain will buy the Cass County clinic, the board said Tuesday."
    place = geocode("Atlanta", context=text, gazetteer=gaz)
    assert place is not None and place.admin1 == "Georgia"


def test_a_town_of_some_size_keeps_its_reading(gaz):
    text = "AUGUSTA, Maine - A Portland-based insurer will add 200 jobs in Kennebec County, Maine officials said."
    place = geocode("Portland", context=text, gazetteer=gaz)
    assert place is not None and place.admin1 == "Maine"


def test_a_small_base_stays_with_the_story(gaz):
    text = "MARSHALL, Texas - A Hallsville-based contractor will pave the Harrison County roads, officials said."
    place = geocode("Hallsville", context=text, gazetteer=gaz)
    assert place is None or place.admin1 == "Texas"
