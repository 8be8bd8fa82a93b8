"""RELIABILITY.md: hostile inputs, fuzzing, and the sections other scripts measure.

    python benchmarks/reliability.py [--fuzz 2000] [--quick]

This script measures two things itself:

- hostile inputs: a catalogue of inputs built to break ingest and the run (cut WARC
  and gzip archives, bad JSON Lines, broken links, unreadable folders, over-long
  texts, impossible dates, id conflicts, absurd tolls, markup in file names). Each
  counts as a crash when something raises, and as a silent loss when an input ends
  in no record or a cut text passes as an article;
- fuzzing: the strategies of tests/hostile.py over the date resolver, the TIMEX
  normaliser, the quantity parser, the ingest readers and the whole extraction,
  counting cases and exceptions.

The other sections read JSON files that their owners' scripts write, and say "not
measured yet" while a file is absent:

    benchmarks/results/faults.json    crash safety (faults injected / survived / data lost)
    benchmarks/results/attacks.json   API attacks (tried / succeeded)
    benchmarks/results/load.json      API load (requests/s, p95, errors)

each holding "command", "date" and "machine", and its figures either as
"figures": {"label": value, ...} or as top-level numbers ("faults_injected": 28, ...);
an optional "notes" string is printed under the table.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from benchmarks._report import write_section  # noqa: E402
from flashpoint.records import COUNT_CEILING, Article, Rejected  # noqa: E402

RELIABILITY_MD = ROOT / "RELIABILITY.md"
RESULTS = Path(__file__).parent / "results"
HEADER = ("# Reliability\n\nHow Flashpoint holds up against hostile input, faults and load. Every figure below "
          "was produced by a script; each section names its command, machine and date.\n")

BODY = ("Militants fired a barrage of mortar rounds at an army outpost in the hills before dawn on Saturday, "
        "killing one soldier and wounding three, a military spokesman said. The outpost returned fire and the "
        "attackers withdrew towards the river, where helicopters were later seen searching the area. ")


# --- hostile inputs -------------------------------------------------------------

@dataclass
class Outcome:
    name: str
    inputs: int
    crashed: str = ""                      # the exception, when one escaped
    lost: list[str] = field(default_factory=list)   # what went missing or passed as complete
    seen: list[str] = field(default_factory=list)


def _labels(items) -> list[str]:
    return ["article" if isinstance(i, Article) else i.reason for i in items]


def _compare(name: str, expected: list[str], items) -> Outcome:
    seen = _labels(items)
    out = Outcome(name, len(expected), seen=seen)
    if len(seen) < len(expected):
        out.lost.append(f"{len(expected) - len(seen)} input(s) gave no record")
    for want, got in zip(expected, seen):
        if want != got and got == "article":
            out.lost.append(f"expected {want}, ingested as an article")
        elif want != got:
            out.lost.append(f"expected {want}, got {got}")
    return out


def _warc(path: Path, pages: list[bytes], gz: bool) -> Path:
    from test_ingest import _warc as write

    return write(path, [(f"https://example.org/{i}", "text/html", p) for i, p in enumerate(pages)], gz)


def _page(text: str) -> bytes:
    return ("<html><head><title>T</title></head><body><article>"
            + "".join(f"<p>{s}.</p>" for s in text.split(". ")) + "</article></body></html>").encode()


def _ingest_cases(tmp: Path) -> list[tuple[str, list[str], Callable[[], list]]]:
    """(name, expected labels in order, how to read it) for each hostile ingest input."""
    from flashpoint.ingest import read_sources

    cases = []
    for gz in (False, True):
        whole_path = _warc(tmp / f"whole{gz:d}.warc{'.gz' if gz else ''}", [_page(BODY), _page(BODY * 3)], gz)
        whole, texts = whole_path.read_bytes(), {a.text for a in read_sources([whole_path])}
        step = max(1, len(whole) // 40)
        for n, size in enumerate(range(len(whole) // 2, len(whole) - 8, step)):
            cut = tmp / f"cut{gz:d}_{n}.warc{'.gz' if gz else ''}"
            cut.write_bytes(whole[:size])
            cases.append((f"{'gzip ' if gz else ''}WARC cut at byte {size} of {len(whole)}", ["article", "truncated"],
                          lambda cut=cut, texts=texts: _complete_or_truncated(read_sources([cut]), texts)))
    lines = tmp / "lines.jsonl"
    good = json.dumps({"id": "ok1", "text": BODY})
    lines.write_text("\n".join([good, '{"id": "s", "text": "' + BODY[:80] + '\\ud800"}', "{not json", "[1, 2]",
                                '{"id": "nt"}', good.replace("ok1", "ok2")]) + "\n", encoding="utf-8")
    cases.append(("JSONL: lone surrogate, invalid JSON, a list, no text between good lines",
                  ["article", "malformed", "malformed", "malformed", "malformed", "article"],
                  lambda: list(read_sources([lines]))))
    folder = tmp / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY)
    os.symlink(folder / "gone.txt", folder / "b.txt")
    os.mkfifo(folder / "c.txt")
    cases.append(("folder with a broken link and a FIFO", ["article", "unreadable", "unsupported"],
                  lambda: list(read_sources([folder]))))
    locked = tmp / "locked"
    (locked / "inner").mkdir(parents=True)
    (locked / "inner" / "d.txt").write_text(BODY)
    cases.append(("a folder that cannot be listed" + (" (simulated: running as root)" if os.geteuid() == 0 else ""),
                  ["unreadable"], lambda: _read_locked(locked / "inner")))
    long_text = tmp / "long.txt"
    long_text.write_text(BODY * (2_000_000 // len(BODY) + 2))
    cases.append(("a text over the 2,000,000-character ceiling", ["too_long"], lambda: list(read_sources([long_text]))))
    for date in ("0001-01-01", "9999-12-31", "1850-06-01"):
        dated = tmp / f"dated{date}.jsonl"
        dated.write_text(json.dumps({"id": f"d{date}", "text": BODY, "published": date}) + "\n")
        cases.append((f"metadata date {date}", ["bad_date"], lambda dated=dated: list(read_sources([dated]))))
    for name, data, reason in (("binary.txt", b"\x89PNG\x00\x00" + bytes(range(256)), "binary"),
                               ("latin.txt", ("Caf\u00e9 " + BODY).encode("latin-1"), "not_utf8"),
                               ("empty.jsonl", b"\n\n", "empty"),
                               ("noise.warc.gz", gzip.compress(b"not a record\r\n" * 10), "malformed")):
        path = tmp / name
        path.write_bytes(data)
        cases.append((f"{name} ({reason})", [reason], lambda path=path: list(read_sources([path]))))
    return cases


def _complete_or_truncated(items, complete: set[str]) -> list:
    """A cut archive's records as they should be: the first article whole, then the cut
    reported. A record the cut spared (only the gzip trailer lost) may come whole before
    the report; a cut text passing as an article stays an article and counts as a loss."""
    items = list(items)
    if len(items) == 3 and isinstance(items[1], Article) and items[1].text in complete:
        items.pop(1)
    return items


def _read_locked(folder: Path) -> list:
    from flashpoint.ingest import read_sources

    if os.geteuid() != 0:
        folder.chmod(0)
        try:
            return list(read_sources([folder.parent]))
        finally:
            folder.chmod(0o755)
    listdir = Path.iterdir

    def refuse(self):
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return listdir(self)

    Path.iterdir = refuse
    try:
        return list(read_sources([folder.parent]))
    finally:
        Path.iterdir = listdir


def _run_cases(tmp: Path) -> list[Outcome]:
    """The pipeline-level cases: what a whole run does with hostile input."""
    from flashpoint.config import Settings
    from flashpoint.pipeline import run
    from flashpoint.store import Store

    outcomes = []
    db = tmp / "run.duckdb"
    settings = Settings(db_path=db)

    def attempt(name: str, inputs: int, check: Callable[[], list[str]]) -> None:
        try:
            outcomes.append(Outcome(name, inputs, lost=check()))
        except Exception as exc:   # a crash is what this counts
            outcomes.append(Outcome(name, inputs, crashed=f"{type(exc).__name__}: {exc}"))

    first, second = tmp / "first.jsonl", tmp / "second.jsonl"
    first.write_text(json.dumps({"id": "same", "text": BODY, "published": "2023-05-06"}) + "\n")
    second.write_text(json.dumps({"id": "same", "text": BODY.replace("one soldier", "two soldiers"),
                                  "published": "2023-05-06"}) + "\n")

    def conflict() -> list[str]:
        run([first], settings)
        report = run([second], settings)
        reasons = [r.reason for r in report.rejected]
        return [] if reasons == ["id_conflict"] else [f"a new text under a stored id gave {reasons or 'a duplicate'}"]

    attempt("a new text under a stored id", 1, conflict)

    bad = tmp / "bad.jsonl"
    bad.write_text("{not json\n" + json.dumps({"id": "x", "text": "short"}) + "\n")

    def rejects_once() -> list[str]:
        for _ in range(3):
            run([bad], settings)
        with Store(db, read_only=True) as store:
            n = store.con.execute("SELECT count(*) FROM rejects WHERE source LIKE ?", [f"{bad}%"]).fetchone()[0]
        return [] if n == 2 else [f"two bad lines read three times left {n} reject rows"]

    attempt("the same rejects on three runs", 2, rejects_once)

    toll = tmp / "toll.jsonl"
    toll.write_text(json.dumps({"id": "toll", "published": "2023-05-06", "text": (
        "A car bomb exploded at a market in Kirkuk on Friday, killing 3,000,000,000 people, a police officer said. "
        "Rockets struck the base 3000 years ago, the 0th century, 99999999999 days ago, officials added. ") * 2}) + "\n")

    def tolls_and_dates() -> list[str]:
        report = run([toll], settings)
        lost = [f"extraction failed: {r.detail}" for r in report.failed]
        with Store(db, read_only=True) as store:
            high = store.con.execute("SELECT max(killed_max) FROM incidents").fetchone()[0] or 0
            rules = [r[0] for r in store.con.execute("SELECT rule FROM evidence WHERE field = 'casualties'").fetchall()]
        if high > COUNT_CEILING:
            lost.append(f"a toll of {high} was stored above the ceiling")
        if report.mentions and not any("quantity.clamped" in r for r in rules):
            lost.append("the clamped toll is not flagged in evidence")
        return lost

    attempt("a toll of 3,000,000,000 and dates 3000 years ago in one article", 1, tolls_and_dates)

    odd = tmp / "[" / "x][bold]odd.txt"          # "[/x][bold]" in the path: Rich markup
    odd.parent.mkdir()
    odd.write_text("too short")

    def markup() -> list[str]:
        from typer.testing import CliRunner

        from flashpoint.cli import app

        result = CliRunner().invoke(app, ["run", str(odd), "--db", str(db)])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception          # exit 1 ("nothing ingested") is the answer; a traceback is not
        return [] if "x][bold]odd.txt: too_short" in result.output else ["the file name was not printed as written"]

    attempt("a file name holding Rich markup", 1, markup)
    return outcomes


def hostile_inputs() -> tuple[list[Outcome], float]:
    start = time.perf_counter()
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        for name, expected, read in _ingest_cases(tmp):
            try:
                outcomes.append(_compare(name, expected, read()))
            except Exception as exc:
                outcomes.append(Outcome(name, len(expected), crashed=f"{type(exc).__name__}: {exc}"))
        outcomes.extend(_run_cases(tmp))
    return outcomes, time.perf_counter() - start


def hostile_section(outcomes: list[Outcome], seconds: float) -> str:
    tried = sum(o.inputs for o in outcomes)
    crashes = sum(1 for o in outcomes if o.crashed)
    losses = sum(len(o.lost) for o in outcomes)
    rows = ["| hostile inputs tried | crashes | silent losses |", "|---:|---:|---:|", f"| {tried} | {crashes} | {losses} |",
            "", f"{len(outcomes)} cases in {seconds:.0f} s. A crash is an exception out of ingest or the run; a silent "
            "loss is an input that ends in no record, a cut text ingested as complete, or a wrong outcome.", "",
            "| case | inputs | outcome |", "|---|---:|---|"]
    for o in outcomes:
        verdict = f"CRASH {o.crashed}" if o.crashed else ("; ".join(o.lost) if o.lost else "accounted for")
        rows.append(f"| {o.name} | {o.inputs} | {verdict.replace('|', '/')} |")
    return "\n".join(rows)


# --- fuzzing --------------------------------------------------------------------

def fuzz(cases: int) -> list[tuple[str, int, int, str]]:
    """(target, cases run, exceptions, first exception) per fuzz target."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    import hostile
    from flashpoint.ingest import read_sources
    from flashpoint.nlp import build_pipeline
    from flashpoint.pipeline import extract_article
    from flashpoint.resolve.quantities import find_casualties, parse_count
    from flashpoint.resolve.timex import normalise_timex
    from flashpoint.resolve.when import resolve_when

    nlp = build_pipeline()
    tmp = Path(tempfile.mkdtemp())

    def read_bytes(data: bytes, suffix: str) -> None:
        path = tmp / f"input{suffix}"
        path.write_bytes(data)
        list(read_sources([path], min_chars=1))

    targets = [
        ("resolve_when(arbitrary or mutated phrase, any publication date)",
         st.tuples(hostile.date_texts, hostile.publication_dates), lambda a: resolve_when(*a), cases),
        ("normalise_timex(arbitrary or mutated phrase, any date)",
         st.tuples(hostile.date_texts, st.dates()), lambda a: normalise_timex(*a), cases),
        ("parse_count and find_casualties(arbitrary or mutated text)",
         hostile.quantity_texts, lambda t: (parse_count(t), find_casualties(t)), cases),
        ("ingest: any bytes as .txt/.jsonl/.html/.warc/.warc.gz",
         st.tuples(st.binary(max_size=400), st.sampled_from([".txt", ".jsonl", ".html", ".warc", ".warc.gz"])),
         lambda a: read_bytes(*a), max(50, cases // 10)),
        ("extract_article(arbitrary or mutated news text, any publication date)",
         st.tuples(hostile.article_texts, hostile.publication_dates),
         lambda a: extract_article(nlp, Article(id="fuzz", text=a[0], published=a[1], source="fuzz")), max(50, cases // 10)),
    ]
    results = []
    for name, strategy, target, n in targets:
        count, errors, first = 0, 0, ""

        @settings(max_examples=n, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def probe(value):
            nonlocal count, errors, first
            count += 1
            try:
                target(value)
            except Exception as exc:   # counted, not raised: the figure is how many
                errors += 1
                first = first or f"{type(exc).__name__}: {exc} on {value!r}"[:200]

        probe()
        results.append((name, count, errors, first))
        print(f"fuzz {name}: {count} cases, {errors} exceptions", file=sys.stderr)
    return results


def fuzz_section(results: list[tuple[str, int, int, str]]) -> str:
    total, errors = sum(r[1] for r in results), sum(r[2] for r in results)
    rows = ["| fuzz cases | exceptions |", "|---:|---:|", f"| {total} | {errors} |", "",
            "Strategies from tests/hostile.py (derandomized: the same cases on every run); "
            "tests/test_fuzz.py runs the same properties in `make test`.", "",
            "| target | cases | exceptions | first exception |", "|---|---:|---:|---|"]
    rows += [f"| {name} | {n} | {e} | {first.replace('|', '/') or '-'} |" for name, n, e, first in results]
    return "\n".join(rows)


# --- sections measured by other scripts -----------------------------------------

OWNED = [
    ("faults", "Faults injected (crash safety)", "faults.json", "the crash-safety test (pipeline owner)"),
    ("attacks", "Attacks on the API", "attacks.json", "the API hardening script (API owner)"),
    ("load", "Load on the API", "load.json", "the load script (API owner)"),
]


def owned_section(filename: str, who: str) -> str:
    path = RESULTS / filename
    if not path.exists():
        return f"not measured yet: {who} writes `benchmarks/results/{filename}`, and this section reads it."
    data = json.loads(path.read_text(encoding="utf-8"))
    stamp = ("command", "date", "machine", "notes")
    figures = data.get("figures") or {k.replace("_", " "): v for k, v in data.items()   # or the file's top-level numbers
                                      if k not in stamp and isinstance(v, (int, float)) and not isinstance(v, bool)}
    rows = [f"Figures from `benchmarks/results/{filename}`: `{data.get('command', '?')}`, "
            f"{data.get('date', '?')}, {data.get('machine', '?')}.", "",
            "| " + " | ".join(figures) + " |", "|" + "---:|" * len(figures),
            "| " + " | ".join(str(v) for v in figures.values()) + " |"]
    if data.get("notes"):
        rows += ["", str(data["notes"])]
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fuzz", type=int, default=2000, help="cases per fast fuzz target (the slow ones get a tenth)")
    parser.add_argument("--quick", action="store_true", help="200 fuzz cases per target; for a smoke run")
    parser.add_argument("--no-write", action="store_true", help="print the sections, leave RELIABILITY.md alone")
    args = parser.parse_args()
    outcomes, seconds = hostile_inputs()
    sections = [("hostile_inputs", "Hostile inputs", hostile_section(outcomes, seconds)),
                ("fuzz", "Fuzzing", fuzz_section(fuzz(200 if args.quick else args.fuzz)))]
    sections += [(name, title, owned_section(filename, who)) for name, title, filename, who in OWNED]
    for name, title, body in sections:
        if args.no_write:
            print(f"## {title}\n\n{body}\n")
        else:
            write_section(name, title, body, target=RELIABILITY_MD, header=HEADER)
    bad = sum(1 for o in outcomes if o.crashed or o.lost)
    return 1 if bad else 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        raise SystemExit(main())
