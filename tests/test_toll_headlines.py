"""The toll reader on zeros told without a verb, wounds that people suffered, and "their
parents" (issue 9, misses of the Wikipedia dev rows).

Every sentence is written for this test, with the counts beside it that are no toll.
"""

from __future__ import annotations

import pytest

from flashpoint.records import Bounds
from flashpoint.resolve.toll import read_toll


@pytest.mark.parametrize("sentence, killed, injured", [
    # a headline's zero, with no verb
    ("Bomb explodes outside the stadium, no one injured.", Bounds(0, 0), Bounds(0, 0)),
    ("Nobody hurt as a shell hits the school yard.", Bounds(0, 0), Bounds(0, 0)),
    ("No one killed in blast at the bus depot.", Bounds(0, 0), Bounds()),
    # the zero as the object of the toll verb
    ("The grenade went off in the yard, injuring no one.", Bounds(0, 0), Bounds(0, 0)),
    ("The two blasts killed nobody but left 14 people injured.", Bounds(0, 0), Bounds(14, 14)),
    # "none of the N": a zero for that group, not N victims
    ("None of the 40 passengers were hurt when the bomb went off.", Bounds(), Bounds(0, 0)),
    # no zero: a claim, and "no one" as the subject of another verb
    ("No one claimed the attack that killed 4 soldiers.", Bounds(4, 4), Bounds()),
    ("No one was killed, but 5 were injured.", Bounds(0, 0), Bounds(5, 5)),
])
def test_zeros(sentence, killed, injured):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured) == (killed, injured)


@pytest.mark.parametrize("sentence, injured", [
    ("Six people suffered light to moderate injuries in the bombing of the cafe.", Bounds(6, 6)),
    ("Four troopers were killed and two sustained bullet wounds in the raid.", Bounds(2, 2)),
    ("Two children received shrapnel wounds when the mortar hit.", Bounds(2, 2)),
    # no wounds, or the attacker's
    ("The army suffered 3 defeats and heavy losses in the valley.", Bounds()),
    ("Two of the houses suffered serious damage in the blast.", Bounds()),
])
def test_suffered_wounds(sentence, injured):
    assert read_toll(sentence).injured == injured


@pytest.mark.parametrize("sentence, killed, injured", [
    ("Two children were killed and their parents were injured when the grenade hit.", Bounds(2, 2), Bounds(2, 2)),
    ("The blast killed a boy and wounded his parents.", Bounds(1, 1), Bounds(2, 2)),
    # not the parents themselves, or no count of them
    ("Their parents' house was hit and 3 were hurt.", Bounds(), Bounds(3, 3)),
    ("The parents were injured.", Bounds(), Bounds()),
])
def test_parents_are_two(sentence, killed, injured):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured) == (killed, injured)


@pytest.mark.parametrize("sentence, killed, injured, attackers", [
    # "and as many": the second group has the first one's count
    ("Three policemen and as many civilians were killed in the roadside bombing.", Bounds(6, 6), Bounds(), Bounds()),
    ("Two soldiers and as many insurgents were killed in the gunfight.", Bounds(2, 2), Bounds(), Bounds(2, 2)),
    # "as many as" is a bound, not a copy
    ("One guard and as many as 9 pilgrims were killed.", Bounds(1, 10), Bounds(), Bounds()),
    # a clause without a verb of its own after "leaving" or another toll: its "a" is one person
    ("The mine went off under the truck, leaving three soldiers dead and an officer injured.",
     Bounds(3, 3), Bounds(1, 1), Bounds()),
    ("The blast left a man killed and six others wounded.", Bounds(1, 1), Bounds(6, 6), Bounds()),
    # "a bomb killed": the bomb is no victim
    ("A bomb killed two boys near the well.", Bounds(2, 2), Bounds(), Bounds()),
    # fighters wounded are no attackers killed
    ("Two soldiers and five militants were wounded in the clash.", Bounds(), Bounds(2, 2), Bounds()),
])
def test_as_many_and_small_clauses(sentence, killed, injured, attackers):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured, toll.attackers_killed) == (killed, injured, attackers)


@pytest.mark.parametrize("sentence, killed", [
    ("The group released a video showing the execution of two hostages.", Bounds(2, 2)),
    ("Militants published images of the execution of a 90-year-old man.", Bounds(1, 1)),
    # no people, or no count of them
    ("The execution of the plan failed when the car broke down.", Bounds()),
    ("He was arrested before the execution of an attack on the base.", Bounds()),
    ("The court ordered his execution.", Bounds()),
])
def test_execution_of(sentence, killed):
    assert read_toll(sentence).killed == killed
