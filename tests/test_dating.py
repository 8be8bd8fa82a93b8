import datetime as dt
import json

from flashpoint.config import Settings
from flashpoint.dating import from_incidents, from_text
from flashpoint.pipeline import run
from flashpoint.store import Store

DATED = ("Ten rockets struck the Ain al-Asad air base in western Iraq on Wednesday, the US-led coalition said. "
         "No one was hurt in the attack, which came two weeks after American strikes in Syria. "
         "The coalition said Iraqi security forces were investigating the launch site near the base. ") * 2
UNDATED = ("A barrage of ten rockets hit Ain al-Asad air base in Anbar province on Wednesday, officials said. "
           "The base hosts American and coalition troops. Nobody was injured, according to a statement. ") * 2


def test_latest_stated_date_is_the_estimate():
    est = from_text("Strikes on Feb. 25, 2021 followed an attack on 15 February 2021; on March 3, 2021 it began again.")
    assert est.date == dt.date(2021, 3, 3) and 0 < est.confidence <= 1
    assert from_text("Monday night, rockets fell.") is None


def test_a_date_in_the_future_is_not_a_publication_date():
    assert from_text("The talks are set for June 1, 2099.", today=dt.date(2026, 1, 1)) is None


def test_incident_dates_give_the_day_after_the_latest():
    est = from_incidents([dt.date(2021, 3, 3), dt.date(2021, 2, 25)])
    assert est.date == dt.date(2021, 3, 4)


def test_undated_article_is_dated_from_the_corpus_and_says_so(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"id": "dated", "text": DATED, "published": "2021-03-03", "outlet": "A"},
            {"id": "undated", "text": UNDATED, "outlet": "B"}]
    corpus.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = run([corpus], Settings(db_path=tmp_path / "db.duckdb"))
    assert report.redated == ["undated"]
    with Store(tmp_path / "db.duckdb", read_only=True) as store:
        [(published, source)] = store.con.execute(
            "SELECT published, published_source FROM articles WHERE id = 'undated'").fetchall()
        docs = store.incident_docs()
    assert source == "inferred" and published == dt.date(2021, 3, 4)
    [attack] = [d for d in docs if d["type"] == "attack.rocket"]
    assert attack["date"]["start"] == "2021-03-03"
    assert {m["article"] for m in attack["mentions"]} == {"dated", "undated"}
    assert {m["published_source"] for m in attack["mentions"] if m["article"] == "undated"} == {"inferred"}


def test_no_estimate_past_the_last_representable_day():
    assert from_incidents([dt.date.max]) is None
