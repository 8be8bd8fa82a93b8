"""The toll reader on lists of victims (issue 9, misses of the Wikipedia dev rows).

Every sentence is written for this test. Each rule has its positive cases and the
counts beside it that are no victims (bombs, arrests, ages, dates, vehicles).
"""

from __future__ import annotations

import pytest

from flashpoint.records import Bounds
from flashpoint.resolve.toll import read_toll


@pytest.mark.parametrize("sentence, killed", [
    # "all N" as the last item of a list
    ("The bomb brought the airliner down, killing 61 passengers and all 7 crew members.", Bounds(68, 68)),
    ("The rebels ambushed the truck, killing four guards and all three drivers.", Bounds(7, 7)),
    # a list of single victims that an "and" closes, after a comma
    ("Gunmen raided the dormitory, killing 14 students, a teacher and a night watchman.", Bounds(16, 16)),
    ("The militants stormed the post, killing three soldiers, a cook, and an interpreter.", Bounds(5, 5)),
    # past an "including" aside to the group the "and" adds
    ("The sniper killed 6 pilgrims, including two boys, and a police officer near the shrine.", Bounds(7, 7)),
    # a named victim before "and N others" or "and N guards"
    ("Colonel Rashid Omar and six of his guards were killed in the ambush.", Bounds(7, 7)),
    ("Judge Karimi and two others were killed when the bomb went off under his car.", Bounds(3, 3)),
    # "was killed along with ..."
    ("The district mayor was killed along with his driver and two bodyguards.", Bounds(4, 4)),
    ("A tribal elder, Haji Nasir, was shot dead along with his son.", Bounds(2, 2)),
])
def test_lists_of_victims(sentence, killed):
    assert read_toll(sentence).killed == killed


@pytest.mark.parametrize("sentence, killed", [
    # counts that are no victims stay out of the lists
    ("The blast killed 14 people, a spokesman and a witness said.", Bounds(14, 14)),
    ("Militants planted two bombs and killed three soldiers, and 5 suspects were arrested.", Bounds(3, 3)),
    ("The raid killed two guards, and police arrested four suspects.", Bounds(2, 2)),
    ("Police and 3 civilians were killed, officials said.", Bounds(3, 3)),
    ("Afghan and 3 NATO soldiers were killed.", Bounds(3, 3)),
    ("On 12 March, Ahmed Ali and two guards were killed.", Bounds(3, 3)),
    ("The bomber and two others were killed.", Bounds(2, 2)),
    ("Gunmen killed Omar Farouk and two others were wounded.", Bounds(1, 1)),
    ("The 45-year-old judge was killed along with two of his 20-year-old guards.", Bounds(3, 3)),
    ("Ten soldiers were killed along with five militants.", Bounds(10, 10)),
    ("Twelve were killed along with thirty wounded in the market.", Bounds(12, 12)),
    ("Nine were killed along with an unknown number of wounded.", Bounds(9, 9)),
    ("The bomb killed 9 people, including two children, and wounded 30.", Bounds(9, 9)),
    ("Gunmen killed five villagers, including a teacher, and two others were wounded.", Bounds(5, 5)),
])
def test_counts_that_are_no_victims(sentence, killed):
    assert read_toll(sentence).killed == killed


@pytest.mark.parametrize("sentence, killed, injured, attackers", [
    # a second group told with "also" adds to the first
    ("In the gunfight 3 policemen were killed and 4 wounded, and a passer-by was also killed.",
     Bounds(4, 4), Bounds(4, 4), Bounds()),
    ("Nine people were wounded and two firemen were also wounded when the second device exploded.",
     Bounds(), Bounds(11, 11), Bounds()),
    # attackers told with "also" are counted apart; a zero adds nothing
    ("Three soldiers were killed and two attackers were also killed.", Bounds(3, 3), Bounds(), Bounds(2, 2)),
    ("Two guards were killed and no civilians were also killed.", Bounds(2, 2), Bounds(), Bounds()),
])
def test_also_adds_a_group(sentence, killed, injured, attackers):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured, toll.attackers_killed) == (killed, injured, attackers)


def test_fighters_along_with_victims_are_attackers():
    toll = read_toll("Ten soldiers were killed along with five militants.")
    assert (toll.killed, toll.attackers_killed) == (Bounds(10, 10), Bounds(5, 5))


@pytest.mark.parametrize("sentence", [
    "Three people, a soldier and two civilians, were killed in the blast near the depot.",
    "Twelve villagers including four children were wounded when the shell landed.",
    "Captain Idris Bello and nine policemen were killed, and 20 others were injured.",
])
def test_every_cut_of_a_sentence_reads_without_error(sentence):
    # A feed may cut a description anywhere: the reader must answer for every prefix
    # (a group that ends the text has no token after it), never raise.
    words = sentence.split()
    for cut in range(1, len(words) + 1):
        read_toll(" ".join(words[:cut]))
    assert read_toll(sentence).killed is not None or read_toll(sentence).injured is not None
