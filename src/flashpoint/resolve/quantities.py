"""Counts as integer bounds: "at least seven" -> 7..None, "up to a dozen" -> None..12.

``parse_count`` reads one quantity phrase; ``find_casualties`` reads killed/injured
figures from a sentence. Number words and vague quantities live in
data/quantities.yaml.

Values are bounded: a figure above ``COUNT_CEILING`` (10,000,000, records.py) is read
as the ceiling ("99999999999 killed" -> 10000000..10000000), and ``clamp_rule`` adds
``quantity.clamped`` to the evidence rule of a phrase that stated such a figure, so an
analyst sees the stored value is not the written one.
"""

from __future__ import annotations

import functools
import re

import yaml

from ..config import DATA_DIR
from ..records import COUNT_CEILING, Bounds

CLAMPED_RULE = "quantity.clamped"
_DIGITS = re.compile(r"\d[\d,]*")


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    data = yaml.safe_load((DATA_DIR / "quantities.yaml").read_text(encoding="utf-8"))
    exact: dict[str, tuple[int | None, int | None]] = {}
    for word, value in data["numbers"].items():
        exact[str(word)] = tuple(value) if isinstance(value, list) else (value, value)
    for word, value in data["vague"].items():
        exact[str(word)] = tuple(value)
    data["exact"] = exact
    words = sorted(exact, key=len, reverse=True)
    mods = sorted(data["lower"] + data["upper"] + data["approx"], key=len, reverse=True)
    data["regex"] = re.compile(
        r"(?:(?P<mod>" + "|".join(map(re.escape, mods)) + r")\s+)?"
        r"(?P<num>\d[\d,]*|(?:" + "|".join(map(re.escape, words)) + r"))\b",
        re.I,
    )
    return data


def _number(token: str) -> tuple[int | None, int | None] | None:
    token = token.lower().strip()
    if token[:1].isdigit():
        digits = token.replace(",", "")
        if len(digits.lstrip("0")) > len(str(COUNT_CEILING)):
            return (COUNT_CEILING, COUNT_CEILING)    # too long to be a real count: the ceiling
        try:
            n = min(int(digits), COUNT_CEILING)
        except ValueError:
            return None
        return (n, n)
    return _table()["exact"].get(token)


def exceeds_ceiling(text: str) -> bool:
    """Whether ``text`` writes a figure larger than ``COUNT_CEILING``."""
    for m in _DIGITS.finditer(text):
        digits = m.group().replace(",", "")
        if len(digits.lstrip("0")) > len(str(COUNT_CEILING)) or int(digits or 0) > COUNT_CEILING:
            return True
    return False


def clamp_rule(rule: str, text: str) -> str:
    """``rule``, with ``quantity.clamped`` added when ``text`` states a figure above the ceiling."""
    return f"{rule}; {CLAMPED_RULE}" if exceeds_ceiling(text) else rule


def parse_count(text: str) -> Bounds:
    """Bounds of the first quantity in ``text``; Bounds() when it states none."""
    m = _table()["regex"].search(text)
    if not m:
        return Bounds()
    return _apply(m.group("mod"), m.group("num"))


def _apply(mod: str | None, num: str) -> Bounds:
    value = _number(num)
    if value is None:
        return Bounds()
    lo, hi = value
    table = _table()
    mod = (mod or "").lower()
    if not mod or mod in table["approx"] and mod not in table["upper"]:
        return Bounds(lo, hi)
    strict = mod in table["strict"]
    if mod in table["lower"]:
        base = lo if lo is not None else hi
        return Bounds(base + 1 if strict and base is not None else base, None)
    base = hi if hi is not None else lo
    return Bounds(None, base - 1 if strict and base is not None else base)


def find_casualties(sentence: str) -> tuple[Bounds, Bounds, tuple[int, int] | None]:
    """(killed, injured, (start, end) of the phrase that gave them) from one sentence.

    The reading itself is ``toll.read_toll``, which also counts attackers who died apart
    from their victims. A zero stated for a subgroup ("no American personnel were injured")
    only counts when the sentence gives no other figure of that kind.
    """
    from .toll import read_toll

    toll = read_toll(sentence)
    return toll.killed, toll.injured, toll.span
