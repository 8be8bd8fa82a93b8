"""Hypothesis strategies for hostile input: arbitrary text, and real-looking date,
quantity and news phrases with their numbers, words and characters mutated.

Shared by tests/test_fuzz.py (no exception allowed) and benchmarks/reliability.py
(which counts cases and exceptions for RELIABILITY.md).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

# Pieces of the phrasings news reports use, combined and then mutated below.
UNITS = ["day", "days", "night", "week", "weeks", "fortnight", "month", "months", "year", "years",
         "decade", "decades", "century", "centuries", "hour", "hours", "minute", "quarter", "weekend"]
MONTHS = ["January", "Feb.", "March", "Sept", "December", "may", "jun"]
WEEKDAYS = ["Monday", "tuesday", "Sat", "Sunday night", "Friday morning"]
SEASONS = ["spring", "summer", "winter", "autumn", "fall"]
RELATIONS = ["ago", "earlier", "later", "before", "after", "from now", "back", "prior to", "following", "hence"]
MODIFIERS = ["", "the ", "last ", "next ", "this ", "early ", "late ", "mid-", "since ", "ever since ", "the end of ",
             "the night of ", "every ", "each other ", "the past ", "the first half of ", "on ", "by "]
NUMBER_WORDS = ["a", "one", "two", "three", "a dozen", "dozens of", "hundreds of", "several", "a few", "both",
                "twenty", "half a dozen", "scores of", "zero", "no"]
QUANTITY_MODS = ["", "at least ", "more than ", "up to ", "nearly ", "fewer than ", "some ", "an estimated ", "over "]
CASUALTY_WORDS = ["killed", "killing", "dead", "died", "wounded", "injured", "hurt", "casualties", "death toll"]

huge_numbers = st.one_of(
    st.integers(min_value=0, max_value=10**30),
    st.integers(min_value=-10**6, max_value=-1),
    st.sampled_from([0, 1, 9999, 10000, 2**31 - 1, 2**31, 2**63, 10**400]),
).map(str)
numbers = st.one_of(huge_numbers, st.sampled_from(NUMBER_WORDS), st.floats(allow_nan=True).map(str),
                    st.from_regex(r"\d{1,3}(,\d{3}){0,6}", fullmatch=True))
years = st.integers(min_value=-50, max_value=20000).map(str)
ordinals = st.integers(min_value=0, max_value=400).map(lambda n: f"{n}{'th' if n % 10 > 3 or n % 10 == 0 else ['', 'st', 'nd', 'rd'][n % 10]}")

date_phrase = st.one_of(
    st.tuples(st.sampled_from(MODIFIERS), numbers, st.sampled_from(UNITS), st.sampled_from(RELATIONS))
      .map(lambda t: f"{t[0]}{t[1]} {t[2]} {t[3]}"),
    st.tuples(st.sampled_from(MODIFIERS), ordinals).map(lambda t: f"{t[0]}the {t[1]} century"),
    st.tuples(st.sampled_from(MONTHS), st.integers(-5, 400), years).map(lambda t: f"{t[0]} {t[1]}, {t[2]}"),
    st.tuples(st.sampled_from(MONTHS), years).map(lambda t: f"{t[0]} {t[1]}"),
    st.tuples(years, st.integers(-1, 99), st.integers(-1, 99)).map(lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
    st.tuples(st.integers(0, 99), st.integers(0, 99), years).map(lambda t: f"{t[0]}/{t[1]}/{t[2]}"),
    st.tuples(st.sampled_from(MODIFIERS), st.sampled_from(WEEKDAYS + SEASONS + UNITS)).map("".join),
    st.tuples(st.sampled_from(SEASONS), years).map(" ".join),
    st.tuples(years, years).map(lambda t: f"{t[0]}-{t[1]}"),
    st.tuples(st.integers(0, 99)).map(lambda t: f"the {t[0]}0s"),
    st.tuples(st.sampled_from(["Q", "first quarter of ", "fiscal "]), years).map("".join),
)


def mutate(phrase: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A phrase with characters inserted, dropped or swapped, or left as it is."""
    junk = st.text(alphabet=st.characters(codec="utf-8"), max_size=3)

    @st.composite
    def mutated(draw):
        text = draw(phrase)
        for _ in range(draw(st.integers(0, 3))):
            if not text:
                break
            at = draw(st.integers(0, len(text) - 1))
            how = draw(st.sampled_from(["insert", "drop", "swap", "upper"]))
            if how == "insert":
                text = text[:at] + draw(junk) + text[at:]
            elif how == "drop":
                text = text[:at] + text[at + 1:]
            elif how == "swap" and at + 1 < len(text):
                text = text[:at] + text[at + 1] + text[at] + text[at + 2:]
            else:
                text = text.upper()
        return text

    return mutated()


any_text = st.text(max_size=200)
publication_dates = st.one_of(st.none(), st.dates(), st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 1, 2)]))
date_texts = st.one_of(any_text, mutate(date_phrase))

quantity_phrase = st.tuples(st.sampled_from(QUANTITY_MODS), numbers, st.sampled_from(["people", "rockets", "soldiers", ""]),
                            st.sampled_from(["were ", ""]), st.sampled_from(CASUALTY_WORDS)).map(
    lambda t: f"{t[0]}{t[1]} {t[2]} {t[3]}{t[4]}")
quantity_texts = st.one_of(any_text, mutate(quantity_phrase),
                           st.tuples(st.sampled_from(CASUALTY_WORDS), st.sampled_from(QUANTITY_MODS), numbers)
                             .map(lambda t: f"The strike {t[0]} {t[1]}{t[2]} civilians."))

NEWS = [
    "Militants fired {n} rockets at the base in Kirkuk on {d}, killing {n} soldiers, officials said.",
    "A drone struck a convoy near Aleppo {d}; {n} people were wounded and {n} died later.",
    "Protesters clashed with police in Baghdad {d}. At least {n} were injured, the ministry said.",
    "The group claimed responsibility for the attack {d}, which left {n} dead and {n} hurt.",
]
news_sentence = st.tuples(st.sampled_from(NEWS), numbers, date_phrase).map(
    lambda t: t[0].replace("{n}", t[1]).replace("{d}", t[2]))
article_texts = st.one_of(
    st.text(min_size=1, max_size=600),
    st.lists(mutate(news_sentence), min_size=1, max_size=6).map(" ".join),
)
