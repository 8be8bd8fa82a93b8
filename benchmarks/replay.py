"""One ``flashpoint run`` with extraction replayed, for the scale benchmark's memory figures.

    python benchmarks/replay.py N EXTRACTED.duckdb WORK_DIR     # prints one JSON line

Writes N inputs made from the articles of EXTRACTED (a database of really extracted
articles): input ``{id}-r{k}`` is base article ``id`` moved to copy ``k``, with every word
of its text tagged with ``k`` so that no two inputs are near-duplicates. Copies keep the
base's density of events per country and day, whatever N: copy ``k`` is dated back by a
whole number of steps (a step is the span of the base plus a margin, as ``replicate``
moves copies) and, once the copies no longer fit after 1900 (the earliest publication
date admitted), the next round of copies starts again from the base's dates in other
countries (round ``r`` renames each country code of the base to its own unused ISO
code). Mentions that name no country stay so, and are compared with every round's
events of their weeks, as fusion compares them with every country's. The run is the
real pipeline (reading, admission and near-duplicate checks, storing, fusion, ids,
links) except the NLP: the engine returns the base article's stored mentions, renamed,
moved and placed like the article; its named person victims are the copy's own
(``replicate`` renames them so too), as the tagged words of its text name them: left
shared, an undated mention of one person's killing would pair with that killing in every
copy, and fusion would chain copies that no real corpus has into one incident per round.
Prints the run's seconds (wall and CPU, all threads), inputs ingested, peak RSS (this
process, MiB) and the sampled peak of its anonymous part (``AnonPeak``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.replicate import MARGIN_DAYS, _person_keys, _Template  # noqa: E402

_WORDS = re.compile(r"\b([A-Za-z]+)\b")


_CODES = re.compile(r'"(?:country|country_hint|place_id)": "([A-Z]{2})"')


@dataclass(frozen=True)
class Layout:
    """Where copy ``k`` goes: ``days`` back, in round ``round`` of the countries."""

    step_days: int
    per_round: int            # copies that fit after 1900 at the base's spacing
    base_countries: tuple[str, ...]

    def place(self, k: int) -> tuple[dt.timedelta, int]:
        return dt.timedelta(days=-((k - 1) % self.per_round + 1) * self.step_days), (k - 1) // self.per_round

    def countries(self, round_: int) -> dict[str, str]:
        """Round ``round_``'s renaming of the base's country codes (none in round 0)."""
        if not round_:
            return {}
        from flashpoint.country_names import countries

        pool = [c for c in sorted(countries()) if c not in self.base_countries]
        n = len(self.base_countries)
        return {c: pool[((round_ - 1) * n + j) % len(pool)] for j, c in enumerate(self.base_countries)}


def layout(con) -> Layout:
    from flashpoint.ingest.readers import EARLIEST_PUBLISHED

    lo, hi = con.execute("SELECT min(published), max(published) FROM articles").fetchone()
    step = (hi - lo).days + MARGIN_DAYS
    codes = {c for (doc,) in con.execute("SELECT doc FROM mentions").fetchall() for c in _CODES.findall(doc)}
    return Layout(step, max(1, (lo - EARLIEST_PUBLISHED).days // step), tuple(sorted(codes)))


def write_inputs(path: Path, n: int, con) -> Layout:
    """The N inputs (see the module docstring); returns where the copies went."""
    rows = con.execute("SELECT id, text, title, outlet, published FROM articles ORDER BY id").fetchall()
    where = layout(con)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            k, (aid, text, title, outlet, published) = i // len(rows) + 1, rows[i % len(rows)]
            days, _ = where.place(k)
            fh.write(json.dumps({"id": f"{aid}-r{k}", "title": title, "outlet": outlet,
                                 "text": _WORDS.sub(lambda m: f"{m.group(1)}{k}", text),
                                 "published": (published + days).isoformat() if published else None}) + "\n")
    return where


def replay_engine(con, where: Layout):
    """A ``map_articles`` that yields each article's base mentions, renamed, moved and placed."""
    from flashpoint.records import Mention, from_dict

    ids = {r[0] for r in con.execute("SELECT id FROM mentions UNION SELECT id FROM articles").fetchall()}
    codes = frozenset(where.base_countries)
    rows = con.execute("SELECT article, doc FROM mentions ORDER BY id").fetchall()
    persons = _person_keys([doc for _, doc in rows])   # each copy's own people, as its text's tagged words name them
    by_article: dict[str, list[_Template]] = {}
    for article, doc in rows:
        by_article.setdefault(article, []).append(_Template(doc, ids, persons, codes))

    def map_articles(articles, settings, *, progress=None):
        out = []
        for a in articles:
            base, k = a.id.rsplit("-r", 1)
            days, round_ = where.place(int(k))
            countries = where.countries(round_)
            out.extend(from_dict(Mention, json.loads(t.render(f"-r{k}", days, countries)))
                       for t in by_article.get(base, ()))
        yield out

    return map_articles


def _peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not getrusage's ru_maxrss: Linux carries
    that over from the parent across fork and exec, so a child started by a big parent
    reports the parent's peak."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class AnonPeak:
    """The peak of this process's anonymous resident memory (RssAnon), sampled every
    ``every`` seconds on a daemon thread. VmHWM also counts file-backed pages (shared
    libraries, mapped files), whose residence follows the kernel's page cache: the same run
    of 1k inputs peaked 70 MiB apart at two times of one day. Anonymous memory is what the
    run itself holds; a sample can miss a spike shorter than ``every``."""

    def __init__(self, every: float = 0.05):
        import threading

        self.every, self.peak_kb = every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def anon_kb() -> int:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
        return 0

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, self.anon_kb())
            self._stop.wait(self.every)

    def __enter__(self) -> "AnonPeak":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_kb = max(self.peak_kb, self.anon_kb())

    @property
    def mb(self) -> float:
        return self.peak_kb / 1024


def main() -> None:
    import duckdb

    from flashpoint.config import Settings
    from flashpoint.engines import local
    from flashpoint.pipeline import run

    n, extracted, work = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    con = duckdb.connect(str(extracted), read_only=True)
    inputs = work / f"replay-{n}.jsonl"
    where = write_inputs(inputs, n, con)
    local.map_articles = replay_engine(con, where)
    rounds = where.place(-(-n // con.execute("SELECT count(*) FROM articles").fetchone()[0]))[1] + 1
    con.close()
    db = work / f"replay-{n}.duckdb"
    start, cpu = time.perf_counter(), time.process_time()
    with AnonPeak() as anon:
        report = run([inputs], Settings(db_path=db))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = _peak_rss_mb()
    print(json.dumps({"inputs": n, "ingested": len(report.ingested), "seconds": seconds, "cpu_seconds": cpu,
                      "peak_rss_mb": peak, "peak_anon_mb": anon.mb, "incidents": report.incidents,
                      "step_days": where.step_days,
                      "rounds": rounds}))
    inputs.unlink()
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
