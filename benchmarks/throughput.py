"""Throughput: bare spaCy against the Flashpoint pipeline on the same corpus, same run.

    python benchmarks/throughput.py                    # ~200 articles, 3 runs each, writes BENCHMARKS.md
    python benchmarks/throughput.py --articles 40 --repeat 1 --no-write

The corpus is the seeds (``../shared/seeds``) and ``examples/`` plus variants of them
(each article with one paragraph of another appended) until it holds ``--articles``
texts, written with their ``articles.jsonl`` sidecar to a temporary folder and read
back with ``flashpoint.ingest.read_sources``. Each mode runs in its own process, so its
peak memory is its own (the process tree's resident set, sampled every 50 ms); model
loading is outside every timing. Modes:

- ``bare``: ``spacy.load(model).pipe`` over the texts (no ruler, no extraction);
- ``full``: ``engines.local.map_articles``: our pipeline + ``extract_mentions``;
- ``pool``: ``engines.pool.map_articles`` with 2 processes, worker start-up included;
- ``e2e``: ``pipeline.run`` into a fresh DuckDB: ingest, dedupe, extract, store, fusion.

The headline ratio (issue 8: full pipeline >= 1.5x bare spaCy) comes from one more
process that loads both and runs them in turns, ``--repeat`` pairs on the same texts
(``pair``): a busy shared machine slows both sides of a pair alike. It reports the
median ratio by wall time and by CPU time, and how much of the corpus the selective
parse (``parse.ArticleParser``) sends through spaCy.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._report import ROOT, SHARED, write_section  # noqa: E402

SEEDS = SHARED.parent / "seeds"
EXAMPLES = ROOT / "examples"
MODES = ("bare", "full", "pool", "e2e")
WORKERS = MODES + ("pair", "profile")
OUR_CODE = str(ROOT / "src" / "flashpoint")


# --- corpus --------------------------------------------------------------------

def _sources() -> list[Path]:
    return [d for d in (SEEDS, EXAMPLES) if d.is_dir()]


def build_corpus(folder: Path, n_articles: int) -> Path:
    """Write ``n_articles`` .txt files (originals, then variants) and their sidecar."""
    from flashpoint.ingest import read_sources
    from flashpoint.records import Article

    base = [a for a in read_sources(_sources()) if isinstance(a, Article)]
    if not base:
        raise SystemExit(f"no articles found in {SEEDS} or {EXAMPLES}")
    paragraphs = [[p for p in a.text.split("\n\n") if p.strip()] for a in base]
    folder.mkdir(parents=True, exist_ok=True)
    meta = []
    for i in range(n_articles):
        original = base[i % len(base)]
        shift = i // len(base)                    # 0: the original; k: + a paragraph of article i+k
        text = original.text
        if shift:
            other = paragraphs[(i + shift) % len(base)]
            text += "\n\n" + other[shift % len(other)]
        name = f"{original.id}-v{shift}"
        (folder / f"{name}.txt").write_text(f"{original.title or name}\n\n{text}\n", encoding="utf-8")
        meta.append({"id": name, "file": f"{name}.txt", "outlet": original.outlet,
                     "published": original.published.isoformat() if original.published else None,
                     "language": "en"})
    (folder / "articles.jsonl").write_text("".join(json.dumps(m) + "\n" for m in meta), encoding="utf-8")
    return folder


def read_corpus(folder: Path):
    from flashpoint.ingest import read_sources
    from flashpoint.records import Article

    return [a for a in read_sources([folder]) if isinstance(a, Article)]


# --- memory --------------------------------------------------------------------

class TreeRSS(threading.Thread):
    """Peak resident memory of this process and all its descendants (Linux /proc)."""

    def __init__(self, interval: float = 0.05):
        super().__init__(daemon=True)
        self.interval, self.peak, self._halt = interval, 0, threading.Event()

    @staticmethod
    def _tree_rss() -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(stat[1]), []).append(int(entry))
            rss[int(entry)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
        total, todo = 0, [os.getpid()]
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            todo.extend(children.get(pid, []))
        return total

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak = max(self.peak, self._tree_rss())
            self._halt.wait(self.interval)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return max(self.peak, self._tree_rss())


# --- one mode, in its own process ----------------------------------------------

def _warm(settings, articles) -> None:
    """Build the pipeline and run it on two articles: lazy loads (gazetteer) happen here."""
    from flashpoint.engines import local

    for _ in local.map_articles(articles[:2], settings):
        pass


def _timed_runs(mode: str, folder: Path, repeat: int) -> tuple[list[float], int, float]:
    """(seconds per run, mentions found, seconds of one-time loading before the runs)."""
    from flashpoint.config import Settings

    start = time.perf_counter()
    articles = read_corpus(folder)
    texts = [a.text for a in articles]
    settings = Settings()
    if mode == "bare":
        import spacy

        nlp = spacy.load(settings.spacy_model)

        def work() -> int:
            for _ in nlp.pipe(texts, batch_size=settings.batch_size):
                pass
            return 0
    elif mode in ("full", "pool"):
        from flashpoint.engines import local, pool

        if mode == "full":
            engine = local
            _warm(settings, articles)
        else:
            engine, settings = pool, Settings(processes=2)
        work = lambda: sum(len(b) for b in engine.map_articles(articles, settings))  # noqa: E731
    else:
        from flashpoint import pipeline

        _warm(settings, articles)
        db = Path(tempfile.mkdtemp(prefix="fp-throughput-"))
        runs = iter(range(repeat))
        work = lambda: pipeline.run([folder], Settings(db_path=db / f"run{next(runs)}.duckdb")).mentions  # noqa: E731
    load_s = time.perf_counter() - start
    times, mentions = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        mentions = work()
        times.append(time.perf_counter() - start)
    return times, mentions, load_s


def _pairs(folder: Path, repeat: int) -> dict:
    """Bare spaCy and the full pipeline in one process, in turns: (wall, CPU) seconds per run."""
    import spacy

    from flashpoint.config import Settings
    from flashpoint.engines import local

    from flashpoint.nlp import use_numpy_gemm

    articles = read_corpus(folder)
    texts = [a.text for a in articles]
    settings = Settings()
    nlp = spacy.load(settings.spacy_model)
    same_gemm = spacy.load(settings.spacy_model)      # like for like: our matrix product (one BLAS thread)
    use_numpy_gemm(same_gemm)
    _warm(settings, articles)
    for model in (nlp, same_gemm):
        for _ in model.pipe(texts[:2]):
            pass
    runs = {"bare": [], "full": [], "bare_same_gemm": []}
    for _ in range(repeat):
        for mode in runs:
            wall, cpu = time.perf_counter(), time.process_time()
            if mode == "bare":
                for _ in nlp.pipe(texts, batch_size=settings.batch_size):
                    pass
            elif mode == "bare_same_gemm":
                for _ in same_gemm.pipe(texts, batch_size=settings.batch_size):
                    pass
            else:
                for _ in local.map_articles(articles, settings):
                    pass
            runs[mode].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {"runs": runs, "selection": selection_share(texts)}


def selection_share(texts: list[str]) -> dict:
    """How much of the corpus the selective parse hands to spaCy: sentences kept (by the
    classifier alone, and in all) and characters in parsed pieces."""
    from flashpoint.config import Settings
    from flashpoint.nlp import shared_pipeline

    parser = shared_pipeline(Settings().spacy_model)
    if parser.typer is None:
        return {"sentences": 0, "parsed": 0, "by_model": 0, "chars": sum(map(len, texts)),
                "parsed_chars": sum(map(len, texts))}
    spans = [parser.sentences(t) for t in texts]
    keeps = parser.select_many(texts, spans)
    by_model = parser.select_many(texts, spans, model_only=True)
    parsed_chars = sum(p.end - p.start for t, sp, k in zip(texts, spans, keeps) for p in parser._plan(t, sp, k) if p.parse)
    return {"sentences": sum(map(len, spans)), "parsed": sum(sum(k) for k in keeps),
            "by_model": sum(sum(k) for k in by_model), "chars": sum(map(len, texts)), "parsed_chars": parsed_chars}


def _our_top(profiler: cProfile.Profile, top: int) -> dict:
    stats = pstats.Stats(profiler).stats
    total = sum(tt for (_, _, tt, _, _) in stats.values())
    ours = [(tt, cum, n, f"{Path(file).relative_to(OUR_CODE).as_posix()}:{line} {name}")
            for (file, line, name), (_, n, tt, cum, _) in stats.items() if file.startswith(OUR_CODE)]
    ours.sort(reverse=True)
    anywhere = sorted(((tt, cum, n, f"{_short(file)}:{line} {name}")
                       for (file, line, name), (_, n, tt, cum, _) in stats.items()), reverse=True)
    rows = lambda items: [{"self_s": tt, "cum_s": cum, "calls": n, "where": where}  # noqa: E731
                          for tt, cum, n, where in items[:top]]
    return {"total_s": total, "ours_s": sum(o[0] for o in ours), "top": rows(ours), "top_any": rows(anywhere)}


def _short(file: str) -> str:
    """A profiled file as ``package/module.py`` (site-packages and our src stripped)."""
    for marker in ("site-packages/", "/src/", "/lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def _profile(folder: Path, top: int) -> dict:
    """Self time of our functions: while loading (warm-up), then in one end-to-end run."""
    from flashpoint import pipeline
    from flashpoint.config import Settings

    articles = read_corpus(folder)
    loading = cProfile.Profile()
    loading.enable()
    _warm(Settings(), articles)
    loading.disable()
    steady = cProfile.Profile()
    db = Path(tempfile.mkdtemp(prefix="fp-profile-")) / "p.duckdb"
    error = None
    steady.enable()
    try:
        pipeline.run([folder], Settings(db_path=db))
    except Exception as exc:  # noqa: BLE001  report the profile up to the failure
        error = f"{type(exc).__name__}: {exc}"
    finally:
        steady.disable()
    return {"loading": _our_top(loading, 5), "run": _our_top(steady, top), "error": error}


def worker(mode: str, folder: Path, repeat: int) -> None:
    """Run one mode and print its figures as JSON (called in a child process)."""
    if mode == "profile":
        print(json.dumps(_profile(folder, 10)))
        return
    if mode == "pair":
        print(json.dumps(_pairs(folder, repeat)))
        return
    meter = TreeRSS()
    meter.start()
    times, mentions, load_s = _timed_runs(mode, folder, repeat)
    print(json.dumps({"times": times, "mentions": mentions, "load_s": load_s, "peak_rss": meter.stop()}))


def measure(mode: str, folder: Path, repeat: int) -> dict:
    cmd = [sys.executable, __file__, "--worker", mode, "--corpus", str(folder), "--repeat", str(repeat)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:   # report the failure in the table and go on with the other modes
        print(f"{mode} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- report --------------------------------------------------------------------

def run(n_articles: int, repeat: int, modes=MODES, profile: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="fp-corpus-") as tmp:
        folder = build_corpus(Path(tmp) / "corpus", n_articles)
        articles = read_corpus(folder)
        result = {"articles": len(articles), "words": sum(len(a.text.split()) for a in articles),
                  "repeat": repeat, "modes": {}}
        for mode in modes:
            print(f"measuring {mode} ...", file=sys.stderr)
            result["modes"][mode] = measure(mode, folder, repeat)
        if "bare" in modes and "full" in modes:
            print("measuring bare and full in turns ...", file=sys.stderr)
            result["pair"] = measure("pair", folder, repeat)
        if profile:
            print("profiling e2e ...", file=sys.stderr)
            result["profile"] = measure("profile", folder, 1)
    for figures in result["modes"].values():
        if "error" in figures:
            continue
        figures["median_s"] = statistics.median(figures["times"])
        figures["articles_per_s"] = result["articles"] / figures["median_s"]
        figures["words_per_s"] = result["words"] / figures["median_s"]
    modes_ = result["modes"]
    if "median_s" in modes_.get("bare", {}) and "median_s" in modes_.get("full", {}):
        result["ratio_full_vs_bare"] = modes_["full"]["articles_per_s"] / modes_["bare"]["articles_per_s"]
    if "runs" in result.get("pair", {}):
        bare, full = result["pair"]["runs"]["bare"], result["pair"]["runs"]["full"]
        result["pair"]["wall_ratio"] = statistics.median(b[0] / f[0] for b, f in zip(bare, full))
        result["pair"]["cpu_ratio"] = statistics.median(b[1] / f[1] for b, f in zip(bare, full))
        same = result["pair"]["runs"].get("bare_same_gemm")
        if same:
            result["pair"]["same_gemm_wall_ratio"] = statistics.median(b[0] / f[0] for b, f in zip(same, full))
            result["pair"]["same_gemm_cpu_ratio"] = statistics.median(b[1] / f[1] for b, f in zip(same, full))
    return result


LABELS = {
    "bare": "(a) bare spaCy `nlp.pipe`",
    "full": "(b) Flashpoint article pipeline (local engine)",
    "pool": "(d) pool engine, 2 processes (start-up included)",
    "e2e": "(c) end-to-end `pipeline.run` into DuckDB",
}


def markdown(result: dict) -> str:
    lines = [
        f"Corpus: {result['articles']} articles, {result['words']:,} words: the seeds and `examples/`, "
        "plus variants of them (an article with one paragraph of another appended). "
        f"Median of {result['repeat']} runs per mode; each mode in its own process, model loading excluded; "
        "\"load s\" is reading the corpus, building the pipeline and a warm-up on 2 articles (the pool "
        "engine starts its workers inside each timed run instead); "
        "peak RSS is the process tree's (workers included), sampled every 50 ms.",
        "",
        "| mode | load s | median s | articles/s | words/s | mentions | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for mode, f in result["modes"].items():
        if "error" in f:
            lines.append(f"| {LABELS[mode]} | failed: `{f['error'][:120]}` | | | | | |")
            continue
        mentions = f["mentions"] if mode != "bare" else "-"
        lines.append(f"| {LABELS[mode]} | {f['load_s']:.1f} | {f['median_s']:.1f} | {f['articles_per_s']:.2f} | "
                     f"{f['words_per_s']:,.0f} | {mentions} | {f['peak_rss'] / 2**20:,.0f} MiB |")
    if "ratio_full_vs_bare" in result:
        ratio = result["ratio_full_vs_bare"]
        lines += ["", f"Ratio (b)/(a) from the table (separate processes, one after the other): {ratio:.2f}."]
    lines += _pair_lines(result)
    if "run" in result.get("profile", {}):
        run_, load = result["profile"]["run"], result["profile"]["loading"]
        lines += ["", "### Where time goes", "",
                  f"cProfile of one end-to-end run after warm-up ({run_['total_s']:.1f} s profiled, "
                  f"{run_['ours_s']:.1f} s of it self time in `src/flashpoint`; spaCy's compiled components "
                  "count as the self time of their Python callers, so this lists only our Python). "
                  "Top 10 of our functions by self time:", ""]
        if result["profile"].get("error"):
            lines += [f"(The run failed part-way, `{result['profile']['error'][:120]}`; the profile covers it up to the failure.)", ""]
        lines += _profile_table(run_["top"])
        lines += ["", "The same run, top 10 functions anywhere (libraries included) by self time:", ""]
        lines += _profile_table(run_["top_any"])
        lines += ["", f"One-time loading (pipeline build + warm-up on 2 articles, {load['total_s']:.1f} s profiled, "
                  f"{load['ours_s']:.1f} s in our code), top 5:", ""]
        lines += _profile_table(load["top"])
    return "\n".join(lines)


def _pair_lines(result: dict) -> list[str]:
    pair = result.get("pair", {})
    if "error" in pair:
        return ["", f"The paired run failed: `{pair['error'][:120]}`."]
    if "wall_ratio" not in pair:
        return []
    sel, n = pair["selection"], len(pair["runs"]["bare"])
    wall, cpu = pair["wall_ratio"], pair["cpu_ratio"]
    share = lambda a, b: f"{100 * a / b:.0f}%" if b else "-"  # noqa: E731
    return [
        "", f"**Full pipeline vs bare spaCy, one process, same run** ({n} pairs of runs in turns, "
        f"the median of each pair's ratio): **{wall:.2f}x** by wall time, **{cpu:.2f}x** by CPU time "
        f"(issue 8's target >= 1.5: {'met' if min(wall, cpu) >= 1.5 else 'not met'}).",
        *_same_gemm_lines(pair),
        "", f"What spaCy parses: the event classifier reads all {sel['sentences']:,} sentences; "
        f"{sel['parsed']:,} ({share(sel['parsed'], sel['sentences'])}) are parsed, {sel['by_model']:,} "
        f"({share(sel['by_model'], sel['sentences'])}) because the classifier calls them events, the rest for a "
        "claim, denial or explicit reprisal phrase, the headline, or a pronoun that continues a parsed "
        f"sentence; the parsed pieces hold {share(sel['parsed_chars'], sel['chars'])} of the corpus's characters "
        "(src/flashpoint/parse.py). The other sentences are only tokenised. The corpus is conflict news "
        "(the seeds, `examples/` and their variants), where about a third of sentences report an event.",
    ]


def _same_gemm_lines(pair: dict) -> list[str]:
    """The like-for-like ratio: part of the margin is the matrix product (``nlp.use_numpy_gemm``),
    not the selective parse; a third run in each turn gives bare spaCy the same product."""
    if "same_gemm_cpu_ratio" not in pair:
        return []
    return ["", "Our models multiply matrices with numpy's BLAS (one thread) instead of the BLIS that "
            "thinc bundles (`nlp.use_numpy_gemm`: same products, about 3x faster here). Bare spaCy given "
            "the same product, in the same turns: the pipeline runs "
            f"**{pair['same_gemm_wall_ratio']:.2f}x** its speed by wall time, **{pair['same_gemm_cpu_ratio']:.2f}x** "
            "by CPU time: what parsing only what matters gives on its own."]


def _profile_table(rows: list[dict]) -> list[str]:
    out = ["| self s | cum s | calls | function |", "|---:|---:|---:|---|"]
    return out + [f"| {r['self_s']:.2f} | {r['cum_s']:.2f} | {r['calls']:,} | `{r['where']}` |" for r in rows]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--json", type=Path, help="also save the raw figures here")
    parser.add_argument("--worker", choices=WORKERS, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.corpus, args.repeat)
        return
    result = run(args.articles, args.repeat, tuple(args.modes.split(",")), not args.no_profile)
    body = markdown(result)
    print(body)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if not args.no_write:
        write_section("throughput", "Throughput", body)


if __name__ == "__main__":
    main()
