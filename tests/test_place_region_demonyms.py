"""Words for the people of a region or a nation that news uses ("Arab", "Scandinavian", "Balkan",
"Brits", "Aussie", "Kiwi") name that region or country, not a town spelt alike (Arab, Alabama;
Brits, South Africa; Balkan, Turkmenistan) unless the text qualifies the town."""

from __future__ import annotations

import pytest

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


@pytest.mark.parametrize("word, text, expected", [
    ("Arab", "Arab foreign ministers met in Cairo on Sunday.", "xx_middle_east"),
    ("Middle Eastern", "Middle Eastern buyers bid for the port.", "xx_middle_east"),
    ("Scandinavian", "Scandinavian airlines cut flights.", "xx_scandinavia"),
    ("Balkan", "Balkan leaders signed the transit deal.", "xx_balkans"),
    ("Brits", "Brits queued at the airport for hours.", "GB"),
    ("Aussie", "The Aussie swimmer won gold.", "AU"),
    ("Kiwi", "The Kiwi skipper praised his crew.", "NZ"),
])
def test_people_words_name_their_region_or_country(gaz, word, text, expected):
    place = geocode(word, context=text, gazetteer=gaz)
    assert place is not None and place.place_id == expected, (word, place)


def test_a_qualified_town_is_no_people(gaz):
    place = geocode("Arab", context="Police in Arab, Alabama, arrested a man on Friday.", gazetteer=gaz)
    assert place is not None and place.country == "US" and place.admin1 == "Alabama"
