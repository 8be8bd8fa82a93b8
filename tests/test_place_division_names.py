"""A division is read as named after its main town ("Basra", "Arbil": the towns) only where that
town is of some size: a hamlet of the name inside it does not take the division's name away."""

from __future__ import annotations

import pytest

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def test_a_hamlet_inside_a_division_does_not_take_its_name(gaz):
    hamlets = [e for e in gaz.lookup("Xinjiang") if e.kind == "city"]
    assert hamlets and all(e.population < 10000 for e in hamlets)     # the gazetteer's case this pins
    text = "Officials in Washington criticized detention camps in Xinjiang on Tuesday."
    place = geocode("Xinjiang", context=text, gazetteer=gaz, fallback=True)
    assert place is not None and place.precision == "region" and place.country == "CN"


def test_a_division_named_after_its_main_town_is_still_the_town(gaz):
    place = geocode("Basra", context="Fighting flared near Basra, Iraqi officials said.", gazetteer=gaz)
    assert place is not None and place.precision == "city" and place.country == "IQ"
