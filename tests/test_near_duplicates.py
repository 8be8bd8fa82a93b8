"""A repost is linked to its original and is not counted as independent confirmation."""

import json

from flashpoint.config import Settings
from flashpoint.pipeline import run
from flashpoint.store import Store

ORIGINAL = (
    "Ten rockets struck the Ain al-Asad air base in western Iraq on Wednesday, the US-led coalition said. "
    "No one was hurt in the attack, officials said, and Iraqi security forces were searching the area "
    "near the base where the launcher was found. The base hosts American and coalition troops, and it has "
    "been targeted several times this year by militias that want foreign forces to leave the country. "
    "The coalition said it would share its findings with the Iraqi government once the search was over."
)
REPOST = ORIGINAL.replace("Wednesday", "Wednesday morning").replace("searching", "combing") + " Share this article."
OTHER = ("Rockets hit the Ain al-Asad air base in Anbar province on Wednesday, Iraqi security sources said, "
         "adding that the launcher was found in a truck nearby. There were no casualties among Iraqi forces. ") * 2


def test_repost_counts_once(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in [
        {"id": "wire", "text": ORIGINAL, "published": "2021-03-03"},
        {"id": "repost", "text": REPOST, "published": "2021-03-03"},
        {"id": "other", "text": OTHER, "published": "2021-03-03"},
    ]), encoding="utf-8")
    report = run([corpus], Settings(db_path=tmp_path / "db.duckdb"))
    assert report.near_duplicates == {"repost": "wire"}
    with Store(tmp_path / "db.duckdb", read_only=True) as store:
        assert store.duplicates() == {"repost": "wire"}
        [attack] = [d for d in store.incident_docs() if d["type"] == "attack.rocket"]
    assert {m["article"] for m in attack["mentions"]} == {"wire", "repost", "other"}
    assert attack["sources"] == 2     # the wire story and the independent report; the repost adds nothing
