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


def test_sampled_anonymous_peaks_get_their_own_columns_when_every_run_has_one():
    small = [dict(_run(410.0), peak_anon_mb=a) for a in (290.0, 280.0, 300.0)]
    large = [dict(_run(p, 50000), peak_anon_mb=a) for p, a in ((500.0, 350.0), (505.0, 340.0), (498.0, 345.0))]
    table = _rss_report([(1000, median_run(small)), (50000, median_run(large))])
    assert "| peak anonymous RSS (MiB) | vs smallest |" in table
    assert "| 1,000 | 410 (410, 410, 410) | 1.00x | 290 | 1.00x |" in table    # the median of the sampled peaks
    assert "| 50,000 | 500 (498, 500, 505) | 1.22x | 345 | 1.19x |" in table
    mixed = median_run([_run(410.0), dict(_run(420.0), peak_anon_mb=300.0)])   # a log from before the sampler
    assert "peak_anon_mb" not in mixed and "anonymous" not in _rss_report([(1000, mixed)])


def test_the_anonymous_peak_sees_memory_held_for_a_moment():
    import time

    from benchmarks.replay import AnonPeak

    with AnonPeak(every=0.01) as anon:
        before = AnonPeak.anon_kb()
        held = b"\x01" * (64 << 20)      # written, so every page is resident
        time.sleep(0.2)
        del held
    assert anon.peak_kb - before >= 60 << 10
    assert AnonPeak.anon_kb() < anon.peak_kb
