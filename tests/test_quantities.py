import pytest

from flashpoint.records import Bounds
from flashpoint.resolve.quantities import find_casualties, parse_count


@pytest.mark.parametrize("text,expected", [
    ("At least seven rockets", Bounds(7, None)),
    ("up to a dozen ballistic missiles", Bounds(None, 12)),
    ("half a dozen drones", Bounds(6, 6)),
    ("over a dozen ballistic missiles", Bounds(13, None)),
    ("at least half a dozen missiles", Bounds(6, None)),
    ("more than 30 rockets", Bounds(31, None)),
    ("Ten rockets", Bounds(10, 10)),
    ("14 rockets", Bounds(14, 14)),
    ("1,200 shells", Bounds(1200, 1200)),
    ("a barrage of rockets", Bounds(2, None)),
    ("dozens of drones", Bounds(24, None)),
    ("rockets", Bounds()),
])
def test_parse_count(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("sentence,killed,injured", [
    ("They caused no casualties or damage according to base officials.", Bounds(0, 0), Bounds(0, 0)),
    ("a rocket attack that killed one civilian contractor and wounded several Americans", Bounds(1, 1), Bounds(2, None)),
    ("The rockets injured at least two people and damaged homes.", Bounds(), Bounds(2, None)),
    ("The base was hit by 14 rockets, causing minor injuries.", Bounds(), Bounds(1, None)),
    ("Three soldiers were killed and at least 40 wounded.", Bounds(3, 3), Bounds(40, None)),
    ("A contractor suffered a heart attack while sheltering and later died.", Bounds(1, None), Bounds()),
    ("Officials said no American personnel were injured.", Bounds(), Bounds(0, 0)),
])
def test_find_casualties(sentence, killed, injured):
    k, i, span = find_casualties(sentence)
    assert (k, i) == (killed, injured)
    assert span is not None and 0 <= span[0] < span[1] <= len(sentence)


def test_no_casualty_figure_gives_no_span():
    assert find_casualties("The rockets landed in an empty field.") == (Bounds(), Bounds(), None)


@pytest.mark.parametrize("text", ["99999999999 rockets", "3,000,000,000 rockets", "9" * 5000 + " rockets"])
def test_counts_clamp_to_the_ceiling(text):
    from flashpoint.records import COUNT_CEILING

    assert parse_count(text) == Bounds(COUNT_CEILING, COUNT_CEILING)


def test_a_toll_above_the_ceiling_is_clamped_and_flagged():
    from flashpoint.records import COUNT_CEILING
    from flashpoint.resolve.quantities import CLAMPED_RULE, clamp_rule

    sentence = "The blast killed 2,147,483,648 people, officials said."
    killed, _, span = find_casualties(sentence)
    assert killed == Bounds(COUNT_CEILING, COUNT_CEILING)
    assert clamp_rule("casualties.v1", sentence[span[0]:span[1]]) == f"casualties.v1; {CLAMPED_RULE}"
    assert clamp_rule("casualties.v1", "killed 12 people") == "casualties.v1"


def test_bounds_never_leave_zero_to_ceiling():
    from flashpoint.records import COUNT_CEILING

    assert Bounds(5, 2**63) == Bounds(5, COUNT_CEILING)
    assert Bounds(-3, 4) == Bounds(0, 4)
    assert Bounds(COUNT_CEILING, None).max is None
