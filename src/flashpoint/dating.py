"""Publication dates for articles that carry none.

Two estimates, each with a confidence and the basis it rests on:

1. From the text (``from_text``): the latest full date the article states ("on
   March 3, 2021") - a report cannot predate what it reports. Confidence grows when
   several stated dates agree on the period.
2. From the corpus (``from_incidents``): the latest day-precise date of the incidents
   this article's mentions joined, as other, dated articles pinned them down.

The estimate is marked ``published_source = "inferred"`` on the article and carried
into the export, so no one mistakes it for a date the page gave.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .resolve.when import resolve_when

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_FULL_DATE = re.compile(
    rf"\b(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+(?:19|20)\d\d"
    rf"|(?:19|20)\d\d-\d\d-\d\d)\b",
    re.I,
)


@dataclass(frozen=True)
class Estimate:
    date: dt.date
    confidence: float
    basis: str


def from_text(text: str, today: dt.date | None = None) -> Estimate | None:
    """The latest full date stated in ``text`` (not after ``today``)."""
    today = today or dt.date.today()
    days = []
    for m in _FULL_DATE.finditer(text):
        when = resolve_when(m.group(0), None)
        if when is not None and when.precision == "day" and when.start and when.start <= today:
            days.append(when.start)
    if not days:
        return None
    latest = max(days)
    near = sum(1 for d in days if (latest - d).days <= 31)
    return Estimate(latest, min(0.8, 0.4 + 0.1 * near), f"latest stated date ({len(days)} found)")


def from_incidents(dates: list[dt.date]) -> Estimate | None:
    """The day after the latest event date other sources fixed for this article's events."""
    if not dates:
        return None
    latest = max(dates)
    if latest >= dt.date.max:   # no day after the last representable one: no estimate
        return None
    return Estimate(latest + dt.timedelta(days=1), min(0.9, 0.5 + 0.1 * len(dates)),
                    f"after the latest of {len(dates)} incident date(s) fixed by other articles")
