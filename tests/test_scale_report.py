"""The scale benchmark's memory table: several replayed runs of one size report their median."""

from __future__ import annotations

from benchmarks.scale import _logged_results, _rss_report, median_run


def _run(peak: float, n: int = 1000) -> dict:
    return {"inputs": n, "ingested": n, "seconds": 10.0, "cpu_seconds": 9.0, "peak_rss_mb": peak,
            "incidents": 3, "step_days": 10, "rounds": 1}


def test_the_median_run_is_reported_with_every_peak():
    got = median_run([_run(480.0), _run(430.0), _run(455.0)])
    assert got["peak_rss_mb"] == 455.0 and got["peaks"] == [430.0, 455.0, 480.0]
    assert median_run([_run(500.0), _run(440.0)])["peak_rss_mb"] == 440.0   # the lower middle of two


def test_logged_runs_of_one_size_give_their_median(tmp_path):
    log = tmp_path / "rss.log"
    log.write_text("\n".join(f"rss {r['inputs']}: {r!r}" for r in
                             [_run(470.0), _run(430.0, 10000), _run(440.0), _run(520.0)]) + "\n", encoding="utf-8")
    found, sources = _logged_results([log], [1000, 10000])
    assert [(n, r["peak_rss_mb"]) for n, r in found] == [(1000, 470.0), (10000, 430.0)]
    assert sources == {1000: log, 10000: log}
    table = _rss_report(found)
    assert "| 1,000 | 470 (440, 470, 520) | 1.00x |" in table
    assert "| 10,000 | 430 | 0.91x |" in table
