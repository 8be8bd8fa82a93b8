"""The people of a state, province or nation within a country ("Minnesotans", "Albertans",
"Scottish") name that division."""

from __future__ import annotations

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import country_of, geocode


def test_division_demonyms_name_their_division():
    g = Gazetteer.default()
    for word, place_id in (("Minnesotans", "us_mn"), ("Albertan", "ca_ab"), ("Scottish", "gb_scotland"),
                           ("West Virginians", "us_wv"), ("New Mexican", "us_nm")):
        place = geocode(word, context=f"{word} went to the polls on Tuesday.", gazetteer=g)
        assert place is not None and place.place_id == place_id, word
    assert country_of("Mexican", g) == "MX" and country_of("Virginian", g) == "US"
