"""A North American phone number's area code votes for the state or province it rings in."""

from __future__ import annotations

from flashpoint.resolve.document_prior import _phone_places
from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


def test_area_code_names_its_state():
    g = Gazetteer.default()
    text = "Tickets are on sale; call (631) 555-0143 or 631-555-0199, or 1-800-555-0100 toll free."
    assert [e.id for e in _phone_places(text, g)] == ["us_ny"]
    assert _phone_places("The score was 2017-2018 and 123-45-6789 is no phone.", g) == []


def test_phone_number_picks_the_namesake_in_its_state():
    g = Gazetteer.default()
    plain = "The clinic in Huntington is taking new patients; ask at the front desk."
    local = "The clinic in Huntington is taking new patients; call 631-555-0143 for an appointment."
    assert geocode("Huntington", context=plain, gazetteer=g).admin1 == "West Virginia"
    assert geocode("Huntington", context=local, gazetteer=g).admin1 == "New York"


def test_village_named_like_a_country_is_read_in_the_state_its_phone_numbers_ring_in():
    g = Gazetteer.default()
    local = "The Jordan library will hold its book sale on Saturday. For details call 952-555-0123."
    plain = "The Jordan library will hold its book sale on Saturday. Details are online."
    town = geocode("Jordan", context=local, gazetteer=g)
    assert town.country == "US" and town.admin1 == "Minnesota"
    assert geocode("Jordan", context=plain, gazetteer=g).country == "JO"


def test_a_tip_line_spelt_in_letters_rings_in_its_state_too():
    g = Gazetteer.default()
    text = "Anyone with information should call the tip line at (806) 555-TIPS or 806-555-HELP."
    assert [e.id for e in _phone_places(text, g)] == ["us_tx"]
    assert _phone_places("The PAC-MAN and 2019-CASE files are no phones.", g) == []
