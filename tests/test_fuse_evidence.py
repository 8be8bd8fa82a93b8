"""No merge without evidence (issue 9, item 6): type and date alone never join two mentions."""

from __future__ import annotations

import datetime as dt

from flashpoint.fuse import fuse, pair_score
from flashpoint.records import Bounds

from factories import actor, day, mention, place

DAY = "2019-05-03"
GUNMEN = actor("unidentified_gunmen", "unidentified gunmen", "armed_group")
BLA = actor("baloch_liberation_army", "Baloch Liberation Army", "armed_group")
PAKISTAN = place("Pakistan", "PK", 30.0, 70.0, precision="country", place_id="PK")
QUETTA = place("Quetta", "PK", 30.19, 67.01, precision="city", place_id="quetta")


def test_many_same_day_attacks_across_one_country_stay_apart():
    # ten reports of one day from ten articles: unplaced, placed only in "Pakistan",
    # or blamed on the same unnamed "gunmen"; nothing says any two are one event
    mentions = []
    for i in range(10):
        loc = PAKISTAN if i % 3 == 0 else None
        perp = GUNMEN if i % 2 == 0 else None
        mentions.append(mention(f"a{i}", 10, "attack.on_civilians", date=day(DAY), location=loc,
                                perpetrator=perp, killed=Bounds(i + 1, i + 1)))
    incidents = fuse(mentions)
    assert len(incidents) == 10
    assert sorted(i.killed.min for i in incidents) == list(range(1, 11))


def test_the_campus_and_the_bus_are_two_incidents():
    # the case: neither located, one day, one claimed by the BLA
    campus = mention("campus", 10, "attack.on_civilians", date=day(DAY), perpetrator=GUNMEN, killed=Bounds(8, 8))
    bus = mention("bus", 30, "attack.on_civilians", date=day(DAY), perpetrator=BLA, killed=Bounds(14, 14))
    assert pair_score(campus, bus) is None
    incidents = fuse([campus, bus])
    assert len(incidents) == 2
    by_toll = {i.killed.min: i for i in incidents}
    assert by_toll[14].perpetrator.id == "baloch_liberation_army"
    assert by_toll[8].perpetrator is None or by_toll[8].perpetrator.id != "baloch_liberation_army"


def test_one_city_or_a_shared_named_actor_still_merges():
    a = mention("a1", 10, "attack.bombing", date=day(DAY), location=QUETTA, killed=Bounds(20, 20))
    b = mention("a2", 10, "attack.bombing", date=day(DAY), location=QUETTA, killed=Bounds(20, 20))
    assert len(fuse([a, b])) == 1
    # unplaced, but claimed by one named group on one day
    c = mention("a3", 10, "attack.bombing", date=day(DAY), perpetrator=BLA)
    d = mention("a4", 10, "attack.bombing", date=day(DAY), perpetrator=BLA)
    assert len(fuse([c, d])) == 1
    # unplaced, but one named victim
    victim = actor(None, "Jane Roe", "person")
    e = mention("a5", 10, "attack.on_civilians", date=day(DAY), victims=[victim])
    f = mention("a6", 10, "attack.on_civilians", date=day(DAY), victims=[victim])
    assert len(fuse([e, f])) == 1


def test_a_country_alone_does_not_join_two_articles_but_joins_within_one():
    a = mention("a1", 10, "attack.drone", date=day(DAY), location=PAKISTAN)
    b = mention("a2", 10, "attack.drone", date=day(DAY), location=QUETTA)
    assert pair_score(a, b) is None
    # one article retelling its own event: "the drone attacks in Pakistan" after "in Quetta"
    c = mention("a1", 400, "attack.drone", date=day(DAY), location=QUETTA, sentence_start=380)
    assert pair_score(a, c) is not None


def test_same_day_attacks_in_one_country_from_the_pipeline(nlp):
    from flashpoint.pipeline import extract_article
    from flashpoint.records import Article

    published = dt.date(2019, 5, 3)
    texts = {
        "campus": "Gunmen stormed Peshawar University's main campus, killing seven students and a guard.",
        "bus": "The Baloch Liberation Army claimed responsibility for an attack on a bus near Gwadar that killed 14 passengers.",
    }
    mentions = [m for key, text in texts.items()
                for m in extract_article(nlp, Article(id=key, text=text, published=published))]
    attacks = [i for i in fuse(mentions) if i.killed.known]
    assert sorted(i.killed.min for i in attacks) == [8, 14]
    assert all(len({m.article for m in i.mentions}) == 1 for i in attacks)
