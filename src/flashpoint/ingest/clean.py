"""Clean scraped article text: strip web boilerplate, normalise whitespace.

    clean_text("Rockets hit the base.\\n\\nComments are closed.")  ->  "Rockets hit the base."

The patterns live in ``data/boilerplate.yaml``; this module only applies them.
Paragraphs are separated by a blank line ("\\n\\n") in the result; single line
breaks inside a paragraph are kept. The words of the news are never rewritten.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ConfigError

BOILERPLATE_FILE = Path(__file__).resolve().parents[1] / "data" / "boilerplate.yaml"

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[^\S\n]+")          # any whitespace but newline
_BLANK_RUNS = re.compile(r"\n{3,}")
_CAPS_WORD = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Boilerplate:
    drop_lines: tuple[re.Pattern, ...]
    caption_endings: tuple[re.Pattern, ...]
    trailing_paragraphs: tuple[re.Pattern, ...]
    caps_headline_min_words: int


def _compile(patterns: list, flags: int, path: Path, section: str) -> tuple[re.Pattern, ...]:
    compiled = []
    for pattern in patterns or []:
        try:
            compiled.append(re.compile(pattern, flags))
        except re.error as exc:
            raise ConfigError(f"{path}: bad regular expression in {section!r}: {pattern!r} ({exc}); fix or remove it") from exc
    return tuple(compiled)


@lru_cache(maxsize=4)
def load_boilerplate(path: str | Path = BOILERPLATE_FILE) -> Boilerplate:
    """Read and compile the boilerplate patterns (cached per path)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read boilerplate patterns from {path}: {exc}; restore the file from the package") from exc
    return Boilerplate(
        drop_lines=_compile(data.get("drop_lines"), re.IGNORECASE, path, "drop_lines"),
        caption_endings=_compile(data.get("caption_endings"), re.IGNORECASE, path, "caption_endings"),
        trailing_paragraphs=_compile(data.get("trailing_paragraphs"), 0, path, "trailing_paragraphs"),
        caps_headline_min_words=int(data.get("caps_headline_min_words", 4)),
    )


def normalise_whitespace(raw: str) -> str:
    """NFC, unix newlines, no zero-width characters, single spaces, paragraphs split by one blank line."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_ZERO_WIDTH)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def is_caps_headline(line: str, min_words: int) -> bool:
    """A whole line in capitals with at least ``min_words`` words."""
    letters = _CAPS_WORD.findall(line)
    return bool(letters) and line == line.upper() and len(line.split()) >= min_words


def _keep_line(line: str, rules: Boilerplate) -> bool:
    if any(p.search(line) for p in rules.drop_lines):
        return False
    return not is_caps_headline(line, rules.caps_headline_min_words)


def _is_caption(paragraph: list[str], rules: Boilerplate) -> bool:
    return len(paragraph) <= 3 and any(p.search(paragraph[-1]) for p in rules.caption_endings)


def clean_text(raw: str, rules: Boilerplate | None = None) -> str:
    """Return ``raw`` without boilerplate lines, captions and trailing bios, whitespace normalised."""
    rules = rules or load_boilerplate()
    paragraphs = []
    for block in normalise_whitespace(raw).split("\n\n"):
        lines = [line for line in block.split("\n") if line and _keep_line(line, rules)]
        if lines and not _is_caption(lines, rules):
            paragraphs.append(lines)
    while paragraphs and any(p.search(" ".join(paragraphs[-1])) for p in rules.trailing_paragraphs):
        paragraphs.pop()
    return "\n\n".join("\n".join(lines) for lines in paragraphs)
