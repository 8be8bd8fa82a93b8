"""The words and ranks the event-place rules read: prepositions, relations and their ranks,
precisions, limits, the word lists of ``data/place_words.yaml``, and ``abroad`` (a country
name that speaks of somewhere beyond it)."""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass

import yaml
from spacy.tokens import Span

from ...config import DATA_DIR
from ...resolve.place_names import COMPASS_POINTS

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Tagged as something else but standing where a place stands ("a market of Kano" as PERSON,
# "near Gwadar" as PRODUCT): kept when the gazetteer knows the name.
MISLABELLED = frozenset({"PERSON", "PRODUCT", "ORG", "NORP", "WORK_OF_ART", "EVENT", "LANGUAGE", "UNTAGGED"})   # NORP: "an Auckland supermarket"
RELATION_RANK = {"site": 8, "locative": 7, "possessive": 6, "facility_city": 6, "of_phrase": 6, "capital_of": 6,
                 "facility_town": 5, "object": 5, "modifier": 5, "headline": 3, "demonym": 2, "actor_country": 1,
                 "article_country": 0}
STRONG = frozenset(r for r, rank in RELATION_RANK.items() if rank >= RELATION_RANK["object"])
PRECISION_RANK = {"site": 4, "city": 3, "region": 2, "country": 1}
SCOPE_RANK = {"sentence": 2, "neighbour_sentence": 1, "headline": 0}
ORIGIN_PREPS = frozenset({"from"})
# "western Azerbaijan province", "Western Azerbaijan": the division named "West Azerbaijan"
COMPASS_SIDES = {"western": "West", "west": "West", "eastern": "East", "east": "East", "northern": "North",
                 "north": "North", "southern": "South", "south": "South"}
DIVISION_NOUNS = frozenset({"province", "region", "governorate", "state", "oblast", "district", "county"})
# a name made of these alone ("the North East") is a direction inside the place its 'of' names
COMPASS_WORDS = COMPASS_POINTS | {"north-east", "north-west", "south-east", "south-west", "-", "central", "centre", "center"}
BARE_PREPS = frozenset({"near", "outside"})
# a town after these is an anchor the event lies away from ("east of Jerusalem", "14 miles from Jerusalem")
RELATIVE_PREPS = frozenset({"near", "from", "outside", "outside of", "east of", "west of", "north of", "south of",
                            "northeast of", "northwest of", "southeast of", "southwest of", "north-east of",
                            "north-west of", "south-east of", "south-west of"})     # right before a name: a place, however it is parsed
# "<name>, a neighbourhood of <town>", "<name> district of <town>": the town holds the name ("a
# village of Kaduna" names the state, which the namesake rule reads at country precision)
CONTAINING_NOUNS = frozenset({"neighbourhood", "neighborhood", "district", "suburb", "suburbs", "quarter", "area",
                              "part", "outskirts", "heart", "centre", "center"})
# verbs of going into a place: their object is where the sentence's event happened
ENTRY_VERBS = frozenset({"enter", "storm", "invade", "infiltrate", "overrun", "raid"})
PROJECTILE_WORDS = frozenset({"rocket", "rockets", "missile", "missiles", "mortar", "mortars", "drone", "drones",
                              "artillery", "shell", "shells", "air", "cross-border", "border"})
# what 'from' hangs on when it says where an attack came from ("rockets fired from Lebanon", "shelling from Gaza")
LAUNCH_VERBS = frozenset({"fire", "launch", "shoot", "lob", "come", "originate"})
LAUNCH_NOUNS = PROJECTILE_WORDS | {"fire", "shelling", "barrage", "salvo", "strike", "strikes", "attack", "attacks"}
DISTANCE_WORDS = frozenset({"km", "kilometers", "kilometres", "miles", "mi", "away", "located", "situated"})  # "30 km from X"
STATE_ACTOR_TYPES = frozenset({"military", "police", "government"})
REPORTING_VERBS = frozenset({"say", "report", "announce", "confirm", "state", "tell", "add"})
SPEAKING_VERBS = REPORTING_VERBS | {"deny", "warn", "demand", "urge", "call", "vow", "accuse", "blame", "threaten",
                                    "claim", "insist", "reject", "condemn", "want", "seek"}
_CALENDAR_WORDS = frozenset(w.lower() for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name,
                                                 *calendar.day_abbr, "Christmas", "Easter", "Ramadan", "Eid") if w)
HEADLINE_MAX_CHARS = 160
LEAD_SENTENCES = 2
CASE_SAMPLE_CHARS = 2000      # a text with no capital letter here is lower-cased throughout
BRIEF_SENTENCES = 3       # a wire brief: its headline's country is where it happened
# a town under this, read in a country nothing else in the article points to, is taken for a namesake
NAMESAKE_ABROAD_POPULATION = 100_000
# ... and gives way to the country the article points to only when it lies this far from its centre
# (Mile, Ethiopia in a text on Kaduna, Nigeria): nearer, it may be a town across the border
NAMESAKE_ABROAD_MIN_KM = 1000.0
MISLABELLED_MIN_POPULATION = 10000   # a town that big, tagged PERSON or ORG, is still read as a place
# where it stands as a place: after in/at/of, owning a place noun, the event verb's object, or
# naming the event ("the 2014 Dijon attack", Dijon tagged PERSON)
MISLABELLED_RELATIONS = frozenset({"locative", "of_phrase", "possessive", "object", "modifier", "facility_town"})


@dataclass(frozen=True, slots=True)
class PlaceWords:
    facility_heads: frozenset[str]
    name_particles: frozenset[str]
    capital_nouns: frozenset[str]
    place_nouns: frozenset[str]
    reporting_nouns: frozenset[str]
    locative_preps: frozenset[str]
    time_links: frozenset[str]
    abroad_nouns: frozenset[str]


@functools.lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    path = DATA_DIR / "place_words.yaml"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; restore src/flashpoint/data/place_words.yaml from the repository")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return PlaceWords(*(frozenset(str(w).lower() for w in data[k])
                        for k in ("facility_heads", "name_particles", "capital_nouns", "place_nouns",
                                  "reporting_nouns", "locative_preps", "time_links", "abroad_nouns")))


BORDER_NOUNS = frozenset({"border", "frontier"})


def abroad(ent: Span) -> bool:
    """Does this country name or demonym speak of something outside that country: its mission
    or its people abroad ("the Indian consulate", "five Togolese peacekeepers"), or the border
    beyond which it lies ("near the Mali border", "the border with Syria", "the border between
    Turkey and Syria")? Such a name is no vote for where an article happened. A country's own
    border with another ("Kenya's border with Somalia") is its side: that name is no such word."""
    nouns = place_words().abroad_nouns
    root = ent.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head             # "the Pakistani, Indian and Iranian consulates": each of them
    if root.dep_ == "poss" and root.head.lower_ in BORDER_NOUNS and any(c.lower_ == "with" for c in root.head.children):
        return False                 # "Kenya's border with Somalia": Kenya's side of it
    if root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.lower_ in nouns:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("with", "between") and root.head.head.lower_ in nouns
