"""Resolve a date or time expression ("Monday night", "last week", "Feb. 25") to an interval.

    resolve_when("Monday night", date(2021, 3, 16))
    -> When(start=2021-03-15, end=2021-03-15, precision="day", text="Monday night")

News reports look back: a bare weekday, month or month-day is the most recent one on or
before the publication date. Common phrasings are handled by rules here (microseconds);
other absolute dates fall back to dateparser (milliseconds, cached). Seasons and quarters
resolve to precision "month" with a three-month interval: ONTOLOGY has no season precision.
Durations ("three years"), ages and vague spans ("decades") are not dates and give None.

No phrase and no publication date makes the resolver raise: whatever would fall outside
the calendar Python can represent (years 1 to 9999: "3000 years ago", "the 0th century",
"99999999999 days ago", "tomorrow" published 9999-12-31) reads as unknown, i.e. None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from flashpoint.config import DATA_DIR
from flashpoint.records import Evidence, When

RULES = yaml.safe_load((DATA_DIR / "time_rules.yaml").read_text(encoding="utf-8"))
MONTHS: dict[str, int] = RULES["months"]
WEEKDAYS: dict[str, int] = RULES["weekdays"]
PARTS: dict[str, str] = RULES["parts_of_day"]
SEASONS: dict[str, dict] = RULES["seasons"]
NUMBERS: dict[str, float] = RULES["numbers"]
UNITS: dict[str, str] = RULES["units"]
HOLIDAYS: dict[str, list[int]] = RULES["holidays"]
ORDINALS: dict[str, int] = RULES["ordinals"]

_alt = lambda words: "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # noqa: E731
MON, WD, SEA, PART = _alt(MONTHS), _alt(WEEKDAYS), _alt(SEASONS), _alt(PARTS)
NUM = rf"\d+(?:\.\d+)?|{_alt(NUMBERS)}"
UNIT = _alt(UNITS)
ORD = r"(\d{1,2})(?:st|nd|rd|th)?"
QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

PREFIX = re.compile(r"^(?:on|in|at|by|during|until|till|through|throughout|as of|of|from|the night of|the morning of)\s+")
MOD = re.compile(rf"^(?:(?:earlier|later)(?= (?:on )?(?:{WD}|today|tonight)\b)|(?:the )?(?:early|late|mid-|mid)\b|the (?:end|beginning|start|middle|close) of|(?:end|beginning|start|middle) of)\s*")
CLOCK = re.compile(r"(?:\bat )?\b(\d{1,2})(?::(\d{2}))? ?([ap])\.?m\b\.?|\b([01]?\d|2[0-3]):([0-5]\d)\b|\b(noon|midday|midnight)\b")
TOD = re.compile(rf"^(.*?)\s*\b({PART})$")
SAME_DAY = re.compile(r"^(?:today|earlier today|later today|(?:earlier|later) (?:in )?(?:the|that) day|(?:that|the same|same) day|tonight"
                      rf"|(?:the |this |that )?(?:early hours of the )?(?:{PART}))$")
DEICTIC = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2, "last night": -1}
NEIGHBOUR = re.compile(r"^(?:the )?(?:(next|following|previous|prior) (day|morning|night|evening)|(day|night) (before|after)|a day (later|earlier|before))$")
WEEKDAY = re.compile(rf"^(?:(last|this past|past|previous|this|next|coming|this coming) )?({WD})$")
RELATIVE = re.compile(rf"^(?:the )?(last|(?:this )?past|previous|prior|this|current|(?:this )?coming|next|following|(?:earlier|later) (?:this|that|in the)) ({SEA}|week|weekend|month|year|quarter)$")
SHIFT = re.compile(rf"^({NUM}) ({UNIT})s? (ago|back|earlier|before|later|after|from now|hence|prior to|following)(?: (.+))?$")


@dataclass(frozen=True, slots=True)
class Reading:
    """An interval plus what TIMEX3 needs beyond it: a label (season SU, quarter Q1,
    decade, weekend WE) and a part of day or clock time ("NI", "15:30")."""

    start: dt.date
    end: dt.date | None
    precision: str
    label: str | None = None
    tod: str | None = None


def resolve_when(text: str, published: dt.date | None, *, anchor: When | None = None,
                 evidence: Evidence | None = None) -> When | None:
    """Resolve one date/time expression against the publication date (and an anchor event)."""
    reading = read_when(text, published, anchor=anchor)
    if reading is None:
        return None
    return When(reading.start, reading.end, reading.precision, text, evidence)


def read_when(text: str, published: dt.date | None, *, anchor: When | None = None,
              prefer: str = "past") -> Reading | None:
    """Like resolve_when, with the TIMEX3 extras; prefer="future" for a future-tense context."""
    anchor_day = anchor.start if anchor is not None and anchor.precision == "day" else None
    return _read_cached(normalise(text), published, anchor_day, prefer)


def normalise(text: str) -> str:
    s = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"(?<=[a-z]{2})\.(?=\s|$|,)", "", s)
    s = re.sub(r"(?<=\d0)'s\b", "s", s)
    s = re.sub(r"[,;()\"]", " ", s)
    return re.sub(r"\s+", " ", s).strip(" .'")


@lru_cache(maxsize=16384)
def _read_cached(s: str, pub: dt.date | None, anchor: dt.date | None, prefer: str) -> Reading | None:
    since = re.match(r"^(?:ever )?since (.+)$", s)
    try:
        reading = _read(since.group(1) if since else s, pub, anchor, prefer)
    except (ValueError, OverflowError):   # a date beyond year 1..9999, or a day/month out of range
        return None
    if reading is None or not since:
        return reading
    if pub is not None and reading.start > pub:
        return None
    return Reading(reading.start, pub, reading.precision)


def _read(s: str, pub: dt.date | None, anchor: dt.date | None, prefer: str) -> Reading | None:
    if (m := re.match(rf"^(?:the |that )?(?:early )?({PART}) of (.+)$", s)):
        base = _read(m[2], pub, anchor, prefer)
        return Reading(base.start, base.end, "day", tod=PARTS[m[1]]) if base and base.precision == "day" else None
    s = MOD.sub("", PREFIX.sub("", s))
    s = re.sub(r"\s+(?:local time|gmt|utc|[ecmp][sd]?t|(?:eastern|central|mountain|pacific)(?: standard| daylight)?(?: time)?)$", "", s)
    clock = CLOCK.search(s)
    if clock:
        rest = (s[:clock.start()] + " " + s[clock.end():]).strip(" -")
        base = _read(rest, pub, anchor, prefer) if rest else _day(anchor or pub)
        if base is None or base.precision != "day":
            return None
        return Reading(base.start, base.end, "day", tod=_clock(clock))
    if s in DEICTIC:
        tod = "NI" if s.endswith("night") else None
        return _day(pub + dt.timedelta(DEICTIC[s]), tod) if pub else None
    if SAME_DAY.match(s):
        tod = next((PARTS[w] for w in s.split() if w in PARTS), "NI" if s == "tonight" else None)
        tod = "MO" if "early hours" in s else tod
        return _day(anchor or pub, tod)
    if (m := NEIGHBOUR.match(s)):
        if anchor is None:
            return None
        before = m.group(1) in ("previous", "prior") or m.group(4) == "before" or m.group(5) in ("earlier", "before")
        return _day(anchor + dt.timedelta(-1 if before else 1))
    tod = TOD.match(s)
    if tod and tod.group(1):
        base = _read(tod.group(1), pub, anchor, prefer)
        if base is None or base.precision != "day":
            return None
        return Reading(base.start, base.end, "day", tod=PARTS[tod.group(2)])
    if (m := WEEKDAY.match(s)):
        return _weekday(WEEKDAYS[m.group(2)], m.group(1) or "", pub, prefer)
    if (m := re.match(r"^(?:the )?(year|month|week|weekend)$", s)):
        past_weekend = m[1] == "weekend" and prefer == "past" and pub and pub.weekday() < 5
        return _relative("last" if past_weekend else "this", m[1], pub) if pub else None
    if (m := RELATIVE.match(s)):
        word = m.group(1).split()[-1]
        base = anchor if anchor and word in ("previous", "prior", "following", "that", "the") else pub
        return _relative(word, m.group(2), base) if base else None
    if (m := SHIFT.match(s)):
        return _shift(m, pub, anchor)
    return _absolute(s, pub, prefer)


def _day(day: dt.date | None, tod: str | None = None) -> Reading | None:
    return Reading(day, day, "day", tod=tod) if day else None


def _clock(m: re.Match) -> str:
    if m.group(6):
        return "00:00" if m.group(6) == "midnight" else "12:00"
    if m.group(4):
        return f"{int(m.group(4)):02d}:{m.group(5)}"
    hour = int(m.group(1)) % 12 + (12 if m.group(3) == "p" else 0)
    return f"{hour:02d}:{m.group(2) or '00'}"


def _weekday(wd: int, which: str, pub: dt.date | None, prefer: str) -> Reading | None:
    if pub is None:
        return None
    back = (pub.weekday() - wd) % 7
    if which in ("last", "previous", "this past", "past"):
        back = back or 7
    elif which in ("next", "coming", "this coming") or (prefer == "future" and not which):
        return _day(pub + dt.timedelta((wd - pub.weekday()) % 7 or (7 if which else 0)))
    return _day(pub - dt.timedelta(back))


def _month(year: int, month: int, label: str | None = None) -> Reading:
    return Reading(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month", label)


def _add_months(day: dt.date, n: int) -> tuple[int, int]:
    total = day.year * 12 + day.month - 1 + n
    return total // 12, total % 12 + 1


def _season(name: str, year: int) -> Reading:
    spec = SEASONS[name]
    start = dt.date(year, *spec["start"])
    end = dt.date(year + (spec["end"][0] < spec["start"][0]), *spec["end"])
    return Reading(start, end, "month", spec["code"])


def _quarter(year: int, q: int) -> Reading:
    first, last = _month(year, 3 * q - 2), _month(year, 3 * q)
    return Reading(first.start, last.end, "month", f"Q{q}")


def _relative(word: str, unit: str, base: dt.date) -> Reading | None:
    step = -1 if word in ("last", "past", "previous", "prior") else 1 if word in ("next", "coming", "following") else 0
    if unit == "week":
        if step == 0:
            monday = base - dt.timedelta(base.weekday())
            return Reading(monday, monday + dt.timedelta(6), "week")
        first = base - dt.timedelta(7) if step < 0 else base + dt.timedelta(7 - base.weekday())  # next week: from Monday
        return Reading(first, first + dt.timedelta(6), "week")
    if unit == "weekend":
        saturday = base + dt.timedelta(5 - base.weekday())
        if step < 0 and saturday + dt.timedelta(1) >= base:
            saturday -= dt.timedelta(7)
        saturday += dt.timedelta(7 * max(step, 0))
        return Reading(saturday, saturday + dt.timedelta(1), "week", "WE")
    if unit == "month":
        return _month(*_add_months(base, step))
    if unit == "year":
        return Reading(dt.date(base.year + step, 1, 1), dt.date(base.year + step, 12, 31), "year")
    if unit == "quarter":
        year, month = _add_months(base, 3 * step)
        return _quarter(year, (month - 1) // 3 + 1)
    if step == 0:
        return _season(unit, base.year - (unit == "winter" and base.month <= 3))
    years = (base.year, base.year - 1, base.year - 2) if step < 0 else (base.year - 1, base.year, base.year + 1)
    return next(r for y in years if (r := _season(unit, y)) and (r.end < base if step < 0 else r.start > base))


def _number(word: str) -> float | None:
    return float(word) if word[0].isdigit() else NUMBERS.get(word)


def _shift(m: re.Match, pub: dt.date | None, anchor: dt.date | None) -> Reading | None:
    n, unit, how, what = _number(m.group(1)), m.group(2), m.group(3), m.group(4)
    if how in ("ago", "back", "from now", "hence"):
        base = None if what else pub
    else:  # "two days after the attack" needs the anchor; a bare "a year earlier" looks back from pub
        base = anchor or (pub if how in ("earlier", "before") and not what else None)
    if base is None or n is None or n != int(n):
        return None
    n = int(n) * (-1 if how in ("ago", "back", "earlier", "before", "prior to") else 1)
    if unit in ("second", "minute", "hour"):
        return _day(base)
    if unit in ("day", "night"):
        return _day(base + dt.timedelta(n))
    if unit in ("week", "fortnight"):
        day = base + dt.timedelta((14 if unit == "fortnight" else 7) * n)
        monday = day - dt.timedelta(day.weekday())
        return Reading(monday, monday + dt.timedelta(6), "week")
    if unit == "month":
        return _month(*_add_months(base, n))
    years = {"year": 1, "decade": 10, "century": 100}.get(unit)
    if years is None:
        return None
    year = base.year + n * years
    return Reading(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _recent(pub: dt.date | None, prefer: str, make) -> Reading | None:
    """The most recent reading that starts on or before pub (prefer="future": the first
    that has not ended before pub)."""
    if pub is None:
        return None
    future = prefer == "future"
    for year in (pub.year - 1, pub.year, pub.year + 1) if future else (pub.year, pub.year - 1, pub.year - 2):
        try:
            r = make(year)
        except ValueError:
            continue
        if (r.end >= pub) if future else (r.start <= pub):
            return r
    return None


def _absolute(s: str, pub: dt.date | None, prefer: str) -> Reading | None:
    s = re.sub(rf"^(?:{WD}) (?=\S)", "", s)
    s = re.sub(r"^the ", "", s)
    try:
        if (m := re.match(r"^(\d{4})-(\d{2})-(\d{2})$", s)):
            return _day(dt.date(int(m[1]), int(m[2]), int(m[3])))
        if (m := re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$", s)):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return _day(dt.date(year, int(m[1]), int(m[2])))
        m = re.match(rf"^({MON}) {ORD}(?: (\d{{4}}))?$", s) or re.match(rf"^{ORD} (?:of )?({MON})(?: (\d{{4}}))?$", s)
        if m:
            month, day = (m[1], m[2]) if m[1] in MONTHS else (m[2], m[1])
            make = lambda y: _day(dt.date(y, MONTHS[month], int(day)))  # noqa: E731
            return make(int(m[3])) if m[3] else _recent(pub, prefer, make)
    except ValueError:
        return None
    if (m := re.match(rf"^({_alt(HOLIDAYS)})(?: (\d{{4}}))?$", s)):
        make = lambda y: _day(dt.date(y, *HOLIDAYS[m[1]]))  # noqa: E731
        return make(int(m[2])) if m[2] else _recent(pub, prefer, make)
    if (m := re.match(rf"^({SEA}) (this|last|next) year$", s)) and pub:
        return _season(m[1], pub.year + {"this": 0, "last": -1, "next": 1}[m[2]])
    if s in ("year-end", "year's end", "year end") and pub:
        return _relative("this", "year", pub)
    if (m := re.match(r"^(first|second) half(?: of)? (?:(1\d{3}|20\d{2})|(this|last|next|the) year)$", s)):
        year = int(m[2]) if m[2] else pub.year + {"this": 0, "the": 0, "last": -1, "next": 1}[m[3]] if pub else None
        half = 1 if m[1] == "first" else 2
        return Reading(_month(year, 6 * half - 5).start, _month(year, 6 * half).end, "month", f"H{half}") if year else None
    if (m := re.match(r"^(\d{1,2})(?:st|nd|rd|th) century$", s)) or (m := re.match(rf"^({_alt(ORDINALS)}) century$", s)):
        first = (int(m[1]) if m[1][0].isdigit() else ORDINALS[m[1]]) * 100 - 100
        return Reading(dt.date(max(first, 1), 1, 1), dt.date(first + 99, 12, 31), "year", "century")
    if (m := re.match(rf"^({MON}) (this|last|next) year$", s)) and pub:
        return _month(pub.year + {"this": 0, "last": -1, "next": 1}[m[2]], MONTHS[m[1]])
    if (m := re.match(rf"^(last|this past|past|this|next|this coming) ({MON})$", s)) and pub:
        month = MONTHS[m[2]]
        if m[1] == "this":
            return _month(pub.year, month)
        if m[1] in ("next", "this coming"):
            return _month(pub.year + (month <= pub.month), month)
        return _month(pub.year - (month >= pub.month), month)   # "last October" is before this month
    if (m := re.match(rf"^({MON})(?: of)?(?: (\d{{4}}))?$", s)):
        make = lambda y: _month(y, MONTHS[m[1]])  # noqa: E731
        return make(int(m[2])) if m[2] else _recent(pub, prefer, make)
    if (m := re.match(r"^(1\d{3}|20\d{2})$", s)):
        return Reading(dt.date(int(s), 1, 1), dt.date(int(s), 12, 31), "year")
    if (m := re.match(r"^(1\d{3}|20\d{2}) ?-(1\d{3}|20\d{2})$", s)) and m[1] < m[2]:
        return Reading(dt.date(int(m[1]), 1, 1), dt.date(int(m[2]), 12, 31), "year")
    if (m := re.match(r"^(1\d|20)(\d)0s$", s)) or (m := re.match(r"^'?(\d)0s$", s)):
        decade = int(m[1] + m[2]) if m.lastindex == 2 else _century_decade(int(m[1]), pub)
        return Reading(dt.date(decade * 10, 1, 1), dt.date(decade * 10 + 9, 12, 31), "year", "decade")
    if (m := re.match(rf"^({SEA})(?: of)?(?: (\d{{4}}))?$", s)):
        make = lambda y: _season(m[1], y)  # noqa: E731
        return make(int(m[2])) if m[2] else _recent(pub, prefer, make)
    if (m := re.match(r"^(?:(first|second|third|fourth|1st|2nd|3rd|4th)[ -]quarter|q([1-4]))(?: of)?(?: (\d{4}))?$", s)):
        q = QUARTERS[m[1]] if m[1] else int(m[2])
        make = lambda y: _quarter(y, q)  # noqa: E731
        return make(int(m[3])) if m[3] else _recent(pub, prefer, make)
    return _fallback(s, pub)


def _century_decade(digit: int, pub: dt.date | None) -> int:
    year = (pub or dt.date.today()).year
    return 200 + digit if 2000 + 10 * digit <= year else 190 + digit


@lru_cache(maxsize=64)
def _parser(pub: dt.date | None):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if pub is None:
        settings["REQUIRE_PARTS"] = ["year"]
    else:
        settings["RELATIVE_BASE"] = dt.datetime(pub.year, pub.month, pub.day)
    return DateDataParser(languages=["en"], settings=settings)


def _fallback(s: str, pub: dt.date | None) -> Reading | None:
    """dateparser for absolute dates our rules do not know; never for durations or bare numbers."""
    if not re.search(rf"\b({MON})\b|\d{{1,4}}[/.-]\d{{1,2}}", s) or re.search(rf"\b({UNIT})s?\b|\bago\b", s):
        return None
    try:
        data = _parser(pub).get_date_data(s)
    except Exception:   # a third-party parser on arbitrary text: its failure means "not a date we know"
        return None
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "month":
        return _month(day.year, day.month)
    if data.period == "year":
        return Reading(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year")
    return _day(day)
