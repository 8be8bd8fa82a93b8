"""A time budget per article: a runaway becomes ``extraction_failed``, never a stalled batch.

    with article_budget(settings.article_seconds):
        mentions = extract(...)          # raises ArticleTimeout once the time is spent

Two mechanisms, the first where the process allows it:

- preemptive: in the main thread of a Unix process (the local engine, each worker of
  the process pool) an interval timer (SIGALRM) interrupts the work at the deadline,
  wherever it is in Python code;
- cooperative: elsewhere (a thread, Windows) nothing can interrupt the work, so long
  loops call ``check_deadline()`` (e.g. between sentence windows), which raises once
  the deadline has passed. ``check_deadline`` works under both mechanisms.

``ArticleTimeout`` derives from BaseException so that a library's ``except Exception``
cannot swallow it; the engines catch it by name (engines.local.extract_safely).
A budget of 0 or None means no budget.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from contextvars import ContextVar
from typing import Iterator

_deadline: ContextVar[float | None] = ContextVar("flashpoint_article_deadline", default=None)
_budget: ContextVar[float] = ContextVar("flashpoint_article_budget", default=0.0)


class ArticleTimeout(BaseException):
    """The article's time budget is spent."""

    def __init__(self, seconds: float):
        super().__init__(f"over the time budget of {seconds:g} s per article (Settings.article_seconds); "
                         "the article is stored, its mentions are not: raise the budget or split the text")
        self.seconds = seconds


def check_deadline() -> None:
    """Raise ``ArticleTimeout`` when the current article's budget is spent (cheap: call it often)."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise ArticleTimeout(_budget.get())


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def article_budget(seconds: float | None) -> Iterator[None]:
    """Run the block under a budget of ``seconds`` (preemptive where possible, see the module doc)."""
    if not seconds or seconds <= 0:
        yield
        return
    tokens = (_deadline.set(time.monotonic() + seconds), _budget.set(seconds))
    interrupt = _can_interrupt() and signal.getitimer(signal.ITIMER_REAL)[0] == 0   # never steal a timer in use

    def expire(signum, frame):
        raise ArticleTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire) if interrupt else None
    try:
        if interrupt:
            signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        if interrupt:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _deadline.reset(tokens[0])
        _budget.reset(tokens[1])
