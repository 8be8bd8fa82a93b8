"""The Wikipedia-list measurement (benchmarks/wiki_arguments.py): its key readings and
scoring on hand-made cases, and the split it reads."""

from __future__ import annotations

import pytest

from benchmarks.wiki_arguments import WIKI_FILE, _named, _victims, count_ok, key_country, load_rows
from flashpoint.records import Bounds


@pytest.mark.parametrize("column, text, named", [
    ("Boko Haram (suspected)", "Suspected Boko Haram fighters raided a village.", "Boko Haram"),
    ("Al-Shabaab", "Al Shabaab gunmen stormed a hotel.", "Al-Shabaab"),
    ("Taliban", "A bomb went off near a school.", None),                  # the text does not name it
    ("Unknown", "Unknown gunmen shot a trader.", None),
    ("Lone wolf", "A lone wolf attacker stabbed two people.", None),
    ("Militants", "Militants attacked a checkpoint.", None),
    ("PKK, TAK", "The PKK and TAK were blamed.", None),                    # several groups at once
])
def test_which_perpetrators_are_scored(column, text, named):
    assert _named(column, text) == named


@pytest.mark.parametrize("value, victims", [("12", 12), ("0 (+1)", 0), ("3 (+2)", 3), ("Unknown", None),
                                            ("1+", None), ("", None), ("10-12", None)])
def test_victims_column(value, victims):
    assert _victims(value) == victims


@pytest.mark.parametrize("gold, bounds, ok", [
    (12, Bounds(12, 12), True),
    (12, Bounds(12, None), True),        # "at least 12"
    (12, Bounds(10, 15), True),          # a range holding it
    (12, Bounds(13, None), False),       # "more than 12" is 13 and up
    (12, Bounds(None, 12), False),       # "up to 12" gives no least figure
    (12, Bounds(), False),
    (0, Bounds(0, 0), True),
])
def test_count_scoring(gold, bounds, ok):
    assert count_ok(gold, bounds) is ok


@pytest.mark.parametrize("location, text, country", [
    ("Urabá, Colombia", "A helicopter came down in Urabá.", "CO"),
    ("Belfast, Northern Ireland", "A bomb went off in Belfast.", "GB"),      # a division only one country has
    ("Belfast, Northern Ireland", "A bomb went off at an MP's home.", None),  # the text names no part of it
    ("Hebron, West Bank", "A settler was stabbed near Hebron.", "PS"),
    ("East Jerusalem", "A stabbing in East Jerusalem.", None),                # disputed: not scored
    ("Moscow, USSR", "A blast in Moscow.", None),                            # a former state: not scored
    ("Kiryat Arba, West Bank, Israel", "A shooting near Kiryat Arba.", None),  # two countries: not scored
    ("Armenia, Colombia", "A bomb went off in Armenia.", "CO"),              # a town named like a country
    # two places in two countries: not scored; two places of one country are
    ("Paris, France/Brussels, Belgium", "Parcel bombs were found in Paris and Brussels.", None),
    ("Quetta/Islamabad, Pakistan", "Bombs went off in Quetta and Islamabad, Pakistan.", "PK"),
])
def test_which_countries_are_scored(location, text, country):
    assert key_country(location, text) == country


@pytest.mark.skipif(not WIKI_FILE.exists(), reason="needs ../shared/training")
def test_splits_keep_their_years():
    dev, test = load_rows("dev"), load_rows("test")
    assert dev and test
    assert max(r.published.year for r in dev) <= 2016
    assert min(r.published.year for r in test) >= 2018
