"""Landmarks news names without their town (data/landmarks.csv): with fallback (a span known to
be a place), "Craven Cottage" is in London and "the Garter Chapel at Windsor Castle" in Windsor."""

from __future__ import annotations

import csv

import pytest

from flashpoint.config import DATA_DIR
from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.place_rules import LANDMARKS_FILE, _landmark
from flashpoint.resolve.places import geocode


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def test_every_landmark_lies_in_a_town_of_its_country(gaz):
    with open(DATA_DIR / LANDMARKS_FILE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            town = _landmark(row["name"], gaz)
            assert town is not None and town.country == row["country"], row["name"]
            assert all(_landmark(alias, gaz) is not None for alias in row["aliases"].split("|") if alias)


def test_landmark_named_alone_is_its_town(gaz):
    text = "Fulham were held to a goalless draw at Craven Cottage by a side from the north on Saturday."
    ground = geocode("Craven Cottage", context=text, gazetteer=gaz, fallback=True)
    assert ground is not None and ground.name == "London" and ground.country == "GB"
    pasadena = geocode("Rose Bowl", context="The game at the Rose Bowl sold out.", gazetteer=gaz, fallback=True)
    assert pasadena is not None and pasadena.admin1 == "California"


def test_place_inside_a_landmark_is_in_the_landmark_town(gaz):
    text = "The christening will be held in the Garter Chapel at Windsor Castle next month, a spokesman said."
    chapel = geocode("Garter Chapel", context=text, gazetteer=gaz, fallback=True)
    assert chapel is not None and chapel.name == "Windsor" and chapel.country == "GB"


def test_landmarks_only_for_spans_known_to_be_places(gaz):
    assert geocode("Craven Cottage", context="They met at Craven Cottage.", gazetteer=gaz) is None
