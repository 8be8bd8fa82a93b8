"""The multiprocess local engine: ``settings.processes`` workers, one pipeline each.

spaCy's ``nlp.pipe(n_process=...)`` pickles Docs back to the parent, and our Doc
extensions do not survive that trip, so extraction runs inside the worker and only
``Mention`` records cross the process boundary. Each worker builds the pipeline once
(in its initializer); articles go out in chunks and at most two chunks per worker
are in flight, so memory stays flat however long the corpus is. Batches come back
in order of completion; each batch's content depends only on its chunk.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from ..config import Settings
from ..records import Article, Mention, Rejected

IN_FLIGHT_PER_WORKER = 2   # chunks queued per worker: keeps workers busy, memory bounded

def _init_worker(model: str) -> None:
    """Load the pipeline (and the lexicon and actor registry) once per worker."""
    from ..extract.lexicon import load_lexicon
    from ..nlp import shared_pipeline
    from ..resolve.actors import ActorRegistry

    shared_pipeline(model)
    load_lexicon()
    ActorRegistry.default()


def extract_chunk(articles: list[Article], model: str, batch_size: int,
                  seconds: float | None = None) -> list[Mention | Rejected]:
    """Mentions of a chunk of articles, in article order (runs in a worker's main thread,
    so the per-article time budget interrupts a runaway there too)."""
    from ..extract.lexicon import load_lexicon
    from ..nlp import shared_pipeline
    from .local import extract_articles
    from ..resolve.actors import ActorRegistry

    nlp = shared_pipeline(model)
    lexicon, registry = load_lexicon(), ActorRegistry.default()
    mentions: list[Mention | Rejected] = []
    for _, found in extract_articles(nlp, articles, lexicon, registry, batch_size=batch_size, seconds=seconds):
        mentions.extend(found)
    return mentions


def chunk_size(n_articles: int, processes: int, batch_size: int) -> int:
    """Small enough that every worker gets several chunks, never above ``batch_size``."""
    return max(1, min(batch_size, -(-n_articles // (processes * 4))))


def _context():
    # forkserver: workers start from a clean process, not a fork of a parent that may
    # hold DuckDB or BLAS threads; fall back to spawn where it is unavailable.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def map_articles(articles: list[Article], settings: Settings, *,
                 progress: Callable[[int, int], None] | None = None) -> Iterator[list[Mention]]:
    """Yield the mentions of each chunk of articles as workers finish them."""
    if not articles:
        return
    processes = max(1, settings.processes)
    size = chunk_size(len(articles), processes, settings.batch_size)
    chunks = (articles[i:i + size] for i in range(0, len(articles), size))
    limit = processes * IN_FLIGHT_PER_WORKER
    pool = ProcessPoolExecutor(max_workers=processes, mp_context=_context(),
                               initializer=_init_worker, initargs=(settings.spacy_model,))
    pending: dict[Future, int] = {}

    def submit_next() -> bool:
        chunk = next(chunks, None)
        if chunk is None:
            return False
        pending[pool.submit(extract_chunk, chunk, settings.spacy_model, settings.batch_size,
                            settings.article_seconds)] = len(chunk)
        return True

    done = 0
    try:
        while len(pending) < limit and submit_next():
            pass
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                done += pending.pop(future)
                mentions = future.result()
                if progress:
                    progress(done, len(articles))
                submit_next()
                yield mentions
    finally:
        # a consumer that stops early (or an error) must not wait for queued chunks
        pool.shutdown(wait=True, cancel_futures=True)
