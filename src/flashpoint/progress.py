"""Progress of a run on stderr: which stage it is in (loading, extracting, fusing) and, on a
terminal, a bar over the articles. Off with --quiet; one plain line per stage when stderr
is not a terminal, so logs say what happened without control characters.

The pipeline reports articles through ``articles(done, total)``; a caller that knows a stage
has begun (the pipeline, once it reports stages) calls ``stage(name)``. Until then "fusing"
shows only when the article total is known and reached."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class RunProgress:
    def __init__(self, console: Console, quiet: bool = False):
        self.console, self.quiet = console, quiet
        self.bar: Progress | None = None
        self.task = None
        self.current: str | None = None

    def __enter__(self) -> "RunProgress":
        if not self.quiet and self.console.is_terminal:
            self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("loading", total=None)
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()

    def stage(self, name: str, detail: str = "") -> None:
        """Enter a stage once; later calls for the same stage do nothing."""
        if self.quiet or name == self.current:
            return
        self.current = name
        if self.bar is not None:
            self.bar.update(self.task, description=escape(name))
        else:
            self.console.print(f"{name}{': ' + detail if detail else ''}", markup=False, highlight=False)

    def articles(self, done: int, total: int | None) -> None:
        """The pipeline's callback: ``done`` articles extracted, of ``total`` when it is known
        (a streaming run reads and extracts batch by batch and does not know it)."""
        self.stage("extracting", f"{total} new articles" if total else "articles as they are read")
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)
        if total and done >= total:
            self.stage("fusing", "mentions into incidents, then linking responses")
