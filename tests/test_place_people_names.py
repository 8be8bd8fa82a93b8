"""A kinsman's given name ("his son, Jasper") is a person, not a town: it casts no vote
and cannot be the story's town."""

from __future__ import annotations

from flashpoint.resolve import document_names
from flashpoint.resolve.gazetteer import Gazetteer


def test_given_name_after_a_kinship_noun_is_a_person():
    g = Gazetteer.default()
    text = "The actor lives in Boston with his wife and their youngest son, Jasper, who starts school in May."
    assert "jasper" in document_names._people(text, g)
    assert "boston" not in document_names._people(text, g)


def test_two_word_name_that_owns_something_is_a_person_even_after_of():
    g = Gazetteer.default()
    text = "The note was written by the Senior Partner of Henry Carlisle\u2019s law firm in London."
    people = document_names._people(text, g)
    assert "carlisle" in people and "london" not in people


def test_surname_given_with_an_age_is_a_person_even_where_a_city_carries_it():
    g = Gazetteer.default()
    text = ("Officers found Marvin Lee Paris, 47, at his home near Tyler. Paris had lived there for years, "
            "and Ann B. Jordan, 39, a neighbour, called police.")
    people = document_names._people(text, g)
    assert "paris" in people
    assert "jordan" not in people          # a country's name is never taken for a woman's
    assert "tyler" not in people
