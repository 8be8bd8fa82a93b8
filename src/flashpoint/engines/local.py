"""The local engine: stream articles through one spaCy pipeline, in batches.

Every engine goes through ``extract_articles``: one article's failure, wherever it
happens (inside the spaCy pipe, in extraction, or over its time budget, see
engines/budget.py), becomes one ``Rejected("extraction_failed")`` for that article
alone and the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from ..config import Settings
from ..records import Article, Mention, Rejected
from .budget import ArticleTimeout, article_budget

log = logging.getLogger("flashpoint")


def _failed(article: Article, why: str) -> Rejected:
    return Rejected(article.source or article.id, "extraction_failed", f"{article.id}: {why}")


def extract_safely(doc, article: Article, lexicon, registry, *,
                   seconds: float | None = None) -> list[Mention | Rejected]:
    """The article's mentions, or one ``Rejected("extraction_failed")`` when extraction
    raises or runs past ``seconds``: one bad article never stops a batch, and the
    failure is recorded. Every engine calls this (through ``extract_articles``)."""
    from ..extract.mentions import extract_mentions

    try:
        with article_budget(seconds):
            return list(extract_mentions(doc, article, lexicon, registry))
    except ArticleTimeout as exc:
        log.warning("extraction of %s stopped: %s", article.id, exc)
        return [_failed(article, str(exc))]
    except Exception as exc:
        log.exception("extraction failed for %s", article.id)
        return [_failed(article, repr(exc))]


def _parse_one(nlp, article: Article, seconds: float | None):
    """The article's Doc, or a Rejected when the spaCy pipe raises or runs past ``seconds``."""
    try:
        with article_budget(seconds):
            return nlp(article.text)
    except ArticleTimeout as exc:
        log.warning("parsing %s stopped: %s", article.id, exc)
        return _failed(article, f"spaCy pipeline {exc}")
    except Exception as exc:
        log.exception("the spaCy pipeline failed on %s", article.id)
        return _failed(article, f"spaCy pipeline raised {exc!r}")


def parse_safely(nlp, articles: list[Article], *, batch_size: int,
                 seconds: float | None = None) -> list:
    """A Doc (or a Rejected) per article: the batch goes through ``nlp.pipe`` under the
    sum of its articles' budgets; when that raises or runs out, each article is parsed
    again on its own, so only the one that fails is lost."""
    try:
        with article_budget(seconds * len(articles) if seconds else None):
            return list(nlp.pipe((a.text for a in articles), batch_size=batch_size))
    except (Exception, ArticleTimeout) as exc:
        log.warning("a batch of %d articles failed in the spaCy pipe (%r); parsing them one by one", len(articles), exc)
        return [_parse_one(nlp, a, seconds) for a in articles]


def extract_articles(nlp, articles: list[Article], lexicon, registry, *, batch_size: int,
                     seconds: float | None = None) -> Iterator[tuple[Article, list[Mention | Rejected]]]:
    """Each article with its mentions or its one ``Rejected``, in article order, parsed in batches."""
    for start in range(0, len(articles), batch_size):
        chunk = articles[start:start + batch_size]
        for doc, article in zip(parse_safely(nlp, chunk, batch_size=batch_size, seconds=seconds), chunk):
            if isinstance(doc, Rejected):
                yield article, [doc]
            else:
                yield article, extract_safely(doc, article, lexicon, registry, seconds=seconds)


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
    done = 0
    for _, found in extract_articles(nlp, articles, lexicon, registry, batch_size=settings.batch_size,
                                     seconds=settings.article_seconds):
        batch.extend(found)
        done += 1
        if progress:
            progress(done, len(articles))
        if done % settings.batch_size == 0:
            yield batch
            batch = []
    if batch:
        yield batch
