"""Records: a Place says how it was reached (``basis``), round-trips through ``as_dict``, and a
place stored before the field existed still loads."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.fuse import _told_place
from flashpoint.records import Evidence, Mention, Place, from_dict

_EV = Evidence("a1", 0, 6, "Kirkuk", "gazetteer.v1")


def _place(**changes) -> Place:
    return Place(name="Kirkuk", country="IQ", admin1="Kirkuk", lat=35.47, lon=44.39, precision="city",
                 text="Kirkuk", place_id="gn:94824", evidence=_EV).replace(**changes)


def test_a_place_is_named_unless_told_otherwise_and_round_trips():
    assert _place().basis == "named"
    fuzzy = _place(basis="fuzzy")
    assert from_dict(Place, fuzzy.as_dict()) == fuzzy


def test_a_place_stored_before_basis_existed_loads_as_named():
    old = _place().as_dict()
    del old["basis"]
    assert from_dict(Place, old).basis == "named"


def test_a_basis_outside_the_closed_set_is_refused():
    with pytest.raises(ValueError, match="basis"):
        _place(basis="guessed")


def test_a_country_read_off_the_whole_brief_is_no_place_the_telling_names():
    sentence = Evidence("a1", 0, 40, "A bomb killed three soldiers on Monday.", "sentence")
    mention = Mention(id="m1", article="a1", type="attack.bombing", modality="asserted", trigger=sentence,
                      sentence=sentence, published=dt.date(2019, 5, 3))
    country = Place(name="Iraq", country="IQ", admin1=None, lat=33.0, lon=44.0, precision="country", text="",
                    place_id="IQ", evidence=sentence.replace(rule="gazetteer.v1; place.article_country"))
    assert _told_place(mention.replace(location=country.replace(basis="article_country"))) is None
    # the basis says it, not the words of the rule
    assert _told_place(mention.replace(location=country)) == country
    assert _told_place(mention.replace(location=_place())) == _place()


def test_an_old_database_gets_the_basis_its_evidence_rule_recorded(tmp_path):
    """Mentions stored before Place.basis existed: upgrade reads the basis off their rule once."""
    import json

    from flashpoint.records import Evidence, from_dict
    from flashpoint.store import Store

    from factories import mention, place

    def located(article, rule):
        where = place("Kano", "NG", 12.0, 8.5, "city").replace(evidence=Evidence(article, 0, 4, "Kano", rule))
        return mention(article, location=where)

    told = {"a1": "ner; place.locative 'in'; 1 place reading(s) in the passage",
            "a2": "country hint; place.article_country",
            "a3": "gazetteer.v1; place.fuzzy 0.89, in the document's country NG"}
    db = tmp_path / "old.duckdb"
    with Store(db) as store:
        store.add_mentions([located(a, rule) for a, rule in told.items()] + [mention("a4")])
        for a in told:   # as a store written before the field: no "basis" in the location
            doc = json.loads(store.con.execute("SELECT doc FROM mentions WHERE article = ?", [a]).fetchone()[0])
            del doc["location"]["basis"]
            store.con.execute("UPDATE mentions SET doc = ? WHERE article = ?", [json.dumps(doc), a])
        store.con.execute("DELETE FROM meta WHERE key = 'place_basis'")
        store.upgrade()
        store.upgrade()    # once only: a second upgrade changes nothing
        got = {m.article: m.location.basis if m.location else None for m in store.mentions()}
    assert got == {"a1": "named", "a2": "article_country", "a3": "fuzzy", "a4": None}


def test_decoded_mentions_share_one_copy_of_each_repeated_string():
    """A fusion step decodes thousands of stored mentions: the article id, rules and sentence
    that recur across a passage's mentions are one object each, and the records still
    round-trip unchanged."""
    import json

    sentence = Evidence("art-7", 0, 40, "Gunmen attacked a checkpoint near Kirkuk.", "sentence.v1")
    docs = [json.dumps(Mention(id=f"art-7:{i}", article="art-7", type="attack.armed", modality="asserted",
                               trigger=Evidence("art-7", 7, 15, "attacked", "lexicon.v1"), sentence=sentence,
                               location=_place()).as_dict()) for i in range(2)]
    first, second = (from_dict(Mention, json.loads(doc)) for doc in docs)
    assert first.sentence.text is second.sentence.text
    assert first.article is first.trigger.article is second.sentence.article
    assert first.trigger.rule is second.trigger.rule
    assert [first.as_dict(), second.as_dict()] == [json.loads(doc) for doc in docs]
