"""Names told together whose readings lie at the same spot (within CLOSE_KM): a town and the county
it is the seat of. Far-apart namesakes seldom both have one of the other this close, so the pair
picks the town's state where each name alone has namesakes in several."""

from __future__ import annotations

import pytest

from flashpoint.resolve.document_prior import CLOSE_KM, NEAR_KM
from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


@pytest.mark.parametrize("town, county, state", [
    ("Franklin", "Williamson County", "Tennessee"),
    ("Clinton", "Henry County", "Missouri"),
    ("Winchester", "Clark County", "Kentucky"),
    ("Richmond", "Madison County", "Kentucky"),
    ("Marion", "Marion County", "Ohio"),
])
def test_a_town_named_with_its_county_is_the_county_seat(gaz, town, county, state):
    text = f"Voters in {town} and the rest of {county} will decide on a school levy in the spring."
    assert geocode(town, context=text, gazetteer=gaz).admin1 == state


def test_the_close_radius_is_tighter_than_the_near_one():
    assert 0 < CLOSE_KM < NEAR_KM
