"""The command line: a thin face over pipeline, store and export.

    flashpoint [--version] [--quiet] COMMAND
    flashpoint run PATH... [--db FILE]
    flashpoint refuse [--db FILE]
    flashpoint export [--db FILE] --format jsonl|csv|geojson|parquet [--out FILE]
                      [--type T] [--country C] [--since DATE] [--all]
    flashpoint incidents [--db FILE] [--type T] [--country C] [--json | --csv]
    flashpoint chains [--db FILE] [--json | --csv]
    flashpoint stats [--db FILE] [--within DAYS] [--json | --csv]
    flashpoint serve [--db FILE] [--host 127.0.0.1] [--port 8000]
    flashpoint watch SOURCE... [--db FILE] [--every 15m] [--once | --max-polls N] [--fetch-pages]
    flashpoint watches add NAME [--type T] [--country C] [--admin1 A] [--actor X] [--min-killed N]
                               [--text WORDS] [--alerts FILE] [--webhook URL] | list | remove NAME

Results go to standard output; progress and summaries to standard error. Exit codes: 0 done,
1 the work failed (no database, nothing ingested, an unwritable file), 2 the command line is
wrong (an unknown format, country or type; a missing input path). No user error prints a
traceback, and text from the data or the command line is printed as written, never as Rich markup.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from . import __version__, render
from . import export as exporter
from .config import load_settings
from .errors import EXIT_FAILED, EXIT_USAGE, FlashpointError, OutputError, StoreError, UsageError
from .progress import RunProgress
from .store import Store

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Flashpoint: news reporting on armed conflict in, an incident database out.")
console = Console(width=None if sys.stdout.isatty() else 180)
err = Console(stderr=True)
DB = typer.Option(Path("flashpoint.duckdb"), "--db", help="DuckDB database file.")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress or summaries on stderr: results and errors only.")
JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")
CSV = typer.Option(False, "--csv", help="Print CSV instead of a table.")
TYPES = typer.Option(None, "--type", help="Only this type or family (attack.drone, attack); repeat or comma-separate.")
COUNTRIES = typer.Option(None, "--country", help="Only this country, by name or code (Iraq, IQ, IRQ); "
                                                 "repeat or comma-separate.")
_options = {"quiet": False}


def _fail(exc: Exception) -> None:
    err.print(Text.assemble(("error: ", "red"), str(exc)), soft_wrap=True)
    raise typer.Exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILED)


def _say(message: str, quiet: bool = False) -> None:
    """A summary line on stderr, printed as written, unless --quiet."""
    if not (quiet or _options["quiet"]):
        err.print(message, markup=False, highlight=False, soft_wrap=True)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"flashpoint {__version__}")
        raise typer.Exit()


@app.callback()
def options(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                         help="Print the version and exit."),
            quiet: bool = QUIET):
    """Flashpoint: news reporting on armed conflict in, an incident database out."""
    _options["quiet"] = quiet


def _output(as_json: bool, as_csv: bool) -> str:
    if as_json and as_csv:
        _fail(UsageError("give --json or --csv, not both"))
    return "json" if as_json else "csv" if as_csv else "table"


@app.command()
def run(paths: list[Path] = typer.Argument(..., help="Files or directories: .txt, .jsonl, .html, .warc(.gz), .rss, .atom (feed .xml)."),
        db: Path = DB,
        config: Optional[Path] = typer.Option(None, "--config", help="YAML settings file laid over the defaults."),
        engine: Optional[str] = typer.Option(None, "--engine", help="local (default) or ray."),
        processes: Optional[int] = typer.Option(None, "--processes", help="Worker processes for the local engine."),
        quiet: bool = QUIET):
    """Ingest, extract, fuse and store; ends with the accounting of every input.

    Exits 1 when nothing could be read as an article (no input files, or every input
    rejected). Inputs that are all stored already are a success that adds nothing."""
    from .pipeline import run as run_pipeline

    quiet = quiet or _options["quiet"]
    missing = [p for p in paths if not p.exists()]
    if missing:
        _fail(UsageError(f"no such file or directory: {', '.join(map(str, missing))}"))
    try:
        settings = load_settings(config, db_path=db, engine=engine, processes=processes)
        with RunProgress(err, quiet) as progress:
            progress.stage("loading", ", ".join(map(str, paths)))
            report = run_pipeline(paths, settings, progress=progress.articles)
    except FlashpointError as exc:
        _fail(exc)
    console.print(f"[bold]{report.inputs}[/bold] inputs: [green]{len(report.ingested)} ingested[/green] "
                  f"({len(report.near_duplicates)} near-duplicates of stored articles), "
                  f"{len(report.duplicates)} duplicates, [red]{len(report.rejected)} rejected[/red]")
    for r in report.rejected:
        console.print(f"  rejected {r.source}: {r.reason}{' - ' + r.detail if r.detail else ''}", markup=False)
    for r in report.failed:
        console.print(f"  [red]extraction failed[/red] {escape(r.detail)} (logged; the article is stored, its mentions are not)")
    if not quiet:
        for src, orig in sorted(report.duplicates.items()):
            console.print(f"  duplicate {src} (already stored as {orig})", markup=False)
        for art, orig in sorted(report.near_duplicates.items()):
            console.print(f"  near-duplicate {art} of {orig}", markup=False)
    console.print(f"{report.mentions} new mentions; the database now holds {report.incidents} incidents "
                  f"and {report.links} responds_to links ({db})", markup=False)
    if report.resumed:
        _say(f"finished {len(report.resumed)} articles an interrupted run had stored", quiet)
    if report.changes:
        _say("incidents " + ", ".join(f"{k} {v}" for k, v in sorted(report.changes.items())), quiet)
        _send_alerts(db, report.run_id, quiet)
    if report.inputs == 0:
        _fail(FlashpointError(f"nothing ingested: no files in {', '.join(map(str, paths))}; "
                              "give .txt, .jsonl, .html, .warc(.gz), .rss or .atom files, or folders that hold them"))
    if not report.ingested and not report.duplicates:
        _fail(FlashpointError(f"nothing ingested: all {report.inputs} inputs were rejected (reasons above)"))


@app.command()
def refuse(db: Path = DB, config: Optional[Path] = typer.Option(None, "--config", help="YAML settings file."),
           engine: Optional[str] = typer.Option(None, "--engine", help="local (default) or ray: a Ray Data "
                                                "group-by over type families, for a large corpus."),
           quiet: bool = QUIET):
    """Rebuild every incident from the stored mentions (runs fuse incrementally). Ids live
    on where their incident does; merges, splits and deletions are logged as a run's."""
    from .pipeline import refuse_all

    if not db.exists():
        _fail(StoreError(f"no database at {db}; run `flashpoint run PATH --db {db}` first"))
    try:
        report = refuse_all(load_settings(config, db_path=db, engine=engine))
    except FlashpointError as exc:
        _fail(exc)
    changes = ", ".join(f"{k} {v}" for k, v in sorted(report.changes.items())) or "no changes"
    _say(f"rebuilt: {report.incidents} incidents, {report.links} responds_to links ({changes})", quiet)


def _export_to(selection: exporter.Selection, fmt: str, out: Optional[Path], filters: exporter.ExportFilters) -> int:
    if fmt == "parquet":
        return exporter.write(selection, fmt, out, filters)
    if out is None:
        return exporter.write(selection, fmt, sys.stdout, filters)
    try:
        fh = open(out, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}; choose a writable --out path") from exc
    with fh:
        return exporter.write(selection, fmt, fh, filters)


@app.command()
def export(db: Path = DB,
           format: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | geojson | parquet"),
           out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: standard output)."),
           kind: Optional[list[str]] = TYPES, country: Optional[list[str]] = COUNTRIES,
           since: Optional[str] = typer.Option(None, "--since", help="Only incidents updated on or after this date "
                                               "(YYYY-MM-DD); reported on or after it when the database keeps no "
                                               "update times."),
           all_events: bool = typer.Option(False, "--all", help="csv, parquet, geojson: also the statements and the "
                                           "incidents with no country, which ACLED does not code."),
           quiet: bool = QUIET):
    """Write incidents: jsonl (OUTPUT.md documents) or the ACLED-compatible table as csv, parquet or geojson."""
    if format not in exporter.FORMATS:
        _fail(UsageError(f"unknown format {format!r}; choose one of {', '.join(exporter.FORMATS)}"))
    if format == "parquet" and out is None:
        _fail(UsageError("parquet is binary: give --out FILE"))
    try:
        filters = exporter.filters(kind or (), country or (), since, all_events)
        with Store(db, read_only=True) as store:
            selection = exporter.select(store, filters)
        n = _export_to(selection, format, out, filters)
    except FlashpointError as exc:
        _fail(exc)
    _say(f"{n} incidents written" + (f" to {out}" if out else ""), quiet)
    if format != "jsonl":
        left = exporter.table(selection, filters.all_events).left_out
        if left:
            _say("left out of the ACLED table: " + ", ".join(f"{v} {k}" for k, v in sorted(left.items()))
                 + "; --all writes them too", quiet)
    if selection.since_basis == "published":
        _say("--since compared report dates: this database records no update times", quiet)


@app.command()
def incidents(db: Path = DB, kind: Optional[list[str]] = TYPES, country: Optional[list[str]] = COUNTRIES,
              as_json: bool = JSON, as_csv: bool = CSV):
    """Print the incidents as a table (! marks fields where sources disagree).

    --json prints the OUTPUT.md documents, --csv one flat row per incident."""
    output = _output(as_json, as_csv)
    try:
        filters = exporter.filters(kind or (), country or ())
        with Store(db, read_only=True) as store:
            docs = list(exporter.select(store, filters).docs)
    except FlashpointError as exc:
        _fail(exc)
    if output == "json":
        render.write_json(docs, sys.stdout)
    elif output == "csv":
        render.write_csv((render.incident_row(d) for d in docs), render.INCIDENT_COLUMNS, sys.stdout)
    else:
        console.print(render.incident_table(docs))


@app.command()
def chains(db: Path = DB, as_json: bool = JSON, as_csv: bool = CSV):
    """Print the chains of incidents that answer each other (cause -> response -> ...)."""
    output = _output(as_json, as_csv)
    try:
        with Store(db, read_only=True) as store:
            records = render.chain_records(store.incident_docs(), store.links())
    except FlashpointError as exc:
        _fail(exc)
    if output == "json":
        render.write_json(render.chain_groups(records), sys.stdout)
    elif output == "csv":
        render.write_csv(records, render.CHAIN_COLUMNS, sys.stdout)
    elif not records:
        console.print("no responds_to chains")
    else:
        for line in render.chain_lines(records):
            console.print(line, markup=False)


@app.command()
def stats(db: Path = DB, within: int = typer.Option(30, "--within", help="Days within which an answer counts."),
          as_json: bool = JSON, as_csv: bool = CSV):
    """Per actor pair and month: incidents by type, reciprocity and median response lag."""
    from .stats import escalation_stats

    output = _output(as_json, as_csv)
    try:
        with Store(db, read_only=True) as store:
            rows = escalation_stats(store.incident_docs(), within_days=within)
    except FlashpointError as exc:
        _fail(exc)
    if output == "json":
        render.write_json(rows, sys.stdout)
    elif output == "csv":
        render.write_csv(rows, render.STATS_COLUMNS, sys.stdout)
    else:
        console.print(render.stats_table(rows, within))


@app.command()
def serve(db: Path = DB, host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
          allow_host: Optional[list[str]] = typer.Option(None, "--allow-host", help="Another Host name to answer to (loopback names always are); repeatable."),
          cors_origin: Optional[list[str]] = typer.Option(None, "--cors-origin", help="Turn CORS on for this origin; repeatable (off by default).")):
    """Serve the REST API and the web workbench (binds 127.0.0.1 unless told otherwise)."""
    try:
        from .api import serve as serve_api
    except ImportError as exc:
        _fail(FlashpointError(f"the web workbench needs the api extra: pip install 'flashpoint[api]' ({exc})"))
    if not db.is_file():
        _fail(StoreError(f"no database at {db}; run `flashpoint run PATH --db {db}` first"))
    try:
        serve_api(db, host=host, port=port, allowed_hosts=allow_host, cors_origins=cors_origin)
    except FlashpointError as exc:
        _fail(exc)


def _send_alerts(db: Path, run_id: str, quiet: bool) -> None:
    """Alerts of the watches a run's new or changed incidents match (watches.py)."""
    from .watches import fire

    report = fire(db, run_id)
    if report.alerts:
        _say(f"{len(report.alerts)} alerts: " + ", ".join(sorted({a.watch for a in report.alerts})), quiet)
    for failure in report.failures:
        err.print(Text.assemble(("alert not delivered: ", "yellow"), failure), soft_wrap=True)


@app.command()
def watch(sources: list[str] = typer.Argument(..., help="Feed URLs, feed files (.rss, .atom, .xml), files or folders."),
          db: Path = DB,
          every: str = typer.Option("15m", "--every", help="Time between polls: 30s, 15m, 2h, 1d."),
          once: bool = typer.Option(False, "--once", help="Poll once, then exit."),
          max_polls: Optional[int] = typer.Option(None, "--max-polls", help="Exit after this many polls."),
          fetch_pages: bool = typer.Option(False, "--fetch-pages", help="Read the page each new feed item links to "
                                           "(robots.txt obeyed, --delay between requests to one host)."),
          delay: float = typer.Option(2.0, "--delay", help="Seconds between two requests to one host."),
          config: Optional[Path] = typer.Option(None, "--config", help="YAML settings file laid over the defaults."),
          quiet: bool = QUIET):
    """Poll feeds and folders, ingest what is new, print a line per new or changed incident.

    Runs until interrupted (Ctrl-C) unless --once or --max-polls; matching watches alert."""
    from .ingest.fetch import Fetcher
    from .watch import Watcher, parse_every
    from .watch import watch as polls

    quiet = quiet or _options["quiet"]
    if max_polls is not None and max_polls < 1:
        _fail(UsageError("--max-polls must be 1 or more"))
    try:
        seconds = parse_every(every)
        settings = load_settings(config, db_path=db)
        watcher = Watcher(sources, settings, fetch_pages=fetch_pages, fetcher=Fetcher(delay=max(0.0, delay)))
        for poll in polls(watcher, every=seconds, max_polls=1 if once else max_polls):
            for line in poll.lines:
                console.print(line, markup=False, highlight=False, soft_wrap=True)
            for problem in poll.errors:
                err.print(Text.assemble(("cannot read ", "yellow"), problem), soft_wrap=True)
            if poll.run is None:
                _say(f"poll {poll.number}: nothing new" + (f" ({poll.skipped} items already stored)"
                                                           if poll.skipped else ""), quiet)
                continue
            run = poll.run
            _say(f"poll {poll.number}: {len(run.ingested)} ingested, {len(run.duplicates)} duplicates, "
                 f"{len(run.rejected)} rejected; {len(poll.lines)} incidents new or changed", quiet)
            for r in run.rejected:
                _say(f"  rejected {r.source}: {r.reason}{' - ' + r.detail if r.detail else ''}", quiet)
            if poll.alerts is not None:
                if poll.alerts.alerts:
                    _say(f"  {len(poll.alerts.alerts)} alerts", quiet)
                for failure in poll.alerts.failures:
                    err.print(Text.assemble(("alert not delivered: ", "yellow"), failure), soft_wrap=True)
    except FlashpointError as exc:
        _fail(exc)


watches_app = typer.Typer(no_args_is_help=True, add_completion=False,
                          help="Saved filters: a run that creates or changes a matching incident alerts.")
app.add_typer(watches_app, name="watches")


@watches_app.command("add")
def watches_add(name: str = typer.Argument(..., help="A name for the watch."), db: Path = DB,
                kind: Optional[str] = typer.Option(None, "--type", help="A type code or family (attack.drone, attack)."),
                country: Optional[str] = typer.Option(None, "--country", help="A country name or code (Iraq, IQ)."),
                admin1: Optional[str] = typer.Option(None, "--admin1", help="A first-level division (Erbil)."),
                actor: Optional[str] = typer.Option(None, "--actor", help="An actor id, or part of a name."),
                min_killed: Optional[int] = typer.Option(None, "--min-killed", help="At least this many killed."),
                text: Optional[str] = typer.Option(None, "--text", help="Words the reporting must hold."),
                alerts: Optional[Path] = typer.Option(None, "--alerts", help="JSONL file the alerts are appended "
                                                      "to (default: beside the database, flashpoint.alerts.jsonl for flashpoint.duckdb)."),
                webhook: Optional[str] = typer.Option(None, "--webhook", help="URL each alert is POSTed to as JSON."),
                quiet: bool = QUIET):
    """Save a watch: the incidents a run creates or changes that pass every filter given alert."""
    from . import watches

    target = (alerts or db.with_name(f"{db.stem}.alerts.jsonl")).resolve()
    try:
        wanted = watches.new_watch(name, type=kind, country=country, admin1=admin1, actor=actor,
                                   min_killed=min_killed, text=text, alerts=target, webhook=webhook)
        with Store(db) as store:
            saved = watches.add(store, wanted)
    except FlashpointError as exc:
        _fail(exc)
    _say(f"watch {saved.name}: {saved.describe()} -> {saved.alerts}"
         + (f" and {saved.webhook}" if saved.webhook else ""), quiet)


@watches_app.command("list")
def watches_list(db: Path = DB, as_json: bool = JSON):
    """Print the saved watches."""
    from dataclasses import asdict

    from . import watches

    try:
        with Store(db, read_only=True) as store:
            saved = watches.all_watches(store)
    except FlashpointError as exc:
        _fail(exc)
    if as_json:
        render.write_json([{**asdict(w), "created_at": w.created_at.isoformat() if w.created_at else None}
                           for w in saved], sys.stdout)
    elif not saved:
        console.print("no watches; add one with `flashpoint watches add NAME --type attack --country Iraq`",
                      markup=False)
    for w in [] if as_json else saved:
        console.print(f"{w.name}: {w.describe()} -> {w.alerts}" + (f" and {w.webhook}" if w.webhook else ""),
                      markup=False, highlight=False, soft_wrap=True)


@watches_app.command("remove")
def watches_remove(name: str = typer.Argument(..., help="The watch to remove."), db: Path = DB,
                   quiet: bool = QUIET):
    """Remove a saved watch (its alerts file is kept)."""
    from . import watches

    try:
        with Store(db) as store:
            watches.remove(store, name)
    except FlashpointError as exc:
        _fail(exc)
    _say(f"watch {name} removed", quiet)


def main() -> None:
    try:
        app()
    except FlashpointError as exc:   # raised outside a command's own handling: still a message, not a traceback
        err.print(Text.assemble(("error: ", "red"), str(exc)), soft_wrap=True)
        sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILED)
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        sys.exit(130)


if __name__ == "__main__":
    main()
