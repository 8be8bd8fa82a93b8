"""The northern halves of the oceans that news names on their own ("the North Atlantic", "the North
Pacific") are places of their own, centred where they lie, not the whole ocean's centre."""

from __future__ import annotations

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode


def test_north_atlantic_and_pacific_are_their_own_places():
    g = Gazetteer.default()
    text = "A trawler sank in the North Atlantic; another ship was lost in the North Pacific."
    atlantic = geocode("North Atlantic", context=text, gazetteer=g)
    pacific = geocode("North Pacific", context=text, gazetteer=g)
    assert atlantic.place_id == "xx_north_atlantic" and atlantic.lat > 30
    assert pacific.place_id == "xx_north_pacific" and pacific.lat > 20
    assert geocode("the Atlantic", context="Storms crossed the Atlantic.", gazetteer=g).place_id == "xx_atlantic"
