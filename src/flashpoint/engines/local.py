"""The local engine: stream articles through one spaCy pipeline, in batches."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from ..config import Settings
from ..records import Article, Mention, Rejected

log = logging.getLogger("flashpoint")


def extract_safely(doc, article: Article, lexicon, registry) -> list[Mention | Rejected]:
    """The article's mentions, or one ``Rejected("extraction_failed")`` when extraction
    raises: one bad article never stops a batch, and the failure is recorded. Every
    engine calls this."""
    from ..extract.mentions import extract_mentions

    try:
        return list(extract_mentions(doc, article, lexicon, registry))
    except Exception as exc:
        log.exception("extraction failed for %s", article.id)
        return [Rejected(article.source or article.id, "extraction_failed", f"{article.id}: {exc!r}")]


def map_articles(articles: list[Article], settings: Settings, *,
                 progress: Callable[[int, int], None] | None = None) -> Iterator[list[Mention]]:
    """Yield the mentions of each batch of articles (memory stays flat); an article whose
    extraction fails yields a ``Rejected`` record instead of stopping the run."""
    from ..extract.lexicon import load_lexicon
    from ..nlp import shared_pipeline
    from ..resolve.actors import ActorRegistry

    if not articles:
        return
    if settings.processes > 1:
        from . import pool

        yield from pool.map_articles(articles, settings, progress=progress)
        return
    nlp = shared_pipeline(settings.spacy_model)
    lexicon, registry = load_lexicon(), ActorRegistry.default()
    batch: list[Mention] = []
    texts = ((a.text, a) for a in articles)
    done = 0
    for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=settings.batch_size):
        batch.extend(extract_safely(doc, article, lexicon, registry))
        done += 1
        if progress:
            progress(done, len(articles))
        if done % settings.batch_size == 0:
            yield batch
            batch = []
    if batch:
        yield batch
