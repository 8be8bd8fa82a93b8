"""GVC quick run (first 40 test documents, full pipeline): document clustering stays above the floors."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.gvc import GvcDoc, cluster_documents, detokenize, tfidf_vectors, cosine

pytestmark = pytest.mark.shared


def test_detokenize_rebuilds_spacing():
    tokens = ["Boy", ",", "4", ",", "Dies", "(", "police", ")", "—", "a", "6-year", "-", "old", "did", "n't", "say", "“", "no", "”", "."]
    assert detokenize(tokens) == "Boy, 4, Dies (police) — a 6-year-old didn't say “no”."


def _doc(i, text, sub="s"):
    return GvcDoc(str(i), sub, text.split(".")[0], text, dt.date(2016, 1, 1))


def test_text_similarity_links_documents_about_one_shooting():
    docs = [_doc(1, "Kokomo bar shooting leaves four hurt at The Ultimate Place bar on Clinton Drive."),
            _doc(2, "Four hurt in Kokomo bar shooting on Clinton Drive, police say."),
            _doc(3, "Toddler dies after finding a handgun in a Cincinnati apartment.")]
    vectors = tfidf_vectors([d.text for d in docs])
    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2])
    labels = cluster_documents(docs, (), threshold=0.2, bonus=0.0)
    assert labels["1"] == labels["2"] != labels["3"]
    assert len(set(cluster_documents(docs, (), threshold=None).values())) == 3   # no incidents: all alone


def test_gvc_quick_floors(benchmarks_dir):
    if not (benchmarks_dir / "gvc" / "test").is_dir():
        pytest.skip("gvc benchmark data is absent")
    from benchmarks._report import load_baseline
    from benchmarks.gvc import evaluate

    floors = load_baseline("gvc")
    result = evaluate("test", limit=floors["docs"])
    assert result["docs"] == floors["docs"]
    ours = result["results"]["flashpoint"]
    assert ours["bcubed"][2] * 100 >= floors["bcubed_f1"]
    assert ours["pairwise"][2] * 100 >= floors["pairwise_f1"]
    assert result["with_events"] * 100 / result["docs"] >= floors["docs_with_events_pct"]
