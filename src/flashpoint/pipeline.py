"""Compose the stages: ingest -> nlp/extract -> (store mentions) -> fuse -> link -> store.

    report = run(["examples/"], Settings(db_path=Path("x.duckdb")))

The article-level work (``extract_article``, and ``engines.local.extract_safely`` inside
the engines) is a pure function of one article, the unit an engine maps over; fusion and linking run over every stored mention, so a
corpus can be fed in several runs and incidents still merge across them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import dating
from .config import Settings
from .escalation import link_incidents
from .fuse import fuse
from .ingest import id_conflict, read_sources
from .ingest.dedupe import Deduplicator
from .records import Article, Mention, Rejected
from .store import Store

log = logging.getLogger("flashpoint")


@dataclass
class RunReport:
    """Every input accounted for: ingested, duplicate or rejected (with its reason)."""

    ingested: list[str] = field(default_factory=list)
    near_duplicates: dict[str, str] = field(default_factory=dict)   # article -> original
    duplicates: dict[str, str] = field(default_factory=dict)        # input -> stored article it repeats
    rejected: list[Rejected] = field(default_factory=list)
    redated: list[str] = field(default_factory=list)               # undated articles dated from the corpus
    failed: list[Rejected] = field(default_factory=list)            # ingested, but extraction raised
    mentions: int = 0
    incidents: int = 0
    links: int = 0

    @property
    def inputs(self) -> int:
        return len(self.ingested) + len(self.duplicates) + len(self.rejected)


def extract_article(nlp, article: Article) -> list[Mention]:
    """Mentions of one article (the unit engines parallelise)."""
    from .extract.mentions import extract_mentions
    from .extract.lexicon import load_lexicon
    from .resolve.actors import ActorRegistry

    doc = nlp(article.text)
    return extract_mentions(doc, article, load_lexicon(), ActorRegistry.default())


def _admit(items: Iterable[Article | Rejected], store: Store, settings: Settings, report: RunReport) -> list[tuple[Article, str | None]]:
    """Sort inputs into new articles, duplicates and rejects (nothing is dropped silently)."""
    ids = store.known_ids()
    hashes = store.content_hashes()
    dedup = Deduplicator.from_articles(store.article_texts(), threshold=settings.near_duplicate_threshold)
    admitted: list[tuple[Article, str | None]] = []
    for item in items:
        if isinstance(item, Rejected):
            report.rejected.append(item)
            log.info("rejected %s: %s %s", item.source, item.reason, item.detail)
            continue
        if item.id in ids:
            if (conflict := id_conflict(item, hashes.get(item.id))) is not None:   # same id, new text
                report.rejected.append(conflict)
            else:
                report.duplicates[item.source or item.id] = item.id
            continue
        verdict, original = dedup.check(item)   # exact copies by content hash, then near-copies
        if verdict == "duplicate":
            report.duplicates[item.source or item.id] = original
            continue
        if verdict == "near_duplicate":
            report.near_duplicates[item.id] = original
        if item.published is None:
            estimate = dating.from_text(item.text)
            if estimate is not None:
                item = item.replace(published=estimate.date, published_source="inferred",
                                    published_confidence=estimate.confidence)
        dedup.add(item)
        ids.add(item.id)
        hashes[item.id] = item.content_hash
        admitted.append((item, original if verdict == "near_duplicate" else None))
        report.ingested.append(item.id)
    return admitted


def run(sources: Iterable[str | Path], settings: Settings | None = None, *,
        progress: Callable[[int, int], None] | None = None) -> RunReport:
    """Run the whole pipeline on ``sources`` into ``settings.db_path``."""
    from .engines import get_engine

    settings = settings or Settings()
    report = RunReport()
    with Store(settings.db_path) as store:
        admitted = _admit(read_sources(sources, min_chars=settings.min_chars, max_chars=settings.max_chars), store, settings, report)
        store.add_rejects(report.rejected)
        store.add_articles(admitted)
        engine = get_engine(settings.engine)
        new_mentions = 0
        for batch in engine.map_articles([a for a, _ in admitted], settings, progress=progress):
            failed = [r for r in batch if isinstance(r, Rejected)]
            mentions = [m for m in batch if not isinstance(m, Rejected)]
            store.add_mentions(mentions)
            store.add_rejects(failed)
            report.failed.extend(failed)
            new_mentions += len(mentions)
        report.mentions = new_mentions
        refresh_incidents(store)
        redated = _date_from_corpus(store, engine, settings)
        if redated:
            report.redated = redated
            refresh_incidents(store)
        counts = store.counts()
        report.incidents, report.links = counts["incidents"], counts["links"]
    return report


def _date_from_corpus(store: Store, engine, settings: Settings) -> list[str]:
    """Articles still undated take a date from the incidents other articles pinned down;
    their mentions are extracted again against it."""
    dated: list[str] = []
    for article_id in store.undated_articles():
        estimate = dating.from_incidents(store.incident_dates_for(article_id))
        if estimate is not None:
            store.set_published(article_id, estimate.date, "inferred", estimate.confidence)
            dated.append(article_id)
    if dated:
        store.delete_mentions(dated)
        for batch in engine.map_articles(store.articles(dated), settings):
            store.add_mentions([m for m in batch if not isinstance(m, Rejected)])
    return dated


def refresh_incidents(store: Store) -> None:
    """Re-fuse every stored mention and rewrite incidents, stances, links and evidence."""
    from .resolve.actors import ActorRegistry

    incidents = link_incidents(fuse(store.mentions(), duplicates=store.duplicates()))
    store.replace_incidents(incidents)
    store.replace_actors(ActorRegistry.default().rows())
