"""The command line: a thin face over pipeline, store and export.

    flashpoint run PATH... [--db FILE]
    flashpoint export [--db FILE] --format jsonl|csv|geojson|parquet [--out FILE]
    flashpoint incidents [--db FILE]
    flashpoint chains [--db FILE]
    flashpoint stats [--db FILE] [--within DAYS]
    flashpoint serve [--db FILE] [--host 127.0.0.1] [--port 8000]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import export as exporter
from .config import load_settings
from .errors import FlashpointError
from .store import Store

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Flashpoint: news reporting on armed conflict in, an incident database out.")
console = Console(width=None if sys.stdout.isatty() else 180)
err = Console(stderr=True)
DB = typer.Option(Path("flashpoint.duckdb"), "--db", help="DuckDB database file.")


def _fail(exc: Exception) -> None:
    err.print(f"[red]error:[/red] {escape(str(exc))}")
    raise typer.Exit(2)


@app.command()
def run(paths: list[Path] = typer.Argument(..., help="Files or directories: .txt, .jsonl, .html, .warc(.gz)."),
        db: Path = DB,
        config: Optional[Path] = typer.Option(None, "--config", help="YAML settings file laid over the defaults."),
        engine: Optional[str] = typer.Option(None, "--engine", help="local (default) or ray."),
        processes: Optional[int] = typer.Option(None, "--processes", help="Worker processes for the local engine.")):
    """Ingest, extract, fuse and store; ends with the accounting of every input."""
    from .pipeline import run as run_pipeline

    missing = [p for p in paths if not p.exists()]
    if missing:
        _fail(FlashpointError(f"no such file or directory: {', '.join(map(str, missing))}"))
    try:
        settings = load_settings(config, db_path=db, engine=engine, processes=processes)
        with Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("articles", total=None)
            report = run_pipeline(paths, settings, progress=lambda done, total: bar.update(task, completed=done, total=total))
    except FlashpointError as exc:
        _fail(exc)
    console.print(f"[bold]{report.inputs}[/bold] inputs: [green]{len(report.ingested)} ingested[/green] "
                  f"({len(report.near_duplicates)} near-duplicates of stored articles), "
                  f"{len(report.duplicates)} duplicates, [red]{len(report.rejected)} rejected[/red]")
    for r in report.rejected:
        console.print(f"  rejected {r.source}: {r.reason}{' - ' + r.detail if r.detail else ''}", markup=False)
    for r in report.failed:
        console.print(f"  [red]extraction failed[/red] {escape(r.detail)} (logged; the article is stored, its mentions are not)")
    for src, orig in sorted(report.duplicates.items()):
        console.print(f"  duplicate {src} (already stored as {orig})", markup=False)
    for art, orig in sorted(report.near_duplicates.items()):
        console.print(f"  near-duplicate {art} of {orig}", markup=False)
    console.print(f"{report.mentions} new mentions; the database now holds {report.incidents} incidents "
                  f"and {report.links} responds_to links ({db})", markup=False)


@app.command()
def export(db: Path = DB,
           format: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | geojson | parquet"),
           out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: standard output).")):
    """Write every incident in one of the export formats."""
    if format not in exporter.FORMATS:
        _fail(FlashpointError(f"unknown format {format!r}; choose one of {', '.join(exporter.FORMATS)}"))
    if format == "parquet" and out is None:
        _fail(FlashpointError("parquet is binary: give --out FILE"))
    try:
        with Store(db, read_only=True) as store:
            docs = store.incident_docs()
    except FlashpointError as exc:
        _fail(exc)
    if format == "parquet":
        n = exporter.write(docs, format, out)
    elif out is None:
        n = exporter.write(docs, format, sys.stdout)
    else:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            n = exporter.write(docs, format, fh)
    err.print(f"{n} incidents written" + (f" to {out}" if out else ""))


def _bounds(b: dict) -> str:
    lo, hi = b.get("min"), b.get("max")
    if lo is None and hi is None:
        return ""
    if lo == hi:
        return str(lo)
    return f"{'' if lo is None else lo}..{'' if hi is None else hi}"


def incident_table(docs: list[dict], title: str = "Incidents") -> Table:
    table = Table(title=title, show_lines=False, expand=True)
    for col in ("date", "type", "where", "perpetrator", "weapon", "killed", "injured", "src", "id"):
        table.add_column(col, overflow="fold")
    for d in docs:
        date = d["date"]["start"] or "?"
        if d["date"]["end"] and d["date"]["end"] != d["date"]["start"]:
            date += f"..{d['date']['end']}"
        loc = d.get("location") or {}
        where = f"{loc.get('name')} ({loc.get('country')})" if loc else ""
        perp = d["perpetrator"]["name"] or ""
        if perp:
            perp += f" [{d['perpetrator']['status']}]"
        weapon = _bounds(d["weapon"]["count"]) + " " + (d["weapon"]["class"] or "")
        flag = " !" if d["conflicts"] else ""
        table.add_row(*map(Text, (date, d["type"], where, perp, weapon.strip() + flag, _bounds(d["casualties"]["killed"]),
                                  _bounds(d["casualties"]["injured"]), str(d.get("sources", "")), d["id"])))
    return table


@app.command()
def incidents(db: Path = DB, kind: Optional[str] = typer.Option(None, "--type", help="Only this type or family (attack).")):
    """Print the incidents as a table (! marks fields where sources disagree)."""
    try:
        with Store(db, read_only=True) as store:
            docs = store.incident_docs()
    except FlashpointError as exc:
        _fail(exc)
    if kind:
        docs = [d for d in docs if d["type"] == kind or d["type"].startswith(kind + ".")]
    console.print(incident_table(docs))


def chain_lines(docs: list[dict], links: list[tuple[str, str]]) -> list[str]:
    from .escalation import chains as find_chains

    by_id = {d["id"]: d for d in docs}

    def label(i: str) -> str:
        d = by_id.get(i, {})
        loc = (d.get("location") or {}).get("name") or "?"
        return f"{d.get('date', {}).get('start') or '?'} {d.get('type', '?')} @ {loc} ({i})"

    return [" -> ".join(label(i) for i in chain) for chain in find_chains(links)]


@app.command()
def chains(db: Path = DB):
    """Print the chains of incidents that answer each other (cause -> response -> ...)."""
    try:
        with Store(db, read_only=True) as store:
            lines = chain_lines(store.incident_docs(), store.links())
    except FlashpointError as exc:
        _fail(exc)
    if not lines:
        console.print("no responds_to chains")
    for line in lines:
        console.print(line, markup=False)


@app.command()
def stats(db: Path = DB, within: int = typer.Option(30, "--within", help="Days within which an answer counts.")):
    """Per actor pair and month: incidents by type, reciprocity and median response lag."""
    from .stats import escalation_stats

    try:
        with Store(db, read_only=True) as store:
            rows = escalation_stats(store.incident_docs(), within_days=within)
    except FlashpointError as exc:
        _fail(exc)
    table = Table(title=f"Escalation by actor pair and month (answered within {within} days)")
    for col in ("month", "actor", "against", "incidents", "by type", "answered", "median lag (days)"):
        table.add_column(col)
    for r in rows:
        table.add_row(*map(Text, (r["month"], r["actor"], r["against"], str(r["incidents"]), r["by_type"],
                                  f"{r['reciprocity']:.0%}", "" if r["median_lag"] is None else f"{r['median_lag']:.0f}")))
    console.print(table)


@app.command()
def serve(db: Path = DB, host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port")):
    """Serve the REST API and the web workbench (binds 127.0.0.1 unless told otherwise)."""
    try:
        from .api import serve as serve_api
    except ImportError as exc:
        _fail(FlashpointError(f"the web workbench needs the api extra: pip install 'flashpoint[api]' ({exc})"))
    serve_api(db, host=host, port=port)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
