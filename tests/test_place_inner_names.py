"""The place inside a name the gazetteer lacks is not the end of another proper name ("Kettle
Hinton" is no part of Hinton) nor a division before a settlement word ("Kansas Colony" is a town,
not in Kansas): such a name falls to the story's town, while "Haymarket Village Center" is still
in Haymarket."""

from __future__ import annotations

import pytest

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def test_the_end_of_a_village_name_is_not_that_town(gaz):
    text = "NEWMARKET, England - Stalls lined the green at Kettle Hinton on Saturday."
    place = geocode("Kettle Hinton", context=text, gazetteer=gaz, fallback=True)
    assert place is not None and place.name == "Newmarket"


def test_a_division_before_a_settlement_word_names_a_town_not_the_division(gaz):
    text = "PALESTINE, Texas - A barn burned near Kansas Colony late Friday, Anderson County deputies said."
    place = geocode("Kansas Colony", context=text, gazetteer=gaz, fallback=True)
    assert place is not None and place.admin1 == "Texas" and place.name != "The Colony"


def test_a_town_opening_a_facility_name_still_places_it(gaz):
    text = "Shops opened at Haymarket Village Center in Haymarket, Virginia, on Friday."
    place = geocode("Haymarket Village Center", context=text, gazetteer=gaz, fallback=True)
    assert place is not None and place.name == "Haymarket"
