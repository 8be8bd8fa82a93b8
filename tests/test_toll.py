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
