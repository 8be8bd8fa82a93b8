"""Compose the stages: ingest -> nlp/extract -> (store mentions) -> fuse -> link -> store.

    report = run(["examples/"], Settings(db_path=Path("x.duckdb")))

Inputs stream through in bounded batches (memory does not grow with their number);
each batch is admitted (duplicates and near-duplicates against the stored MinHash
signatures), stored, extracted and committed before the next one is read. Every
article carries a processing state (ingested -> extracted -> fused) changed in the
same transaction as the rows it stands for, so a run killed anywhere is finished by
the next: articles left ``ingested`` are extracted, ``extracted`` ones are fused.
Fusion is incremental (``incremental.fuse_new``): new mentions are fused against the
incidents of the blocks they touch, and ids stay stable (``identity``). The
article-level work (``extract_article``, and ``engines.local.extract_safely`` inside
the engines) is a pure function of one article, the unit an engine maps over.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import itertools
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from . import dating, faults
from .config import Settings
from .errors import StoreError
from .fuse import leads_of
from .incremental import fuse_new, refuse
from .ingest import id_conflict, read_sources
from .ingest.dedupe import StoredDeduplicator, signature
from .records import Article, Mention, Rejected
from .store import Store

log = logging.getLogger("flashpoint")

STREAM_BATCH = 256   # inputs admitted, stored and extracted per committed step (extra: stream_batch)
FUSE_BATCH = 500     # extracted articles fused per committed step (extra: fuse_batch); the
                     # step's mentions, candidates and incidents are what a run holds at its peak


def _release() -> None:
    """Hand the heap a committed step freed back to the system (glibc keeps it otherwise,
    and a long run's resident memory climbs with its steps); a no-op elsewhere."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _sizes(settings: Settings) -> tuple[int, int]:
    return (max(1, int(settings.extra.get("stream_batch", STREAM_BATCH))),
            max(1, int(settings.extra.get("fuse_batch", FUSE_BATCH))))


@dataclass
class RunReport:
    """Every input accounted for: ingested, duplicate or rejected (with its reason)."""

    ingested: list[str] = field(default_factory=list)
    near_duplicates: dict[str, str] = field(default_factory=dict)   # article -> original
    duplicates: dict[str, str] = field(default_factory=dict)        # input -> stored article it repeats
    rejected: list[Rejected] = field(default_factory=list)
    redated: list[str] = field(default_factory=list)               # undated articles dated from the corpus
    failed: list[Rejected] = field(default_factory=list)            # ingested, but extraction raised
    resumed: list[str] = field(default_factory=list)               # stored by an interrupted run, finished now
    mentions: int = 0
    incidents: int = 0
    links: int = 0
    changes: dict[str, int] = field(default_factory=dict)          # created / updated / merged / split / deleted
    run_id: str = ""

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


def _now() -> dt.datetime:
    """UTC, without a zone (DuckDB TIMESTAMP)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def stored_deduplicator(store: Store, settings: Settings) -> StoredDeduplicator:
    """The near-duplicate index over the store (signatures and LSH band keys are stored
    with each article; texts are not read again). Articles stored before the index
    existed get their signature and keys once, here."""
    dedup = StoredDeduplicator(store, threshold=settings.near_duplicate_threshold)
    missing = store.articles_without_bands()
    for ids in _batches(missing, 512):
        known = store.signatures_of(ids)
        fresh = {a.id: signature(a.text) for a in store.articles([i for i in ids if i not in known])}
        with store.transaction():
            store.set_signatures(fresh)
            store.add_bands([(i, b, k) for i, sig in {**known, **fresh}.items() for b, k in enumerate(dedup.keys(sig))])
    return dedup


def _admit(batch: list[Article | Rejected], store: Store, dedup: StoredDeduplicator,
           report: RunReport) -> tuple[list[tuple[Article, str | None]], dict[str, list[int]]]:
    """Sort one batch of inputs into new articles, duplicates and rejects (nothing is
    dropped silently); return the new ones with their MinHash signatures."""
    stored = store.stored_states([item.id for item in batch if isinstance(item, Article)])
    resumed = set(report.resumed)
    hashes = store.content_hashes(list(stored))
    fresh: list[Article] = []
    for item in batch:
        if isinstance(item, Rejected):
            report.rejected.append(item)
            log.info("rejected %s: %s %s", item.source, item.reason, item.detail)
            continue
        if item.id in stored or item.id in hashes:
            if (conflict := id_conflict(item, hashes.get(item.id))) is not None:   # same id, another text
                report.rejected.append(conflict)
                continue
            if item.id in resumed and item.id not in report.ingested:
                report.ingested.append(item.id)   # stored by an interrupted run, processed by this one
                continue
            report.duplicates[item.source or item.id] = item.id
            continue
        hashes[item.id] = item.content_hash
        fresh.append(item)
    admitted: list[tuple[Article, str | None]] = []
    signatures: dict[str, list[int]] = {}
    for item, (verdict, original, sig) in zip(fresh, dedup.check_batch(fresh)):
        if verdict == "duplicate":   # exact copies by content hash, then near-copies
            report.duplicates[item.source or item.id] = original
            continue
        if verdict == "near_duplicate":
            report.near_duplicates[item.id] = original
        if item.published is None:
            estimate = dating.from_text(item.text)
            if estimate is not None:
                item = item.replace(published=estimate.date, published_source="inferred",
                                    published_confidence=estimate.confidence)
        signatures[item.id] = sig
        admitted.append((item, original if verdict == "near_duplicate" else None))
        report.ingested.append(item.id)
    return admitted, signatures


def _extract(store: Store, engine, articles: list[Article], settings: Settings, report: RunReport,
             progress: Callable[[int, int], None] | None, done: list[int]) -> None:
    """Extract ``articles`` and commit their mentions with their state, one batch at a time."""
    for chunk in _batches(articles, _sizes(settings)[0]):
        mentions: list[Mention] = []
        failed: list[Rejected] = []
        base = done[0]
        for batch in engine.map_articles(chunk, settings, progress=(
                (lambda n, _total: progress(base + n, None)) if progress else None)):
            failed.extend(r for r in batch if isinstance(r, Rejected))
            mentions.extend(m for m in batch if not isinstance(m, Rejected))
        done[0] += len(chunk)
        with store.transaction():
            store.add_mentions(mentions)
            store.add_rejects(failed)
            store.set_leads(leads_of(mentions))
            faults.point("extracting")
            store.set_state([a.id for a in chunk], "extracted")
        faults.point("extracted")
        report.failed.extend(failed)
        report.mentions += len(mentions)


def _fuse_pending(store: Store, run_id: str, report: RunReport, size: int) -> None:
    """Fuse every extracted article (and incidents whose mentions were replaced), one
    committed step at a time. Articles go by publication date: a step's new mentions then
    share their weeks, so the stored mentions around them (fetched and scored) are few,
    where steps by id would each reach across the corpus's whole span. The partition does
    not depend on the order (``tests/test_incremental.py``). Each step fetches its own
    articles, the first ``size`` still pending, so a run holds one step's ids, not its
    every input's (a JSON Lines file of a million articles is a million ids)."""
    ids = store.ids_in_state("extracted", by_date=True, limit=size)
    if not ids and not store.dirty_incidents():
        return
    while True:
        try:
            with store.transaction():
                summary = fuse_new(store, store.mentions(ids), run=run_id, at=_now())
                faults.point("fusing")
                store.set_state(ids, "fused")
        except duckdb.OutOfMemoryException as exc:   # rolled back: the same step again, with room
            if (cap := store.widen_memory()) is None:
                raise StoreError(f"a fusion step of {len(ids)} articles ran out of memory at DuckDB's "
                                 f"largest cap ({store.memory_mb} MB); they stay pending: {exc}") from exc
            log.warning("a fusion step of %d articles ran out of DuckDB's memory cap; again with %d MB",
                        len(ids), cap)
            continue
        faults.point("fused")
        _release()
        for _, change, _ in summary.changes:
            report.changes[change] = report.changes.get(change, 0) + 1
        done, ids = set(ids), store.ids_in_state("extracted", by_date=True, limit=size)
        if not ids:
            return
        if done.intersection(ids):   # a step that left its articles pending would loop for ever
            raise StoreError(f"fusion left articles pending: {sorted(done.intersection(ids))[:3]}")


def run(sources: Iterable[str | Path], settings: Settings | None = None, *,
        progress: Callable[[int, int], None] | None = None) -> RunReport:
    """Run the whole pipeline on ``sources`` into ``settings.db_path``."""
    from .engines import get_engine

    settings = settings or Settings()
    report = RunReport(run_id=f"run-{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}")
    stream_batch, fuse_batch = _sizes(settings)
    faults.reset()
    with Store(settings.db_path) as store:
        engine = get_engine(settings.engine)
        rebuild = store.upgrade()
        store.start_run(report.run_id, _now())
        done = [0]
        report.resumed = store.ids_in_state("ingested")   # an interrupted run stored these and died
        for ids in _batches(report.resumed, stream_batch):
            _extract(store, engine, store.articles(ids), settings, report, progress, done)
        dedup = stored_deduplicator(store, settings)
        for batch in _batches(read_sources(sources, min_chars=settings.min_chars, max_chars=settings.max_chars),
                              stream_batch):
            known_rejects = len(report.rejected)
            admitted, signatures = _admit(batch, store, dedup, report)
            with store.transaction():
                store.add_rejects(report.rejected[known_rejects:])   # the batch's rejects and its id conflicts
                store.add_articles(admitted, signatures)
                store.add_bands([(i, b, k) for i, sig in signatures.items() for b, k in enumerate(dedup.keys(sig))])
                faults.point("storing")
            faults.point("stored")
            _extract(store, engine, [a for a, _ in admitted], settings, report, progress, done)
            _release()
        if rebuild:
            _refuse(store, report, _engine_cluster(engine, settings))
        _fuse_pending(store, report.run_id, report, fuse_batch)
        redated = _date_from_corpus(store, engine, settings, report.run_id)
        if redated:
            report.redated = redated
            _fuse_pending(store, report.run_id, report, fuse_batch)
        store.replace_actors(_actor_rows())
        store.finish_run(report.run_id, _now())
        counts = store.counts()
        report.incidents, report.links = counts["incidents"], counts["links"]
    return report


def _date_from_corpus(store: Store, engine, settings: Settings, run_id: str) -> list[str]:
    """Articles still undated take a date from the incidents other articles pinned down;
    their mentions are extracted again against it (committed with the new date, and
    their incidents fused again next). Only articles of the incidents this run changed
    are looked at: the others' incidents, hence their estimates, are as they were."""
    dated: list[Article] = []
    for article_id in store.undated_articles(run=run_id):
        estimate = dating.from_incidents(store.incident_dates_for(article_id))
        if estimate is not None:
            [article] = store.articles([article_id])
            dated.append(article.replace(published=estimate.date, published_source="inferred",
                                         published_confidence=estimate.confidence))
    for chunk in _batches(dated, _sizes(settings)[0]):
        mentions = [m for batch in engine.map_articles(chunk, settings) for m in batch if not isinstance(m, Rejected)]
        with store.transaction():
            for a in chunk:
                store.set_published(a.id, a.published, a.published_source, a.published_confidence)
            store.replace_article_mentions([a.id for a in chunk], mentions)
            store.set_leads(leads_of(mentions))
            faults.point("redating")
        faults.point("redated")
    return [a.id for a in dated]


def _actor_rows() -> list[dict]:
    from .resolve.actors import ActorRegistry

    return ActorRegistry.default().rows()


def _engine_cluster(engine, settings: Settings):
    """The engine's whole-corpus clustering (ray: a group-by over type families), None for local."""
    cluster = getattr(engine, "cluster_with", None)
    return (lambda part, **kw: cluster(part, settings=settings, **kw)) if cluster else None


def _refuse(store: Store, report: RunReport, cluster=None) -> None:
    with store.transaction():
        summary = refuse(store, run=report.run_id, at=_now(), cluster=cluster)
        store.set_state(store.ids_in_state("extracted"), "fused")
    for _, change, _ in summary.changes:
        report.changes[change] = report.changes.get(change, 0) + 1


def refuse_all(settings: Settings) -> RunReport:
    """Rebuild every incident from the stored mentions (``flashpoint refuse``); ids live on
    where their incident does, and every change is logged like a run's."""
    report = RunReport(run_id=f"refuse-{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}")
    with Store(settings.db_path) as store:
        store.upgrade()
        store.start_run(report.run_id, _now())
        from .engines import get_engine

        _refuse(store, report, _engine_cluster(get_engine(settings.engine), settings))
        store.finish_run(report.run_id, _now())
        counts = store.counts()
        report.incidents, report.links = counts["incidents"], counts["links"]
    return report
