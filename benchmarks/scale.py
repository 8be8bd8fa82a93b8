"""Does the cost of a run grow with what it adds, or with what is stored?

    python benchmarks/scale.py                                  # 1k, 10k, 50k; writes BENCHMARKS.md
    python benchmarks/scale.py --sizes 1000 --repeats 1 --no-write

1. **Adding 100 articles to a stored corpus.** A database holding N articles is built,
   then the time ``flashpoint run`` takes to add 100 new articles to it is measured
   (model loading excluded: the model is loaded once before any timing), ``--repeats``
   times, each time on a fresh copy of the database; the median is reported.
2. **Peak memory of one run of N inputs** (``--rss``): ``flashpoint run`` on a JSON
   Lines file of N new articles into an empty database, in a child process, reporting
   its peak RSS. Extracting 50k texts takes hours on this machine, so these runs replay
   extraction (``benchmarks/replay.py``): each input is a base article (its words tagged
   with its copy number, dated back like a copy) and gets the mentions the real
   extractor found in that article, renamed and moved; everything else - reading,
   admission with near-duplicate checks, storing, fusion, ids, links - is the real
   pipeline. Their rate is the end-to-end rate without the NLP; the adds in (1) give
   the rate with it.
3. **Local vs Ray** (``--ray``, its own section): the same 100 articles added to the
   smallest database with 2 worker processes, ``--engine local`` and ``--engine ray``,
   on the same 2 CPUs.

How the stored corpus is built: ``--extract`` variants (``benchmarks/variants.py``: the
bundled texts with places, dates and outlets varied) are run through the whole
pipeline, then copied (``benchmarks/replicate.py``: renamed ids, dates moved back before
the previous copy so the corpus grows in time at the base's density and the base stays
the most recent part, content hashes, MinHash signatures and person victims of each
copy apart, so that copies never fuse with each other and their incidents are the
base's, copied by bulk inserts). The 100 added articles are new variants, dated like
the base (the most recent part, as a day's news is), that go through the whole pipeline.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks import variants  # noqa: E402
from benchmarks._report import write_section  # noqa: E402


def build_store(db: Path, n_articles: int, extracted: Path) -> dict:
    """A store of about ``n_articles``: the extracted base and whole copies of it."""
    from benchmarks.replicate import copies_for, replicate
    from flashpoint.store import Store

    shutil.copy(extracted, db)
    with Store(db) as store:
        with store.transaction():
            replicate(store.con, copies_for(store.con, n_articles))
        store.con.execute("CHECKPOINT")
        return store.counts()


_EXTRACTING = [0.0]
_INGESTED = [0]


def _timing_extraction(map_articles):
    """The local engine's ``map_articles``, adding the seconds it spends to ``_EXTRACTING``."""
    def timed(*args, **kwargs):
        start = time.perf_counter()
        for batch in map_articles(*args, **kwargs):
            _EXTRACTING[0] += time.perf_counter() - start
            yield batch
            start = time.perf_counter()
        _EXTRACTING[0] += time.perf_counter() - start
    return timed


def timed_add(db: Path, new: Path, engine: str = "local", processes: int = 1) -> tuple[float, float, int]:
    """(seconds, of which extracting, articles ingested) of one run adding ``new``."""
    from flashpoint.config import Settings
    from flashpoint.pipeline import run

    _EXTRACTING[0] = 0.0
    start = time.perf_counter()
    report = run([new], Settings(db_path=db, engine=engine, processes=processes))
    return time.perf_counter() - start, _EXTRACTING[0], len(report.ingested)


def repeated_add(db: Path, new: Path, repeats: int, work: Path, engine: str = "local",
                 processes: int = 1) -> list[tuple[float, float]]:
    out = []
    for i in range(repeats):
        trial = work / f"trial-{i}.duckdb"
        if db.exists():
            shutil.copy(db, trial)
        seconds, extracting, ingested = timed_add(trial, new, engine, processes)
        out.append((seconds, seconds - extracting))
        _INGESTED[0] = ingested
        trial.unlink()
    return out


def rss_run(n: int, work: Path, extracted: Path) -> dict:
    """Peak RSS and rate of one replayed run of ``n`` inputs, in a child process."""
    out = subprocess.run([sys.executable, str(Path(__file__).with_name("replay.py")), str(n), str(extracted),
                          str(work)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _ray_available() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--extract", type=int, default=500, help="variants extracted for real before replication")
    parser.add_argument("--add", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rss", type=int, nargs="*", default=[1000, 10000, 50000], help="inputs per replayed run")
    parser.add_argument("--ray", action="store_true",
                        help="only compare local and Ray (2 processes each) adding to the smallest store")
    parser.add_argument("--extracted", type=Path, help="reuse a database of --extract extracted variants")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    from flashpoint.config import Settings
    from flashpoint.nlp import shared_pipeline
    from flashpoint.pipeline import run

    from flashpoint.engines import local

    local.map_articles = _timing_extraction(local.map_articles)
    shared_pipeline(Settings().spacy_model)
    adds, rss, notes = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        new_jsonl = variants.write(work / "new.jsonl", args.add, offset=10_000_000)
        extracted = work / "extracted.duckdb"
        if args.extracted:
            shutil.copy(args.extracted, extracted)
        else:
            base_jsonl = variants.write(work / "base.jsonl", args.extract)
            t = time.perf_counter()
            report = run([base_jsonl], Settings(db_path=extracted))
            seconds = time.perf_counter() - t
            notes.append(f"Extracting the base, whole pipeline: {len(report.ingested)} articles in {seconds:.0f} s, "
                         f"{len(report.ingested) / seconds:.1f} articles/s.")
            print(notes[-1], flush=True)
        run([], Settings(db_path=extracted))   # fused under the current rules before it is copied
        timed_add(work / "warm.duckdb", variants.write(work / "warm.jsonl", 3, offset=30_000_000))   # lazy loads
        if not args.ray:
            times = repeated_add(work / "empty.duckdb", new_jsonl, args.repeats, work)
            adds.append((0, 0, times))
            print(f"empty: {times}", flush=True)
        for size in args.sizes:
            db = work / f"db-{size}.duckdb"
            t = time.perf_counter()
            counts = build_store(db, size, extracted)
            print(f"built {counts['articles']} articles / {counts['incidents']} incidents in "
                  f"{time.perf_counter() - t:.0f} s", flush=True)
            if args.ray:
                _compare_ray(args, db, new_jsonl, work, counts)
                return
            times = repeated_add(db, new_jsonl, args.repeats, work)
            adds.append((counts["articles"], counts["incidents"], times))
            print(f"{size}: {times}", flush=True)
            db.unlink()
        for n in args.rss:
            result = rss_run(n, work, extracted)
            rss.append((n, result))
            print(f"rss {n}: {result}", flush=True)
    body = _report(args, adds, rss, notes)
    print(body)
    if not args.no_write:
        write_section("scale", f"Scale: adding {args.add} articles to a growing database", body)


def _compare_ray(args, db: Path, new_jsonl: Path, work: Path, counts: dict) -> None:
    if not _ray_available():
        raise SystemExit("Ray is not installed: pip install 'flashpoint[scale]'")
    local_times = [t for t, _ in repeated_add(db, new_jsonl, args.repeats, work, "local", processes=2)]
    ray_times = [t for t, _ in repeated_add(db, new_jsonl, args.repeats, work, "ray", processes=2)]
    body = (f"Adding the same {args.add} new articles to a store of {counts['articles']:,} articles (built as in the "
            "section above), with 2 worker processes each on the same 2 CPUs, model loading in the workers "
            "included (each run starts its workers), median of the runs:\n\n"
            "| engine | median (s) | runs (s) |\n|---|---:|---|\n"
            + "\n".join(f"| {name} | {statistics.median(ts):.1f} | {', '.join(f'{t:.1f}' for t in ts)} |"
                        for name, ts in (("local (`--processes 2`)", local_times),
                                         ("ray (`--engine ray`, a local Ray on 2 CPUs)", ray_times))))
    print(body)
    if not args.no_write:
        write_section("scale-ray", "Scale: local vs Ray on the same 2 CPUs", body)


def _report(args, adds, rss, notes) -> str:
    def med(times, i):
        return statistics.median(t[i] for t in times)

    first = adds[1][2] if len(adds) > 1 else None
    lines = [f"| stored articles | stored incidents | add {args.add}: median (s) | runs (s) | vs smallest "
             "| all but extraction: median (s) | runs (s) | vs smallest |", "|---:|---:|---:|---|---:|---:|---|---:|"]
    for articles, incidents, times in adds:
        ratios = [f"{med(times, i) / med(first, i):.2f}x" if first and articles else "" for i in (0, 1)]
        lines.append(f"| {articles:,} | {incidents:,} | {med(times, 0):.1f} | {', '.join(f'{t[0]:.1f}' for t in times)} "
                     f"| {ratios[0]} | {med(times, 1):.1f} | {', '.join(f'{t[1]:.1f}' for t in times)} | {ratios[1]} |")
    if rss:
        low = rss[0][1]["peak_rss_mb"]
        lines += ["", "| inputs in one run (replayed extraction) | peak RSS (MiB) | vs smallest | seconds | articles/s "
                  "| days between copies |", "|---:|---:|---:|---:|---:|---:|"]
        for n, r in rss:
            lines.append(f"| {n:,} | {r['peak_rss_mb']:.0f} | {r['peak_rss_mb'] / low:.2f}x | {r['seconds']:.0f} "
                         f"| {r['ingested'] / r['seconds']:.1f} | {r['step_days']:,} |")
    articles, _, times = adds[-1]
    notes = [f"End to end, extraction included, the add to {articles:,} stored articles ran at "
             f"{_INGESTED[0] / med(times, 0):.1f} articles/s ({_INGESTED[0]} of the {args.add} inputs admitted; "
             f"the others repeat a stored text)."] + notes
    doc = __doc__.split("\n\n", 2)[2].strip()
    return doc + "\n\n" + "\n".join(lines) + ("\n\n" + "\n\n".join(notes) if notes else "")


if __name__ == "__main__":
    main()
