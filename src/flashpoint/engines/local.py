"""The local engine: stream articles through one spaCy pipeline, in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..config import Settings
from ..records import Article, Mention


def map_articles(articles: list[Article], settings: Settings, *,
                 progress: Callable[[int, int], None] | None = None) -> Iterator[list[Mention]]:
    """Yield the mentions of each batch of articles (memory stays flat)."""
    from ..extract.lexicon import load_lexicon
    from ..extract.mentions import extract_mentions
    from ..nlp import shared_pipeline
    from ..resolve.actors import ActorRegistry

    if not articles:
        return
    nlp = shared_pipeline(settings.spacy_model)
    lexicon, registry = load_lexicon(), ActorRegistry.default()
    batch: list[Mention] = []
    texts = ((a.text, a) for a in articles)
    done = 0
    for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=settings.batch_size,
                                 n_process=max(1, settings.processes)):
        batch.extend(extract_mentions(doc, article, lexicon, registry))
        done += 1
        if progress:
            progress(done, len(articles))
        if done % settings.batch_size == 0:
            yield batch
            batch = []
    if batch:
        yield batch
