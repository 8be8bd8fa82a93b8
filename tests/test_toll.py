"""The toll reader on phrasings met in real incident reporting (issue 9 item 5).

Every sentence is written for this test; the expected figures are what a careful
reader takes from it, under the conventions of data/eval/README.md (victims only,
"more than N" is N+1 and up, a breakdown of a count is not added to it).
"""

from __future__ import annotations

import pytest

from flashpoint.records import Bounds
from flashpoint.resolve.toll import read_toll


@pytest.mark.parametrize("sentence, killed", [
    # numbers written in more than one word
    ("A car bomb outside the ministry killed twenty-seven people.", Bounds(27, 27)),
    ("The shelling killed thirty four civilians in the old town.", Bounds(34, 34)),
    ("The blast at the rally killed more than forty-two people.", Bounds(43, None)),
    ("Officials said one hundred and twelve passengers died when the train was bombed.", Bounds(112, 112)),
    ("Three hundred villagers were massacred by the militia.", Bounds(300, 300)),
    ("Two-hundred prisoners were executed in the yard of the camp.", Bounds(200, 200)),
])
def test_numbers_in_several_words(sentence, killed):
    assert read_toll(sentence).killed == killed


@pytest.mark.parametrize("sentence, killed, injured", [
    # "including" with and without commas: the count is the whole group
    ("At least 15 people including four children were wounded when the mortar hit the school.",
     Bounds(), Bounds(15, None)),
    ("Nine pilgrims, including two women, were killed on the road to the shrine.", Bounds(9, 9), Bounds()),
    # an aside that breaks the count down is not a second group
    ("Six people, four guards and two drivers, were killed when the convoy was ambushed.", Bounds(6, 6), Bounds()),
    ("The gunmen opened fire, killing eleven people, three police officers and eight shoppers.",
     Bounds(11, 11), Bounds()),
    # a part of the count after a comma is not more people
    ("The explosion wounded 31, five critically.", Bounds(), Bounds(31, 31)),
    # words for the dead that the reader did not know
    ("Two grenades thrown into the bar caused five fatalities.", Bounds(5, 5), Bounds()),
    ("The ambush resulted in the deaths of seven soldiers and injuries to others.", Bounds(7, 7), Bounds()),
    ("The death toll from the suicide attack has risen to 31.", Bounds(31, 31), Bounds()),
    # a part of a group told before ("three of the injured") is no toll of its own
    ("Four of the injured were children from the nearby school.", Bounds(), Bounds()),
    ("Two of the dead were customs officers, the governor said.", Bounds(), Bounds()),
    ("Nine people were killed and 22 hurt; six of the wounded are in a critical state.", Bounds(9, 9), Bounds(22, 22)),
    # a running total told by the verb before "toll"
    ("Two more people died in hospital on Tuesday, bringing the death toll to 19.", Bounds(19, 19), Bounds()),
    ("A third body was found in the rubble, raising the toll up to twenty-two.", Bounds(22, 22), Bounds()),
    # groups that are joined still add up
    ("The raid killed two policemen and injured a civilian.", Bounds(2, 2), Bounds(1, 1)),
    ("Rebels killed four soldiers, two policemen and a teacher.", Bounds(7, 7), Bounds()),
    # "another", "an additional", "a further": more people of the same kind, counted
    ("The mine killed a farmer and wounded another 6 near the border.", Bounds(1, 1), Bounds(6, 6)),
    ("Gunmen shot dead a guard, then killed an additional three customers.", Bounds(1, 1), Bounds()),
    ("One policeman died and another was hurt when the patrol was fired on.", Bounds(1, 1), Bounds(1, 1)),
    # how badly, and "sustained injuries"
    ("A shopkeeper was moderately wounded by shrapnel.", Bounds(), Bounds(1, 1)),
    ("Four guards sustained injuries in the grenade attack.", Bounds(), Bounds(4, 4)),
    ("At least 17 worshippers lost their lives in the mosque bombing.", Bounds(17, None), Bounds()),
])
def test_toll_phrases(sentence, killed, injured):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured) == (killed, injured)


@pytest.mark.parametrize("sentence, killed", [
    # verbs of killing beyond "killed"
    ("The militia massacred 23 herders at a watering hole.", Bounds(23, 23)),
    ("The faction assassinates two judges on their way to court.", Bounds(2, 2)),
    ("Two weeks of raids claimed the lives of nine teachers.", Bounds(9, 9)),
    ("Forty passengers lost their lives aboard Ferry Star 7 when the bomb went off.", Bounds(40, 40)),
    # one person, named or not, with a singular verb or after a gerund
    ("A shepherd was hacked to death near the dam.", Bounds(1, 1)),
    ("Mayor Ana Ruiz, a critic of the cartel, was shot dead outside the town hall.", Bounds(1, 1)),
    ("Judge Pedro Vela is kidnapped and murdered by the cell.", Bounds(1, 1)),
    ("The blast under his car killed provincial council member Tomas Arce.", Bounds(1, 1)),
    ("A sniper fired on the convoy, killing its commander.", Bounds(1, 1)),
    ("Raiders stormed the house of the chief, killing him and his two sons.", Bounds(3, 3)),
    ("Veteran reporter Iman Sato died in the explosion.", Bounds(1, 1)),
    # coordinated people, each one person
    ("A farmer and his daughter were killed when the shell hit their home.", Bounds(2, 2)),
    ("The guard, the cook and a porter were killed.", Bounds(3, 3)),
    # a count far from its verb, across "members of the ..." or a bracketed acronym
    ("Six members of the local peace committee were killed in the ambush.", Bounds(6, 6)),
    ("4 Border Security Force (BSF) constables were killed in the attack.", Bounds(4, 4)),
    # what is not a count, or not a death
    ("Militants set off a bomb near the school, killing a 7-year-old boy and his mother.", Bounds(2, 2)),
    ("On 14 March gunmen were killed in the raid.", Bounds()),
    ("Gunmen fired on the car, trying to kill Governor Luis Pena.", Bounds()),
    ("The missile killed Afghan and NATO soldiers near the base.", Bounds()),
    ("In the hope of killing foreign soldiers, the bomber only managed to kill a cleaner.", Bounds(1, 1)),
    ("During the raid, three guards were killed.", Bounds(3, 3)),
    ("A ranger shot and killed him at the gate.", Bounds()),
    # "all N", on board, "including" with no closing comma, "fatally shot", "gunned down"
    ("The plane broke up over the sea and all 64 people on board were killed.", Bounds(64, 64)),
    ("Pirates boarded the ferry, killing all 9 crew.", Bounds(9, 9)),
    ("31 pilgrims including two imams were killed by the blast.", Bounds(31, 31)),
    ("Nine officers, including Colonel Ada Obi and Major Ken Udo are killed by a roadside mine.", Bounds(9, 9)),
    ("Constable Ray Hart, 24, of the city police, was fatally shot twice.", Bounds(1, 1)),
    ("Three farmers were gunned down in their field.", Bounds(3, 3)),
    # names in a list, titles with full stops, "U.S."
    ("The raid killed Capt. Ivo Marek, Lt. Col. Dan Rusu and two other officers.", Bounds(4, 4)),
    ("The ambush killed 3 U.S. Marines and a sailor.", Bounds(4, 4)),
    # ages are no counts
    ("Two boys aged 8 and 5 were killed by the mortar round.", Bounds(2, 2)),
    ("Workers at a cement plant were killed and three of their colleagues hurt.", Bounds()),
    ("Four drivers in a fuel convoy were killed.", Bounds()),
])
def test_more_ways_of_telling_the_dead(sentence, killed):
    assert read_toll(sentence).killed == killed


@pytest.mark.parametrize("sentence, injured", [
    ("The mortar round resulted in the injury of four soldiers.", Bounds(4, 4)),
    ("It caused the deaths of two porters and injuries to 11 others.", Bounds(11, 11)),
    ("A nurse and two patients were very badly hurt.", Bounds(3, 3)),
    ("Another nine were left wounded.", Bounds(9, 9)),
    ("A police officer was shot and wounded at the checkpoint.", Bounds(1, 1)),
    ("His brother, a neighbour and their driver were wounded.", Bounds(3, 3)),
    ("The gunmen opened fire on the van, wounding the four passengers.", Bounds(4, 4)),
    ("A youth stabbed a shopkeeper, leaving him with moderate wounds.", Bounds(1, 1)),
    ("Seven conscripts in Kirkuk were wounded by the car bomb.", Bounds(7, 7)),
    ("Five of his guards were wounded.", Bounds(5, 5)),
    ("Gunmen killed one guard and injured other three.", Bounds(3, 3)),
    ("Nine were killed and a dozen injured.", Bounds(12, 12)),
    ("A grenade thrown into the shop wounded critically 2 customers.", Bounds(2, 2)),
    # a later death "of his injuries" counts no one injured
    ("The attacker died of his injuries a day later.", Bounds()),
])
def test_more_ways_of_telling_the_hurt(sentence, injured):
    assert read_toll(sentence).injured == injured


@pytest.mark.parametrize("sentence, killed, injured", [
    ("A pipe bomb went off at the synagogue but no one is hurt.", Bounds(0, 0), Bounds(0, 0)),
    ("No one was killed or injured in the blast.", Bounds(0, 0), Bounds(0, 0)),
    ("The soldiers inside the vehicle were unharmed.", Bounds(0, 0), Bounds(0, 0)),
    # an unharmed target says nothing of the others
    ("The blast killed three guards; the minister escaped unhurt.", Bounds(3, 3), Bounds(0, 0)),
])
def test_nobody_hurt(sentence, killed, injured):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured) == (killed, injured)


@pytest.mark.parametrize("sentence, killed, attackers", [
    # the fighting side beside named victims is counted apart, as attackers
    ("In the clash 4 policemen and 9 guerrillas died.", Bounds(4, 4), Bounds(9, 9)),
    ("Eleven villagers and three suicide-bombers were killed at the market.", Bounds(11, 11), Bounds(3, 3)),
    # militants alone are the victims of whoever killed them
    ("An air strike killed 12 militants in the valley.", Bounds(12, 12), Bounds()),
])
def test_attackers_apart(sentence, killed, attackers):
    toll = read_toll(sentence)
    assert (toll.killed, toll.attackers_killed) == (killed, attackers)


@pytest.mark.parametrize("sentence, killed", [
    # an upper bound alone still tells that people died: at least one, at most N
    ("Up to 30 worshippers were killed in the mosque.", Bounds(1, 30)),
    ("The bombing killed as many as 12 people.", Bounds(1, 12)),
    ("Fewer than ten people died in the attack.", Bounds(1, 9)),
])
def test_upper_bound_alone(sentence, killed):
    assert read_toll(sentence).killed == killed


@pytest.mark.parametrize("sentence, killed, injured", [
    # a group that has a verb of its own is not added to the killed before it
    ("A sniper killed one and two others were wounded near the market.", Bounds(1, 1), Bounds(2, 2)),
    ("The mine killed one and another was injured.", Bounds(1, 1), Bounds(1, 1)),
    ("The bomb killed a farmer and three of his sons were badly hurt.", Bounds(1, 1), Bounds(3, 3)),
    # ... but a gerund after the group is not its verb
    ("The blast hit the convoy, killing 9 guards and 3 drivers, injuring more than a dozen others.",
     Bounds(12, 12), Bounds(13, None)),
])
def test_a_new_clause_is_a_new_group(sentence, killed, injured):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured) == (killed, injured)


@pytest.mark.parametrize("sentence", [
    "The truck bomb killed 9 people, including the bomber, outside the court.",
    "Nine people, including the bomber, were killed outside the court.",
])
def test_the_attacker_among_the_dead(sentence):
    toll = read_toll(sentence)
    assert (toll.killed, toll.attackers_killed) == (Bounds(8, 8), Bounds(1, 1))


@pytest.mark.parametrize("sentence, killed, injured", [
    # "as well as" joins groups as "and" does, also past a short place phrase
    ("The blast hit the minibus, killing three guards on board, as well as two street vendors.", Bounds(5, 5), Bounds()),
    ("The grenade wounded 11 people in the hall and four passers-by.", Bounds(), Bounds(15, 15)),
    # a count after "in <Place>" is not taken into the next clause's group
    ("Raiders killed 6 in Gao and 9 were hurt.", Bounds(6, 6), Bounds(9, 9)),
])
def test_joined_groups(sentence, killed, injured):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured) == (killed, injured)
