"""Records: a Place says how it was reached (``basis``), round-trips through ``as_dict``, and a
place stored before the field existed still loads."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.fuse import _told_place
from flashpoint.records import Evidence, Mention, Place, from_dict

_EV = Evidence("a1", 0, 6, "Kirkuk", "gazetteer.v1")


def _place(**changes) -> Place:
    return Place(name="Kirkuk", country="IQ", admin1="Kirkuk", lat=35.47, lon=44.39, precision="city",
                 text="Kirkuk", place_id="gn:94824", evidence=_EV).replace(**changes)


def test_a_place_is_named_unless_told_otherwise_and_round_trips():
    assert _place().basis == "named"
    fuzzy = _place(basis="fuzzy")
    assert from_dict(Place, fuzzy.as_dict()) == fuzzy


def test_a_place_stored_before_basis_existed_loads_as_named():
    old = _place().as_dict()
    del old["basis"]
    assert from_dict(Place, old).basis == "named"


def test_a_basis_outside_the_closed_set_is_refused():
    with pytest.raises(ValueError, match="basis"):
        _place(basis="guessed")


def test_a_country_read_off_the_whole_brief_is_no_place_the_telling_names():
    sentence = Evidence("a1", 0, 40, "A bomb killed three soldiers on Monday.", "sentence")
    mention = Mention(id="m1", article="a1", type="attack.bombing", modality="asserted", trigger=sentence,
                      sentence=sentence, published=dt.date(2019, 5, 3))
    country = Place(name="Iraq", country="IQ", admin1=None, lat=33.0, lon=44.0, precision="country", text="",
                    place_id="IQ", evidence=sentence.replace(rule="gazetteer.v1; place.article_country"))
    assert _told_place(mention.replace(location=country.replace(basis="article_country"))) is None
    # the basis says it, not the words of the rule
    assert _told_place(mention.replace(location=country)) == country
    assert _told_place(mention.replace(location=_place())) == _place()
