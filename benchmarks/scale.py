"""Does the cost of a run grow with what it adds, or with what is stored?

    python benchmarks/scale.py                                  # 1k, 10k, 50k; writes BENCHMARKS.md
    python benchmarks/scale.py --sizes 1000 --repeats 1 --no-write
    python benchmarks/scale.py --rss-only --rss 1000 10000 50000 --extracted BASE.duckdb   # (2) only
    python benchmarks/scale.py --rss-only --rss 1000 50000 --rss-repeats 3 --extracted BASE.duckdb   # medians

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
   the rate with it. ``--rss-only`` runs these alone and writes their own section.
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
import re
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


def rss_runs(sizes: list[int], work: Path, extracted: Path, jobs: int = 1,
             repeats: int = 1) -> list[tuple[int, dict]]:
    """Peak RSS and rate of ``repeats`` replayed runs of each of ``sizes`` inputs, each in
    its own child process, ``jobs`` of them at a time; each size reports its median run."""
    script = str(Path(__file__).with_name("replay.py"))
    results: dict[int, list[dict]] = {}
    waiting, running = [(n, k) for n in sizes for k in range(max(1, repeats))], []
    while waiting or running:
        while waiting and len(running) < max(1, jobs):
            n, k = waiting.pop(0)
            folder = work / f"rss-{n}-{k}"      # runs of one size at once must not share files
            folder.mkdir(exist_ok=True)
            running.append((n, subprocess.Popen([sys.executable, script, str(n), str(extracted), str(folder)],
                                                stdout=subprocess.PIPE, text=True)))
        n, child = running.pop(0)
        out, _ = child.communicate()
        if child.returncode:
            raise SystemExit(f"the replayed run of {n} inputs failed ({child.returncode})")
        results.setdefault(n, []).append(json.loads(out.strip().splitlines()[-1]))
        print(f"rss {n}: {results[n][-1]}", flush=True)
    return [(n, median_run(results[n])) for n in sizes]


def median_run(runs: list[dict]) -> dict:
    """The run of median peak RSS (the lower middle one of an even count), with every
    run's peak beside it: the same replayed run moves by up to a tenth between tries on a
    shared machine, so one run per size cannot tell a 20% growth."""
    ordered = sorted(runs, key=lambda r: r["peak_rss_mb"])
    median = {**ordered[(len(ordered) - 1) // 2], "peaks": [r["peak_rss_mb"] for r in ordered]}
    anon = sorted(r["peak_anon_mb"] for r in runs if "peak_anon_mb" in r)
    if len(anon) == len(runs):      # logs of runs before replay.py sampled it have none
        median["peak_anon_mb"] = anon[(len(anon) - 1) // 2]
    return median


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
    parser.add_argument("--rss-only", action="store_true",
                        help="only the replayed runs of --rss (no adds); writes their own section")
    parser.add_argument("--jobs", type=int, default=1, help="replayed runs at a time (each its own process)")
    parser.add_argument("--rss-repeats", type=int, default=1,
                        help="replayed runs of each --rss size; the run of median peak RSS is reported")
    parser.add_argument("--rss-from", type=Path, nargs="+", help="with --rss-only: take the results of the --rss sizes "
                        "from the 'rss N: {...}' lines earlier runs of this script printed (their logs; a later log "
                        "wins) instead of running them")
    parser.add_argument("--ray", action="store_true",
                        help="only compare local and Ray (2 processes each) adding to the smallest store")
    parser.add_argument("--extracted", type=Path, help="reuse a database of --extract extracted variants")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--notes", type=Path, help="with --rss-from: a text file whose paragraphs go under the "
                        "table (what the logs cannot say: which commit ran, what else ran beside it)")
    args = parser.parse_args()

    if args.rss_only and args.rss_from:
        found, sources = _logged_results(args.rss_from, args.rss)
        missing = [n for n in args.rss if n not in dict(found)]
        notes = [f"No figures for {n:,} inputs: no run of them completed in the logs read." for n in missing]
        if len(set(sources.values())) > 1:
            notes.append("Read from the logs of separate invocations of `--rss-only`: " + "; ".join(
                f"{n:,} inputs from `{log.name}`" for n, log in sorted(sources.items())) + "; wall-clock seconds "
                "depend on what else ran at the time, runs of the same invocation included: compare the CPU columns.")
        if args.notes:
            notes += [" ".join(p.split()) for p in args.notes.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        _write_rss(args, found, notes)
        return
    from flashpoint.config import Settings
    from flashpoint.nlp import shared_pipeline
    from flashpoint.pipeline import run

    from flashpoint.engines import local

    local.map_articles = _timing_extraction(local.map_articles)
    if not args.rss_only:
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
        if args.rss_only:
            rss = rss_runs(args.rss, work, extracted, args.jobs, args.rss_repeats)
            _write_rss(args, rss)
            return
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
        rss = rss_runs(args.rss, work, extracted, args.jobs, args.rss_repeats)
    body = _report(args, adds, notes)
    print(body)
    if not args.no_write:
        write_section("scale", f"Scale: adding {args.add} articles to a growing database", body)
    _write_rss(args, rss)


def _logged_results(logs: list[Path], sizes: list[int]) -> tuple[list[tuple[int, dict]], dict[int, Path]]:
    """The replayed runs' results as ``rss_runs`` printed them, for the ``sizes`` found,
    and the log each came from: per size, the median run of the last log that has it."""
    import ast

    found, sources = {}, {}
    for log in logs:
        runs: dict[int, list[dict]] = {}
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.startswith("rss ") and ": {" in line:
                n, result = line[4:].split(": ", 1)
                runs.setdefault(int(n), []).append(ast.literal_eval(result))
        for n, logged in runs.items():
            found[n], sources[n] = median_run(logged), log
    return [(n, found[n]) for n in sizes if n in found], {n: sources[n] for n in sizes if n in found}


RSS_SECTION = "scale-rss"
RSS_DOC = """\
One ``flashpoint run`` of N new inputs into an empty database, in a child process
(``benchmarks/replay.py``), as item 2 of the section above describes: extraction is replayed
from the base's stored mentions (extracting 50k texts would take hours here), everything
else is the pipeline as it runs - reading the JSON Lines file as a stream, admission
against the stored MinHash bands, storing, fusion in committed steps, ids, links. Input
``k`` of a base article is that article in copy ``k``: dated a whole number of steps back
(the step is the base's span plus a margin, the days column), with every word tagged
with ``k`` so that no input is a near-duplicate of another, and its named person victims
renamed so too (shared, an undated report of one person's killing would fuse that killing
across every copy of a round into one incident). Copies keep the base's density
of events per country and day: once they no longer fit after 1900, the next round starts
again at the base's dates with each of the base's country codes renamed to an unused ISO
code (the rounds column). Mentions naming no country stay so and meet the events of every
round in their weeks, as fusion compares them with every country's."""


def _write_rss(args, rss: list[tuple[int, dict]], notes: list[str] = ()) -> None:
    """The replayed runs' table, in its own section right after the adds' section."""
    if not rss:
        return
    body = "\n\n".join([_rss_report(rss, args.jobs), *notes])
    print(body)
    if args.no_write:
        return
    from benchmarks._report import BENCHMARKS_MD

    text = BENCHMARKS_MD.read_text(encoding="utf-8")
    if f"<!-- {RSS_SECTION}:start -->" not in text and "<!-- scale:end -->" in text:
        text = text.replace("<!-- scale:end -->", f"<!-- scale:end -->\n\n<!-- {RSS_SECTION}:start -->\n"
                            f"<!-- {RSS_SECTION}:end -->", 1)
    old_table = re.compile(r"\n\| inputs in one run \(replayed extraction\).*?\n(?=\n|<!--)", re.S)
    head, sep, rest = text.partition("<!-- scale:end -->")
    if sep and old_table.search(head):   # an older run kept the table in the adds' section
        text = old_table.sub("\nPeak memory of one run of N inputs (2): the next section.\n", head, count=1) + sep + rest
    BENCHMARKS_MD.write_text(text, encoding="utf-8")
    write_section(RSS_SECTION, "Scale: peak memory and rate of one run of N inputs", body)


def _rss_report(rss: list[tuple[int, dict]], jobs: int = 1) -> str:
    low = rss[0][1]["peak_rss_mb"]
    anon = all("peak_anon_mb" in r for _, r in rss)
    lines = ["| inputs in one run (replayed extraction) | peak RSS (MiB) | vs smallest "
             + ("| peak anonymous RSS (MiB) | vs smallest " if anon else "")
             + "| seconds | articles/s | CPU seconds | articles per CPU second | incidents | days between copies | rounds |",
             "|---:|---:|---:|" + ("---:|---:|" if anon else "") + "---:|---:|---:|---:|---:|---:|---:|"]
    for n, r in rss:
        cpu = r.get("cpu_seconds")
        per_cpu = f"{cpu:.0f} | {r['ingested'] / cpu:.1f}" if cpu else " | "
        peak = f"{r['peak_rss_mb']:.0f}" + (" (" + ", ".join(f"{p:.0f}" for p in r["peaks"]) + ")"
                                            if len(r.get("peaks", ())) > 1 else "")
        anon_cells = (f"{r['peak_anon_mb']:.0f} | {r['peak_anon_mb'] / rss[0][1]['peak_anon_mb']:.2f}x | "
                      if anon else "")
        lines.append(f"| {n:,} | {peak} | {r['peak_rss_mb'] / low:.2f}x | {anon_cells}{r['seconds']:.0f} "
                     f"| {r['ingested'] / r['seconds']:.1f} | {per_cpu} | {r.get('incidents', 0):,} "
                     f"| {r['step_days']:,} | {r.get('rounds', 1)} |")
    return (RSS_DOC + "\n\n" + "\n".join(lines) + "\n\nPeak RSS is the child process's high-water mark (VmHWM); "
            "where a size ran several times, the run of median peak is reported, every run's peak in brackets; "
            + ("peak anonymous RSS is the median of the runs' sampled peaks of RssAnon, which leaves out "
               "file-backed pages (libraries, mapped files) whose residence follows the page cache; " if anon else "")
            + "seconds are wall-clock on a shared machine, CPU seconds the child's own (user + system, all its "
            "threads)" + (f"; {jobs} runs went at once, so their wall-clock rates are lower than alone and the rate "
                          "per CPU second is the one to compare." if jobs > 1 else "."))


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


def _report(args, adds, notes) -> str:
    def med(times, i):
        return statistics.median(t[i] for t in times)

    first = adds[1][2] if len(adds) > 1 else None
    lines = [f"| stored articles | stored incidents | add {args.add}: median (s) | runs (s) | vs smallest "
             "| all but extraction: median (s) | runs (s) | vs smallest |", "|---:|---:|---:|---|---:|---:|---|---:|"]
    for articles, incidents, times in adds:
        ratios = [f"{med(times, i) / med(first, i):.2f}x" if first and articles else "" for i in (0, 1)]
        lines.append(f"| {articles:,} | {incidents:,} | {med(times, 0):.1f} | {', '.join(f'{t[0]:.1f}' for t in times)} "
                     f"| {ratios[0]} | {med(times, 1):.1f} | {', '.join(f'{t[1]:.1f}' for t in times)} | {ratios[1]} |")
    lines += ["", "Peak memory of one run of N inputs (2): the next section."]
    articles, _, times = adds[-1]
    notes = [f"End to end, extraction included, the add to {articles:,} stored articles ran at "
             f"{_INGESTED[0] / med(times, 0):.1f} articles/s ({_INGESTED[0]} of the {args.add} inputs admitted; "
             f"the others repeat a stored text)."] + notes
    doc = __doc__.split("\n\n", 2)[2].strip()
    return doc + "\n\n" + "\n".join(lines) + ("\n\n" + "\n\n".join(notes) if notes else "")


if __name__ == "__main__":
    main()
