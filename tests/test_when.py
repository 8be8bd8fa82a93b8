"""Date resolution: exact intervals for news phrasings, and properties that hold for any date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.records import Evidence, When
from flashpoint.resolve.timex import find_timexes, normalise_timex
from flashpoint.resolve.when import WEEKDAYS, resolve_when

D = dt.date
PUB = D(2021, 3, 16)  # a Tuesday

CASES = [
    ("Monday night", PUB, D(2021, 3, 15), D(2021, 3, 15), "day"),
    ("Tuesday", PUB, PUB, PUB, "day"),
    ("last Wednesday", PUB, D(2021, 3, 10), D(2021, 3, 10), "day"),
    ("last Tuesday", PUB, D(2021, 3, 9), D(2021, 3, 9), "day"),
    ("Tuesday evening", PUB, PUB, PUB, "day"),
    ("early Sunday", PUB, D(2021, 3, 14), D(2021, 3, 14), "day"),
    ("last week", PUB, D(2021, 3, 9), D(2021, 3, 15), "week"),
    ("the previous week", PUB, D(2021, 3, 9), D(2021, 3, 15), "week"),
    ("last month", PUB, D(2021, 2, 1), D(2021, 2, 28), "month"),
    ("last month", D(2021, 1, 5), D(2020, 12, 1), D(2020, 12, 31), "month"),
    ("June 27", PUB, D(2020, 6, 27), D(2020, 6, 27), "day"),
    ("Feb. 25", PUB, D(2021, 2, 25), D(2021, 2, 25), "day"),
    ("On July 9", PUB, D(2020, 7, 9), D(2020, 7, 9), "day"),
    ("In October", D(2022, 3, 10), D(2021, 10, 1), D(2021, 10, 31), "month"),
    ("this summer", PUB, D(2021, 6, 21), D(2021, 9, 22), "month"),
    ("since January 2020", PUB, D(2020, 1, 1), PUB, "month"),
    ("2018", PUB, D(2018, 1, 1), D(2018, 12, 31), "year"),
    ("earlier in the day", PUB, PUB, PUB, "day"),
    ("today", PUB, PUB, PUB, "day"),
    ("tonight", PUB, PUB, PUB, "day"),
    ("yesterday", PUB, D(2021, 3, 15), D(2021, 3, 15), "day"),
    ("March 3, 2020", PUB, D(2020, 3, 3), D(2020, 3, 3), "day"),
    ("3 March 2020", PUB, D(2020, 3, 3), D(2020, 3, 3), "day"),
    ("two weeks ago", PUB, D(2021, 3, 1), D(2021, 3, 7), "week"),
    ("three days ago", PUB, D(2021, 3, 13), D(2021, 3, 13), "day"),
    ("last year", PUB, D(2020, 1, 1), D(2020, 12, 31), "year"),
    ("the 1990s", PUB, D(1990, 1, 1), D(1999, 12, 31), "year"),
    ("last weekend", PUB, D(2021, 3, 13), D(2021, 3, 14), "week"),
    ("the first quarter", PUB, D(2021, 1, 1), D(2021, 3, 31), "month"),
    ("3 p.m. Monday", PUB, D(2021, 3, 15), D(2021, 3, 15), "day"),
    ("Christmas", PUB, D(2020, 12, 25), D(2020, 12, 25), "day"),
]


@pytest.mark.parametrize("text,pub,start,end,precision", CASES)
def test_resolves_news_phrasings(text, pub, start, end, precision):
    when = resolve_when(text, pub)
    assert (when.start, when.end, when.precision, when.text) == (start, end, precision, text)


ATTACK = When(D(2021, 3, 1), D(2021, 3, 1), "day", "March 1")


@pytest.mark.parametrize("text,start,end,precision", [
    ("two days after the attack", D(2021, 3, 3), D(2021, 3, 3), "day"),
    ("the previous week", D(2021, 2, 22), D(2021, 2, 28), "week"),
    ("earlier in the day", D(2021, 3, 1), D(2021, 3, 1), "day"),
    ("the day before", D(2021, 2, 28), D(2021, 2, 28), "day"),
    ("the next day", D(2021, 3, 2), D(2021, 3, 2), "day"),
])
def test_anchor_relative(text, start, end, precision):
    when = resolve_when(text, PUB, anchor=ATTACK)
    assert (when.start, when.end, when.precision) == (start, end, precision)


def test_anchor_phrases_need_an_anchor():
    assert resolve_when("two days after the attack", PUB) is None
    assert resolve_when("the next day", PUB) is None


@pytest.mark.parametrize("text", ["three years", "23 years", "decades", "a 40-year-old man", "several months", ""])
def test_durations_and_non_dates_are_none(text):
    assert resolve_when(text, PUB) is None


def test_without_publication_date_only_absolute_dates_resolve():
    assert resolve_when("June 27, 2020", None).start == D(2020, 6, 27)
    assert resolve_when("2018", None).precision == "year"
    assert resolve_when("June 27", None) is None
    assert resolve_when("last week", None) is None
    assert resolve_when("Monday", None) is None


def test_evidence_is_carried():
    ev = Evidence("a1", 10, 22, "Monday night", "when.rules")
    assert resolve_when("Monday night", PUB, evidence=ev).evidence == ev


def test_dateparser_fallback_for_other_absolute_forms():
    when = resolve_when("the 5th of March, 2019", PUB)
    assert (when.start, when.precision) == (D(2019, 3, 5), "day")


@pytest.mark.parametrize("text,value_type,value", [
    ("Friday", "DATE", "2013-03-22"),
    ("the last week", "DATE", "2013-W11"),
    ("this morning", "TIME", "2013-03-22TMO"),
    ("three years", "DURATION", "P3Y"),
    ("the past several months", "DURATION", "PXM"),
    ("every Monday", "SET", "XXXX-WXX-1"),
    ("now", "DATE", "PRESENT_REF"),
    ("early December", "DATE", "2012-12"),
    ("this summer", "DATE", "2013-SU"),
    ("the 1990s", "DATE", "199"),
])
def test_timex3_values(text, value_type, value):
    assert normalise_timex(text, D(2013, 3, 22)) == (value_type, value)


@pytest.mark.parametrize("text,value_type,value", [
    ("every four years", "SET", "P4Y"),
    ("twice a week", "SET", "P1W"),
    ("the coming weeks", "DURATION", "PXW"),
    ("years ahead", "DURATION", "PXY"),
    ("several years ago", "DATE", "PAST_REF"),
    ("a quarter of a century", "DURATION", "P25Y"),
    ("the 12th century", "DATE", "11"),
    ("the late 1970s", "DATE", "197"),
    ("the early 1990's", "DATE", "199"),
    ("the second half of 2012", "DATE", "2012-H2"),
    ("spring this year", "DATE", "2013-SP"),
    ("fiscal 2012", "DATE", "FY2012"),
    ("next week", "DATE", "2013-W13"),
    ("a fortnight ago", "DATE", "2013-W10"),
    ("the morning of March 2", "TIME", "2013-03-02TMO"),
    ("Earlier Friday", "DATE", "2013-03-22"),
    ("8 p.m. Eastern", "TIME", "2013-03-22T20:00"),
])
def test_timex3_values_beyond_spacy(text, value_type, value):
    assert normalise_timex(text, D(2013, 3, 22)) == (value_type, value)


def test_find_timexes_joins_parts_of_day_and_reads_tails():
    text = "The bodies were found on Saturday morning. Sales doubled from the same period last year."
    found = {text[s:e]: (t, v) for s, e, t, v in find_timexes(text, D(2016, 2, 3))}
    assert found["Saturday morning"] == ("TIME", "2016-01-30TMO")
    assert found["last year"] == ("DATE", "2015")


def test_find_timexes_skips_lowercase_weekday_abbreviations_and_reads_rates():
    text = "She sat down. The museum draws two million visitors a year."
    found = {text[s:e]: (t, v) for s, e, t, v in find_timexes(text, D(2016, 2, 3))}
    assert "sat" not in found
    assert found["a year"] == ("SET", "P1Y")


def test_hand_written_dev_set_scores():
    from benchmarks.tempeval3 import evaluate, load_dev

    result = evaluate(docs=load_dev())
    assert result["counts"]["gold"] >= 130
    assert result["scores"]["value"][2] >= 0.95 and result["scores"]["relaxed"][2] >= 0.97


def test_find_timexes_offsets_and_splits():
    text = "The pandemic of 2009-2010 ended. Officials said on Friday that talks will resume in April."
    found = {text[s:e]: (t, v) for s, e, t, v in find_timexes(text, D(2013, 3, 22))}
    assert found["2009"] == ("DATE", "2009") and found["2010"] == ("DATE", "2010")
    assert found["Friday"] == ("DATE", "2013-03-22")
    assert found["April"] == ("DATE", "2013-04")  # future tense looks forward


dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2035, 12, 31))
phrases = st.sampled_from(["Monday", "last Friday", "Sunday night", "June 27", "in October", "last week",
                           "last month", "this summer", "last winter", "2018", "yesterday", "the first quarter",
                           "three days ago", "since March 2015", "Feb. 29", "the 1990s", "last weekend"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(pub=dates, weekday=st.sampled_from(sorted(WEEKDAYS)), prefix=st.sampled_from(["", "last ", "early "]))
def test_weekday_never_after_publication(pub, weekday, prefix):
    when = resolve_when(prefix + weekday, pub)
    assert when.start == when.end <= pub
    assert when.start.weekday() == WEEKDAYS[weekday]
    assert pub - when.start < dt.timedelta(8 if prefix == "last " else 7)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(pub=dates, text=phrases)
def test_intervals_are_ordered_and_deterministic(pub, text):
    first, again = resolve_when(text, pub), resolve_when(text, pub)
    assert first == again
    if first is not None:
        assert first.start <= first.end
        assert first.precision in ("day", "week", "month", "year")


@pytest.mark.parametrize("text,start,end", [
    ("Last October", "2019-10-01", "2019-10-31"),
    ("last January", "2019-01-01", "2019-01-31"),
    ("this October", "2020-10-01", "2020-10-31"),
])
def test_month_with_last_or_this(text, start, end):
    when = resolve_when(text, dt.date(2020, 1, 8))
    assert (when.start.isoformat(), when.end.isoformat(), when.precision) == (start, end, "month")


@pytest.mark.parametrize("text,pub", [
    ("3000 years ago", PUB),
    ("the 0th century", PUB),
    ("99999999999 days ago", PUB),
    ("1" + "0" * 400 + " days ago", PUB),
    ("January 0000", PUB),
    ("next year", D(9999, 5, 1)),
    ("next winter", D(9999, 1, 1)),
    ("tomorrow", D(9999, 12, 31)),
    ("yesterday", D(1, 1, 1)),
    ("last week", D(1, 1, 2)),
])
def test_dates_beyond_the_calendar_are_unknown_not_errors(text, pub):
    assert resolve_when(text, pub) is None
    assert normalise_timex(text, pub) is None


@pytest.mark.parametrize("text", ["every " + "9" * 400 + " days", "the past " + "9" * 400 + " days"])
def test_amounts_too_large_to_count_are_not_normalised(text):
    assert normalise_timex(text, PUB) is None


def test_the_edges_of_the_calendar_still_resolve():
    assert resolve_when("yesterday", D(1, 1, 2)).start == D(1, 1, 1)
    assert resolve_when("the 12th century", PUB).start == D(1100, 1, 1)
