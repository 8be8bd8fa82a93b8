"""The toll reader on asides and the counts inside a phrase (issue 9, misses of the
Wikipedia dev rows): "including" asides with or without their closing comma, brackets,
breakdowns, "a family of six", "a total of", "fatally shooting", "N dead M injured",
"leaving two with light wounds".

Every sentence is written for this test. Each rule has its positive cases and the
counts beside it that are no victims (bombs, arrests, ages, dates, vehicles, children
of a parent).
"""

from __future__ import annotations

import pytest

from flashpoint.records import Bounds
from flashpoint.resolve.toll import read_toll


@pytest.mark.parametrize("sentence, killed", [
    # "a total of N"
    ("The twin blasts killed a total of nineteen people.", Bounds(19, 19)),
    # "fatally shooting N"
    ("A gunman opened fire in the hall, fatally shooting nine worshippers.", Bounds(9, 9)),
    # an aside that opens with a comma and "including" but does not close
    ("Four soldiers, including a captain were killed when the mine exploded.", Bounds(4, 4)),
    # an "including" aside with a list of its own
    ("Thirty villagers, including six women, two elders and a baby, were killed.", Bounds(30, 30)),
    # a count with its breakdown before the verb, the aside left unclosed
    ("Five people, two policemen and three civilians were killed in the blast.", Bounds(5, 5)),
    # a headline's "N dead M injured": the M are the injured
    ("Market bombing in the capital: 12 dead 30 injured.", Bounds(12, 12)),
    # a family's size
    ("The shell struck the house, killing an entire family of six.", Bounds(6, 6)),
    ("Militants burned to death a family of seven in the village.", Bounds(7, 7)),
    # a participle phrase with "a" between the count and a passive verb
    ("Six policemen manning a checkpoint were killed in the ambush.", Bounds(6, 6)),
    # a parenthesis between the count and the verb
    ("Two men (a shepherd and his brother) were shot dead near the border.", Bounds(2, 2)),
    ("At least nine people (4 guards, 3 nurses and 2 patients) were killed at the clinic.", Bounds(9, None)),
])
def test_asides_and_counts(sentence, killed):
    assert read_toll(sentence).killed == killed


@pytest.mark.parametrize("sentence, killed, injured", [
    ("Gunmen fired at the minibus, killing 3 of the passengers and wounding the other 4.", Bounds(3, 3), Bounds(4, 4)),
    ("At least eight people, five soldiers and three civilians were wounded in the shooting.", Bounds(), Bounds(8, None)),
    ("Nineteen people, including two policemen were wounded when the rockets hit the market.", Bounds(), Bounds(19, 19)),
    ("Market bombing in the capital: 12 dead 30 injured.", Bounds(12, 12), Bounds(30, 30)),
    ("The grenade wounded a total of eleven people outside the bank.", Bounds(), Bounds(11, 11)),
])
def test_killed_and_injured(sentence, killed, injured):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured) == (killed, injured)


@pytest.mark.parametrize("sentence, killed", [
    # a parent's children, a family's children's ages
    ("A father of four was killed when the mortar hit his shop.", Bounds(1, 1)),
    ("Gunmen shot dead a mother of three outside the school.", Bounds(1, 1)),
    ("The bomb killed the family of 6-year-old Amir.", Bounds(1, 1)),
    # a participle phrase before an active verb: the gunmen are no victims
    ("Two gunmen wearing a police uniform killed 4 people at the gate.", Bounds(4, 4)),
    # a whole with a breakdown that does not add up stays a sum of its parts
    ("Two soldiers, a policeman and three civilians were killed.", Bounds(6, 6)),
    # an aside with no list; vehicles and dates beside the count
    ("Eight people, including two children, were killed when 3 vehicles were hit.", Bounds(8, 8)),
    ("On 4 May, two guards (both brothers) were killed at the gate.", Bounds(2, 2)),
])
def test_counts_that_are_no_victims(sentence, killed):
    assert read_toll(sentence).killed == killed


@pytest.mark.parametrize("sentence, injured", [
    ("A man stabbed three guards, leaving two with moderate wounds and one with light wounds.", Bounds(3, 3)),
    ("The gunman fired at a patrol, leaving one with serious injuries.", Bounds(1, 1)),
    ("The rocket hit the school, leaving six of them with shrapnel wounds.", Bounds(6, 6)),
    ("The knife attack left him with light wounds.", Bounds(1, 1)),
    # no wounds: vehicles, weapons
    ("The gunmen fled, leaving two cars with broken windows.", Bounds()),
    ("The attackers escaped, leaving 3 bags with explosives at the gate.", Bounds()),
])
def test_left_with_wounds(sentence, injured):
    assert read_toll(sentence).injured == injured


@pytest.mark.parametrize("sentence, killed, attackers", [
    # attackers inside an "including" aside are counted apart from the whole's victims
    ("Ten people, including four gunmen, were killed in the siege.", Bounds(6, 6), Bounds(4, 4)),
    ("At least nine people including two soldiers and seven militants were killed in the clash.",
     Bounds(2, None), Bounds(7, 7)),
    ("At least 30 people, including the three suicide bombers, were killed.", Bounds(27, None), Bounds(3, 3)),
    # no attacker in the aside: the whole stands
    ("Fourteen people, including two police officers and a nurse, were killed.", Bounds(14, 14), Bounds()),
])
def test_attackers_inside_an_aside(sentence, killed, attackers):
    toll = read_toll(sentence)
    assert (toll.killed, toll.attackers_killed) == (killed, attackers)
