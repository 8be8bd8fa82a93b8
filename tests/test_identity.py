"""Stable incident ids: which regrouped incident keeps which stored id."""

import datetime as dt

from flashpoint.identity import Previous, assign_ids, new_id


def test_an_incident_that_grows_keeps_its_id():
    out = assign_ids([["m1", "m2", "m9"]], [Previous("inc_a", frozenset({"m1", "m2"}))])
    assert out.ids == ["inc_a"] and out.kept == ["inc_a"] and not out.created and not out.merged


def test_a_merge_keeps_the_oldest_id_and_redirects_the_other():
    old = Previous("inc_z", frozenset({"m1"}), dt.datetime(2024, 1, 1))
    young = Previous("inc_a", frozenset({"m2", "m3"}), dt.datetime(2024, 6, 1))
    out = assign_ids([["m1", "m2", "m3"]], [young, old])
    assert out.ids == ["inc_z"]                    # older wins over more mentions and a smaller id
    assert out.merged == {"inc_a": "inc_z"}


def test_same_age_merge_keeps_the_one_with_more_mentions():
    a = Previous("inc_a", frozenset({"m1"}))
    b = Previous("inc_b", frozenset({"m2", "m3"}))
    assert assign_ids([["m1", "m2", "m3"]], [a, b]).ids == ["inc_b"]


def test_a_split_gets_a_new_id_that_names_its_parent():
    out = assign_ids([["m1"], ["m2", "m3"]], [Previous("inc_a", frozenset({"m1", "m2", "m3"}))])
    assert out.ids[1] == "inc_a"                   # the larger part carries the id on
    assert out.ids[0] not in ("inc_a", "") and out.split_from == {out.ids[0]: "inc_a"}


def test_new_ids_come_from_the_first_mention_and_avoid_taken_ones():
    fresh = assign_ids([["m2", "m1"]], []).ids[0]
    assert fresh == new_id("m1", lambda _: False)
    salted = assign_ids([["m2", "m1"]], [], taken=lambda i: i == fresh).ids[0]
    assert salted != fresh and salted.startswith("inc_")


def test_an_incident_whose_mentions_all_went_is_deleted():
    out = assign_ids([["m5"]], [Previous("inc_a", frozenset({"m1"}))])
    assert out.deleted == ["inc_a"] and out.created == out.ids
