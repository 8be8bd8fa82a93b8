"""A name written after a lower-case word for a part of it ("northern Ontario", "upstate New York")
is the division, not a town named after it; not where a reading is a country ("central Mexico")."""

from __future__ import annotations

import pytest

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.place_names import _told_as_part
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def test_part_words_are_lower_case_words_before_the_name():
    assert _told_as_part("Ontario", "Ice closed lakes across northern Ontario's mining towns.")
    assert _told_as_part("New York", "Orchards in upstate New York lost their crop.")
    assert _told_as_part("Texas", "Storms hit north-west Texas overnight.")
    assert not _told_as_part("Carolina", "Storms hit North Carolina overnight.")
    assert not _told_as_part("Ontario", "The Ontario plant hired 40 workers.")


def test_a_province_told_by_a_part_of_it_beats_its_namesake_town(gaz):
    # the American towns' votes alone would make it Ontario, California
    text = ("Fishermen from Dallas, Houston and Phoenix were on a lake in northern Ontario when the ice broke. "
            "Police in Ontario said all three were rescued.")
    place = geocode("Ontario", context=text, gazetteer=gaz, fallback=True)
    assert place is not None and place.country == "CA" and place.precision == "region"


def test_upstate_names_the_state(gaz):
    text = "Apple growers in upstate New York lost half their crop to a late frost, New York officials said."
    place = geocode("New York", context=text, gazetteer=gaz, fallback=True)
    assert place is not None and place.precision == "region" and place.country == "US"


def test_a_country_told_by_a_part_of_it_stays_the_country(gaz):
    text = "Rains flooded towns across central Mexico on Sunday, and Mexico sent troops to help."
    place = geocode("Mexico", context=text, gazetteer=gaz, fallback=True)
    assert place is not None and place.precision == "country" and place.country == "MX"
