"""A US state's two-letter postal code written as a town's qualifier ("Dublin, OH", "Springfield,
MA 01103") names that state, as "Dublin, Ohio" and "Springfield, Mass." do; only where the name
has a town in that state."""

from __future__ import annotations

import pytest

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


@pytest.mark.parametrize("name, text, state", [
    ("Dublin", "The new clinic in Dublin, OH will open in June.", "Ohio"),
    ("Springfield", "Send entries to 12 Elm St., Springfield, MA 01103 by Friday.", "Massachusetts"),
    ("Paris", "She grew up in Paris, TN and studied nursing.", "Tennessee"),
    ("Ontario", "Ontario, CA police closed the freeway ramp.", "California"),
])
def test_postal_code_qualifier_names_the_state(gaz, name, text, state):
    place = geocode(name, context=text, gazetteer=gaz)
    assert place is not None and place.country == "US" and place.admin1 == state


def test_a_code_with_no_town_of_the_name_in_that_state_is_no_qualifier(gaz):
    place = geocode("Kabul", context="Kabul, AF - Officials met on Monday.", gazetteer=gaz)
    assert place is not None and place.country == "AF"
