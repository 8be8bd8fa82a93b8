"""The Ray engine: extraction and whole-corpus fusion as Ray Data pipelines.

    flashpoint run corpus/ --engine ray          # a local Ray runtime, settings.processes CPUs
    RAY_ADDRESS=ray://head:10001 flashpoint run corpus/ --engine ray     # an existing cluster
    settings.extra["ray_address"] = "auto"       # the same, from a settings file

Extraction (``write_mentions``): articles go out as ``Article.as_dict()`` rows; each
actor of the pool builds the spaCy pipeline once, and the workers write the mentions
(the store's mention columns, the MinHash-free JSON document, the fusion block and the
article's lead) straight to Parquet with ``Dataset.write_parquet``: nothing comes back
through the driver but the file names. ``map_articles`` (what ``pipeline.run`` calls)
then reads those files batch by batch. On a cluster, put them where the driver can
read them too: ``extra["ray_mentions_dir"]`` (a shared folder, or any URI pyarrow reads).

Fusion (``cluster_with``, used by ``flashpoint refuse --engine ray`` and by a run that
must rebuild): a Ray Data group-by over the blocking key, the type family. No pair of
mentions of two families is ever scored (``fuse.could_pair``), and every row carries
its article's lead, so each group clusters alone with ``fuse.cluster_with`` and the
union of the groups is exactly the partition the local engine finds; only (mention,
group, best edge) rows come back. ``cluster_mentions_parquet`` fuses the Parquet that
``write_mentions`` wrote without loading the mentions in the driver.

Needs ``pip install 'flashpoint[scale]'``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..config import Settings
from ..errors import ConfigError
from ..records import Article, Mention, Rejected, from_dict

INSTALL_HINT = "the ray engine needs: pip install 'flashpoint[scale]'"
READ_BATCH = 4096


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise ConfigError(INSTALL_HINT) from exc
    return ray


def mention_schema():
    """The columns the workers write: one row per mention or per failed article."""
    import pyarrow as pa

    return pa.schema([("kind", pa.string()), ("id", pa.string()), ("article", pa.string()),
                      ("family", pa.string()), ("country", pa.string()), ("thin", pa.bool_()),
                      ("date_start", pa.date32()), ("modality", pa.string()), ("lead", pa.string()),
                      ("doc", pa.string())])


def mention_rows(found: Iterable[Mention | Rejected], leads: dict[str, str]) -> list[dict]:
    """Rows of ``mention_schema`` for an article's mentions (or its one Rejected)."""
    from ..fuse import block_columns

    rows = []
    for m in found:
        if isinstance(m, Rejected):
            rows.append({"kind": "rejected", "id": None, "article": None, "family": None, "country": None,
                         "thin": None, "date_start": None, "modality": None, "lead": None,
                         "doc": json.dumps(m.as_dict(), ensure_ascii=False)})
            continue
        rows.append({"kind": "mention", "id": m.id, "article": m.article, **block_columns(m),
                     "modality": m.modality, "lead": leads.get(m.article),
                     "doc": json.dumps(m.as_dict(), ensure_ascii=False)})
    return rows


class ExtractBatch:
    """Ray Data callable class: one pipeline per actor, one output row per mention."""

    def __init__(self, model: str, batch_size: int, seconds: float | None = None):
        from ..extract.lexicon import load_lexicon
        from ..nlp import shared_pipeline
        from ..resolve.actors import ActorRegistry

        self.nlp = shared_pipeline(model)
        self.lexicon, self.registry = load_lexicon(), ActorRegistry.default()
        self.batch_size, self.seconds = batch_size, seconds

    def __call__(self, batch):
        import pyarrow as pa

        from ..fuse import leads_of
        from .local import extract_articles

        articles = [from_dict(Article, row) for row in batch.to_pylist()]
        rows: list[dict] = []
        for _, found in extract_articles(self.nlp, articles, self.lexicon, self.registry,
                                         batch_size=self.batch_size, seconds=self.seconds):
            rows.extend(mention_rows(found, leads_of(m for m in found if isinstance(m, Mention))))
        return pa.Table.from_pylist(rows, schema=mention_schema())


def _start(ray, settings: Settings) -> int:
    """Join ``extra['ray_address']`` or RAY_ADDRESS when set, else start a local runtime;
    return the size of the actor pool."""
    workers = max(1, settings.processes)
    if not ray.is_initialized():
        address = settings.extra.get("ray_address") or os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=address, ignore_reinit_error=True)
        else:
            # one CPU beyond the pool when processes == 1, for Ray's own tasks
            ray.init(num_cpus=max(2, workers), include_dashboard=False, ignore_reinit_error=True,
                     log_to_driver=False)
    return workers


def write_mentions(articles: list[Article], settings: Settings, out_dir: str | Path) -> str:
    """Extract ``articles`` on the Ray workers, which write their mentions as Parquet under
    ``out_dir`` (created); return the folder. The driver receives no mention."""
    ray = _import_ray()
    workers = _start(ray, settings)
    out = str(out_dir)
    dataset = ray.data.from_items([a.as_dict() for a in articles])
    dataset.map_batches(
        ExtractBatch,
        fn_constructor_kwargs={"model": settings.spacy_model, "batch_size": settings.batch_size,
                               "seconds": settings.article_seconds},
        batch_size=settings.batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
    ).write_parquet(out)
    return out


def read_mentions(folder: str | Path, batch_size: int = READ_BATCH) -> Iterator[list[Mention | Rejected]]:
    """The records ``write_mentions`` wrote, a batch at a time (memory stays flat)."""
    import pyarrow.dataset as ds

    if not any(Path(folder).rglob("*.parquet")):
        return
    for batch in ds.dataset(str(folder), format="parquet", schema=mention_schema()).to_batches(
            columns=["kind", "doc"], batch_size=batch_size):
        yield [from_dict(Mention, json.loads(doc)) if kind == "mention" else from_dict(Rejected, json.loads(doc))
               for kind, doc in zip(batch.column("kind").to_pylist(), batch.column("doc").to_pylist())]


def map_articles(articles: list[Article], settings: Settings, *,
                 progress: Callable[[int, int], None] | None = None) -> Iterator[list[Mention]]:
    """Yield the mentions of ``articles``: written to Parquet by the workers, read back here
    (from ``extra['ray_mentions_dir']`` when set, kept there; else a temporary folder)."""
    ray = _import_ray()
    if not articles:
        return
    if progress:   # the caller shows its own progress; Ray's would interleave with it
        ray.data.DataContext.get_current().enable_progress_bars = False
    keep = settings.extra.get("ray_mentions_dir")
    root = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="flashpoint-ray-"))
    folder = root / f"mentions-{uuid.uuid4().hex[:12]}"
    try:
        write_mentions(articles, settings, folder)
        if progress:
            progress(len(articles), len(articles))
        yield from read_mentions(folder, batch_size=max(1, settings.batch_size) * 16)
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


# -- fusion: a group-by over the blocking key ------------------------------------------------

def cluster_family(group):
    """Ray Data map_groups function: cluster one type family's mentions with ``fuse.cluster_with``;
    one row per mention: its group (the group's first mention id) and its best edge."""
    import pyarrow as pa

    from ..fuse import cluster_with

    rows = group.to_pylist()
    leads = {r["article"]: r["lead"] for r in rows if r.get("lead")}
    known = {r["id"]: (r["best_dated"], r["best_score"], r["best"]) for r in rows if r.get("best")}
    clustering = cluster_with([from_dict(Mention, json.loads(r["doc"])) for r in rows], leads=leads,
                              known_best=known)
    out: dict[str, list] = {name: [] for name in _group_schema().names}
    for members in clustering.groups:
        for m in members:
            best = clustering.best.get(m.id) or (None, None, None)
            for name, value in zip(out, (m.id, members[0].id, *best)):
                out[name].append(value)
    return pa.table(out, schema=_group_schema())


def _group_schema():
    import pyarrow as pa

    return pa.schema([("id", pa.string()), ("root", pa.string()), ("best_dated", pa.bool_()),
                      ("best_score", pa.float64()), ("best", pa.string())])


def _cluster_dataset(dataset, settings: Settings):
    """(mention id -> group root, mention id -> best edge) from a dataset of mention rows."""
    ray = _import_ray()
    _start(ray, settings)
    root: dict[str, str] = {}
    best: dict[str, tuple] = {}
    grouped = dataset.groupby("family", num_partitions=max(2, settings.processes)).map_groups(
        cluster_family, batch_format="pyarrow")
    for batch in grouped.iter_batches(batch_format="pyarrow", batch_size=READ_BATCH):
        for i, r, dated, score, partner in zip(*(batch.column(c).to_pylist() for c in _group_schema().names)):
            root[i] = r
            if partner is not None:
                best[i] = (dated, score, partner)
    return root, best


def cluster_with(mentions: list[Mention], *, leads: dict[str, str] | None = None,
                 known_best: dict | None = None, settings: Settings | None = None):
    """``fuse.cluster_with`` run as a Ray Data group-by over type families: the same
    ``Clustering`` (groups in the same order, the same best edges)."""
    from ..fuse import Clustering, block_columns, leads_of

    ray = _import_ray()
    settings = settings or Settings(engine="ray")
    mentions = sorted((m for m in mentions if m.modality == "asserted"), key=lambda m: m.id)
    if not mentions:
        return Clustering([], {})
    leads = leads_of(mentions) if leads is None else leads
    known_best = known_best or {}
    rows = []
    for m in mentions:
        best = known_best.get(m.id)
        rows.append({"id": m.id, "article": m.article, "family": block_columns(m)["family"],
                     "lead": leads.get(m.article), "doc": json.dumps(m.as_dict(), ensure_ascii=False),
                     "best_dated": best[0] if best else None, "best_score": best[1] if best else None,
                     "best": best[2] if best else None})
    _start(ray, settings)
    root, best = _cluster_dataset(ray.data.from_items(rows), settings)
    by_id = {m.id: m for m in mentions}
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[root[m.id]].append(by_id[m.id])
    return Clustering(sorted(groups.values(), key=lambda g: g[0].id), best)


def cluster_mentions_parquet(folder: str | Path, settings: Settings | None = None) -> dict[str, str]:
    """mention id -> group (its first mention's id) for the asserted mentions ``write_mentions``
    wrote under ``folder``: the whole corpus fused on the workers, read where it lies."""
    ray = _import_ray()
    settings = settings or Settings(engine="ray")
    _start(ray, settings)
    dataset = ray.data.read_parquet(str(folder)).map_batches(_fusion_rows, batch_format="pyarrow")
    root, _ = _cluster_dataset(dataset, settings)
    return root


def _fusion_rows(batch):
    """The asserted mentions of a batch of ``mention_schema`` rows, as fusion rows (no stored best edge)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kept = batch.filter(pc.and_(pc.equal(batch.column("kind"), "mention"),
                                pc.equal(batch.column("modality"), "asserted")))
    n = kept.num_rows
    return pa.table({"id": kept.column("id"), "article": kept.column("article"), "family": kept.column("family"),
                     "lead": kept.column("lead"), "doc": kept.column("doc"), "best_dated": pa.nulls(n, pa.bool_()),
                     "best_score": pa.nulls(n, pa.float64()), "best": pa.nulls(n, pa.string())})
