"""The store-backed near-duplicate index gives the in-memory Deduplicator's verdicts,
batch by batch, without loading every stored signature."""

from __future__ import annotations

import random

import pytest

from conftest import EXAMPLES
from flashpoint.ingest import content_hash, read_sources
from flashpoint.ingest.dedupe import Deduplicator, StoredDeduplicator
from flashpoint.records import Article
from flashpoint.store import Store


def _variants(base: list[Article], rng: random.Random) -> list[Article]:
    """Exact copies, light edits and sentence shuffles of some base articles, under new ids."""
    out = []
    for i, a in enumerate(base[:6]):
        sentences = a.text.split(". ")
        if i % 3 == 0:
            text = a.text
        elif i % 3 == 1:
            words = a.text.split(" ")
            for k in rng.sample(range(len(words)), k=max(1, len(words) // 40)):
                words[k] = "changed"
            text = " ".join(words)
        else:
            rng.shuffle(sentences)
            text = ". ".join(sentences)
        out.append(Article(f"copy-{i}", text, content_hash=content_hash(text)))
    return out


@pytest.mark.parametrize("batch", [1, 3, 7])
def test_stored_index_agrees_with_the_in_memory_one(tmp_path, batch):
    base = [a for a in read_sources([EXAMPLES]) if isinstance(a, Article)]
    articles = base + _variants(base, random.Random(batch))
    random.Random(batch).shuffle(articles)
    reference, memory = [], Deduplicator()
    for a in articles:
        verdict, original = memory.check(a)
        reference.append((verdict, original))
        if verdict != "duplicate":
            memory.add(a)
    got = []
    with Store(tmp_path / "db.duckdb") as store:
        stored = StoredDeduplicator(store)
        for i in range(0, len(articles), batch):
            chunk = articles[i:i + batch]
            verdicts = stored.check_batch(chunk)
            got.extend((v, o) for v, o, _ in verdicts)
            kept = [(a, sig) for a, (v, _, sig) in zip(chunk, verdicts) if v != "duplicate"]
            store.add_articles([(a, None) for a, _ in kept], {a.id: sig for a, sig in kept})
            store.add_bands([(a.id, b, k) for a, sig in kept for b, k in enumerate(stored.keys(sig))])
    assert got == reference
    assert {v for v, _ in got} == {"new", "duplicate", "near_duplicate"}
