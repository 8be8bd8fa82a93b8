"""Property tests over hostile input: no phrase, date, figure or text makes the date
resolver, the quantity parser, the ingest readers or the whole extraction raise.

Examples are capped so the file runs in well under a minute; the strategies live in
tests/hostile.py, which benchmarks/reliability.py also runs for RELIABILITY.md.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.dating import from_incidents, from_text
from flashpoint.ingest import read_sources
from flashpoint.records import COUNT_CEILING, Article, Rejected, When
from flashpoint.resolve.quantities import find_casualties, parse_count
from flashpoint.resolve.timex import find_timexes, normalise_timex
from flashpoint.resolve.when import resolve_when
from hostile import any_text, article_texts, date_texts, publication_dates, quantity_texts

FAST = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODEL = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


def _valid(when: When | None) -> bool:
    return when is None or (when.start is not None and (when.end is None or when.start <= when.end)   # "since X": open end
                            and when.precision in ("day", "week", "month", "year"))


@FAST
@given(text=date_texts, published=publication_dates, anchor=st.one_of(st.none(), st.dates()))
def test_resolve_when_never_raises(text, published, anchor):
    anchor_when = When(anchor, anchor, "day", "anchor") if anchor else None
    assert _valid(resolve_when(text, published, anchor=anchor_when))


@FAST
@given(text=date_texts, dct=st.dates(), prefer=st.sampled_from(["past", "future"]))
def test_normalise_timex_never_raises(text, dct, prefer):
    value = normalise_timex(text, dct, prefer=prefer)
    assert value is None or (value[0] in ("DATE", "TIME", "DURATION", "SET") and isinstance(value[1], str))


@FAST
@given(text=date_texts, today=st.dates())
def test_dating_from_text_never_raises(text, today):
    estimate = from_text(text, today)
    assert estimate is None or estimate.date <= today
    assert from_incidents([today]) is None or from_incidents([today]).date > today


@FAST
@given(text=quantity_texts)
def test_quantity_parser_stays_within_bounds(text):
    values = [parse_count(text), *find_casualties(text)[:2]]
    for bounds in values:
        for v in (bounds.min, bounds.max):
            assert v is None or 0 <= v <= COUNT_CEILING


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(any_text, date_texts), dct=st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 31)))
def test_find_timexes_never_raises(text, dct):
    for start, end, kind, value in find_timexes(text, dct):
        assert 0 <= start <= end <= len(text) and kind in ("DATE", "TIME", "DURATION", "SET")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl", ".html", ".warc", ".warc.gz"]))
def test_any_bytes_become_articles_or_rejects(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    items = list(read_sources([path], min_chars=1))
    assert items and all(isinstance(i, (Article, Rejected)) for i in items)


@MODEL
@given(text=article_texts, published=publication_dates)
def test_whole_extraction_never_raises(nlp, text, published):
    from flashpoint.pipeline import extract_article

    article = Article(id="fuzz", text=text, published=published, source="fuzz")
    for mention in extract_article(nlp, article):
        assert mention.article == "fuzz"
        for bounds in (mention.killed, mention.injured, mention.weapon_count):
            assert bounds.max is None or bounds.max <= COUNT_CEILING
