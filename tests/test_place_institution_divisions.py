"""A division named inside an institution's name after a word for a part of it ("Southern Illinois
University", "East Tennessee State University") votes for that division, as "Ohio Highway
Patrol" votes for Ohio: a local story's namesake town is read in that state."""

from __future__ import annotations

import pytest

from flashpoint.resolve.document_names import _division_of
from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def test_the_division_after_a_part_word_opens_the_name(gaz):
    assert _division_of("Southern Illinois University", gaz)[0] == "Illinois"
    assert _division_of("East Tennessee State University", gaz)[0] == "Tennessee"
    assert _division_of("North Carolina State University", gaz)[0] == "North Carolina"   # the whole name first
    assert _division_of("Central Park Conservancy", gaz) is None


def test_a_namesake_town_is_read_in_the_institutions_state(gaz):
    text = "The Marion school board met Tuesday. Its chair, Ann Lee, teaches at Southern Illinois University."
    assert geocode("Marion", context=text, gazetteer=gaz).admin1 == "Illinois"
    text = "The Springfield council met Tuesday; its clerk studied at Western Kentucky University."
    assert geocode("Springfield", context=text, gazetteer=gaz).admin1 == "Kentucky"
