"""Quick throughput check (12 articles, one run each): the pipeline keeps pace with bare spaCy.

Floors are loose on purpose (shared 2-core machines are noisy); the full figures are
in BENCHMARKS.md, from ``python benchmarks/throughput.py``.
"""

from __future__ import annotations

from benchmarks._report import load_baseline
from benchmarks.throughput import _timed_runs, build_corpus, read_corpus


def test_corpus_variants_are_distinct_articles(tmp_path):
    folder = build_corpus(tmp_path / "corpus", 30)
    articles = read_corpus(folder)
    assert len(articles) == 30
    assert len({a.content_hash for a in articles}) == 30       # no exact duplicates to skip
    assert all(a.published for a in articles)                  # the sidecar travels with the variants


def test_quick_throughput_floors(tmp_path):
    floors = load_baseline("throughput")
    folder = build_corpus(tmp_path / "corpus", floors["quick_articles"])
    n = len(read_corpus(folder))
    (bare,), _, _ = _timed_runs("bare", folder, 1)
    (full,), mentions, _ = _timed_runs("full", folder, 1)
    assert mentions > 0
    assert n / full >= floors["quick_min_full_articles_per_s"]
    assert bare / full >= floors["quick_min_ratio_full_vs_bare"]


def test_the_report_says_how_much_is_parsed(tmp_path):
    from benchmarks.throughput import selection_share

    texts = [a.text for a in read_corpus(build_corpus(tmp_path / "corpus", 6))]
    share = selection_share(texts)
    assert 0 < share["by_model"] <= share["parsed"] < share["sentences"]      # some sentences are left out
    assert 0 < share["parsed_chars"] < share["chars"] == sum(map(len, texts))
