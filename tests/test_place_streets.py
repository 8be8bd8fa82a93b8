"""A name the text writes as a street's ("Toulouse Street", "the corner of Elm and Oak")
is a street of the story's town, not the far town of that name (geocode's ``start``)."""

from __future__ import annotations

import pytest

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode

TOWN = ("NEW ORLEANS - A brass band marched through New Orleans on Saturday. The parade went down "
        "Toulouse and Chartres streets before it stopped at the corner of Chartres and Paris near the river.")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer(min_city_population=15000)


def _at(name: str, nth: int = 0) -> int:
    at = -1
    for _ in range(nth + 1):
        at = TOWN.index(name, at + 1)
    return at


def test_name_before_street_word_is_a_street_of_the_town(gaz):
    for name, nth in (("Toulouse", 0), ("Chartres", 1), ("Paris", 0)):
        place = geocode(name, context=TOWN, gazetteer=gaz, fallback=True, start=_at(name, nth))
        assert place is not None and place.name == "New Orleans" and place.country == "US", name


def test_name_elsewhere_in_the_text_keeps_its_reading(gaz):
    text = "The mayor of Toulouse flew to Paris on Monday for talks."
    place = geocode("Toulouse", context=text, gazetteer=gaz, fallback=True, start=text.index("Toulouse"))
    assert place is not None and place.country == "FR"


def test_without_start_or_fallback_nothing_changes(gaz):
    plain = geocode("Toulouse", context=TOWN, gazetteer=gaz, fallback=True)
    assert plain is not None and plain.country == "FR"
    no_fallback = geocode("Toulouse", context=TOWN, gazetteer=gaz, start=_at("Toulouse"))
    assert no_fallback is not None and no_fallback.country == "FR"


def test_crossing_written_with_a_slash(gaz):
    text = "NEW ORLEANS - Police closed the Toulouse/Esplanade intersection after the crash."
    place = geocode("Toulouse", context=text, gazetteer=gaz, fallback=True, start=text.index("Toulouse"))
    assert place is not None and place.name == "New Orleans"


def test_square_named_like_a_suburb_is_the_square_of_the_story_town(gaz):
    text = ("NEW ORLEANS - Musicians played in Franklin Square on Sunday, and the crowd walked on to "
            "the river before dark. New Orleans police closed two blocks.")
    square = geocode("Franklin Square", context=text, gazetteer=gaz, fallback=True)
    assert square is not None and square.name == "New Orleans"


def test_suburb_in_the_story_division_stays_the_suburb(gaz):
    text = ("HEMPSTEAD, N.Y. - Firefighters from Hempstead and Franklin Square put out a house fire "
            "on Long Island on Sunday.")
    town = geocode("Franklin Square", context=text, gazetteer=gaz, fallback=True)
    assert town is not None and town.name == "Franklin Square" and town.admin1 == "New York"


def test_state_body_named_with_a_country_code_or_demonym_is_the_country(gaz):
    text = ("LONDON - Shares fell in London on Tuesday after the US Federal Reserve raised rates. "
            "The Mexican Senate met the same day, and the Bank of Japan held its rate.")
    for name, iso in (("US Federal Reserve", "US"), ("Mexican Senate", "MX")):
        place = geocode(name, context=text, gazetteer=gaz, fallback=True)
        assert place is not None and place.country == iso and place.precision == "country", name
    bank = geocode("Bank of Japan", context=text, gazetteer=gaz, fallback=True)
    assert bank is not None and bank.name == "Tokyo"          # 'Bank of X': the capital, as before
    road = geocode("US Highway 61", context="MEMPHIS, Tenn. - A truck overturned on US Highway 61.",
                   gazetteer=gaz, fallback=True)
    assert road is None or road.country == "US" and road.precision != "country"


def test_demonym_before_a_quarter_names_no_state_body(gaz):
    text = "NEW ORLEANS - Tourists filled the French Quarter in New Orleans on Friday."
    quarter = geocode("French Quarter", context=text, gazetteer=gaz, fallback=True)
    assert quarter is not None and quarter.country == "US"


def test_part_of_a_town_written_as_owned_by_it():
    g = Gazetteer.default()
    text = "Police were deployed in Nairobi's Eastleigh district after the blast on Friday."
    part = geocode("Eastleigh", context=text, gazetteer=g, fallback=True, start=text.index("Eastleigh"))
    assert part is not None and part.name == "Nairobi"          # not Eastleigh, Hampshire
    assert geocode("Eastleigh", context=text, gazetteer=g, fallback=True).country == "GB"     # no offset: as before
    text = "Residents of Syria's Jobar fled on Friday."
    inside = geocode("Jobar", context=text, gazetteer=g, fallback=True, start=text.index("Jobar"))
    assert inside is not None and inside.name == "Jobar"         # a place inside the owner keeps its own reading


def test_town_before_road_names_where_the_road_leads(gaz):
    text = "MOSUL - Troops blocked the Baghdad Road south of Mosul on Sunday."
    place = geocode("Baghdad", context=text, gazetteer=gaz, fallback=True, start=text.index("Baghdad"))
    assert place is not None and place.name == "Baghdad"


def test_embassy_named_with_its_state_is_not_that_state(gaz):
    text = "NAIROBI - The US Embassy warned citizens to avoid the city centre on Friday."
    place = geocode("US Embassy", context=text, gazetteer=gaz, fallback=True)
    assert place is not None and place.country == "KE"
