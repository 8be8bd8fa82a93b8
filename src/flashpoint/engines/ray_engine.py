"""The Ray engine: the article-level stages as a Ray Data map over an actor pool.

    flashpoint run corpus/ --engine ray          # local Ray runtime, settings.processes CPUs
    settings.extra["ray_address"] = "auto"       # or join a running cluster

Articles travel as ``Article.as_dict()`` rows; each actor builds the spaCy pipeline
once and returns, per article, its mentions as one JSON string (a flat schema that
any Ray version moves without fuss). The driver rebuilds ``Mention`` records with
``records.from_dict``. Needs ``pip install 'flashpoint[scale]'``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from ..config import Settings
from ..errors import ConfigError
from ..records import Article, Mention, Rejected, from_dict

INSTALL_HINT = "the ray engine needs: pip install 'flashpoint[scale]'"


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise ConfigError(INSTALL_HINT) from exc
    return ray


class ExtractBatch:
    """Ray Data callable class: one pipeline per actor, one output row per article."""

    def __init__(self, model: str, batch_size: int, seconds: float | None = None):
        from ..extract.lexicon import load_lexicon
        from ..nlp import shared_pipeline
        from ..resolve.actors import ActorRegistry

        self.nlp = shared_pipeline(model)
        self.lexicon, self.registry = load_lexicon(), ActorRegistry.default()
        self.batch_size, self.seconds = batch_size, seconds

    def __call__(self, batch):
        import pyarrow as pa

        from .local import extract_articles

        articles = [from_dict(Article, row) for row in batch.to_pylist()]
        ids, mentions = [], []
        for article, found in extract_articles(self.nlp, articles, self.lexicon, self.registry,
                                               batch_size=self.batch_size, seconds=self.seconds):
            ids.append(article.id)
            mentions.append(json.dumps([{"rejected" if isinstance(m, Rejected) else "mention": m.as_dict()}
                                        for m in found], ensure_ascii=False))
        return pa.table({"article": pa.array(ids, pa.string()), "mentions": pa.array(mentions, pa.string())})


def _start(ray, settings: Settings) -> int:
    """Connect to ``extra['ray_address']`` or start a local runtime; return the pool size."""
    workers = max(1, settings.processes)
    if not ray.is_initialized():
        address = settings.extra.get("ray_address")
        if address:
            ray.init(address=address, ignore_reinit_error=True)
        else:
            # one CPU beyond the pool when processes == 1, for Ray's own tasks
            ray.init(num_cpus=max(2, workers), include_dashboard=False, ignore_reinit_error=True,
                     log_to_driver=False)
    return workers


def map_articles(articles: list[Article], settings: Settings, *,
                 progress: Callable[[int, int], None] | None = None) -> Iterator[list[Mention]]:
    """Yield the mentions of each batch of articles that comes off the Ray pipeline."""
    ray = _import_ray()
    if not articles:
        return
    workers = _start(ray, settings)
    if progress:   # the caller shows its own progress; Ray's would interleave with it
        ray.data.DataContext.get_current().enable_progress_bars = False
    dataset = ray.data.from_items([a.as_dict() for a in articles])
    extracted = dataset.map_batches(
        ExtractBatch,
        fn_constructor_kwargs={"model": settings.spacy_model, "batch_size": settings.batch_size,
                               "seconds": settings.article_seconds},
        batch_size=settings.batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
        udf_modifying_row_count=False,
    )
    done = 0
    for batch in extracted.iter_batches(batch_size=settings.batch_size, batch_format="pyarrow"):
        mentions = [from_dict(Mention, d["mention"]) if "mention" in d else from_dict(Rejected, d["rejected"])
                    for text in batch.column("mentions").to_pylist() for d in json.loads(text)]
        done += batch.num_rows
        if progress:
            progress(done, len(articles))
        yield mentions
