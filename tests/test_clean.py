"""Boilerplate removal and whitespace normalisation."""

from __future__ import annotations

import re

import pytest

from flashpoint.errors import ConfigError
from flashpoint.ingest.clean import clean_text, is_caps_headline, load_boilerplate, normalise_whitespace

NEWS = [
    "Gunmen attacked a checkpoint on the highway south of the city on Friday night, killing two policemen.",
    "The interior ministry said the attackers fled in a pickup truck and that a search was under way.",
    "“We will find those responsible,” the provincial governor said in a televised address.",
]


def _article(*extra_paragraphs: str) -> str:
    return "\n\n".join([NEWS[0], *extra_paragraphs, NEWS[1], NEWS[2]])


@pytest.mark.parametrize("boilerplate", [
    "Read more: Governor promises new checkpoints on the highway",
    "READ MORE: Police chief resigns",
    "See also: Timeline of attacks",
    "Comments are closed.",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Pin It on Pinterest",
    "Share this article",
    "Share on Facebook",
    "Subscribe to our daily briefing",
    "Sign up for our newsletter to get the latest news every morning",
    "CLICK HERE TO READ MORE FROM THE EXAMPLE TIMES",
    "Related Content",
    "Related Articles:",
    "Advertisement",
    "GOVERNOR VOWS TO HUNT DOWN ‘COWARDLY’ ATTACKERS AFTER CHECKPOINT RAID",
    "Copyright ©2023 Example Media Group, Inc. All rights reserved. 0f3a9c2e77b14d5e8a6b",
    "© 2023 Example News. All rights reserved.",
    "write to Jane Roe at [email protected]",
    "[email\u00a0protected]",
    "Write to Jane Roe at jane.roe@example.com",
])
def test_boilerplate_line_is_dropped(boilerplate):
    cleaned = clean_text(_article(boilerplate))
    assert cleaned == "\n\n".join(NEWS)


@pytest.mark.parametrize("caption", [
    "Police at the checkpoint\nOfficers inspect a burned car near the checkpoint on Saturday. Photo: Jane Roe/Example Agency",
    "Soldiers patrol the highway on May 3,2023 U.S. Army photo by Spc. John Doe",
    "A burned-out car at the scene. (Reuters)",
    "Mourners gather at the funeral on Saturday. Getty Images",
    "Police inspect the wreckage. REUTERS/Jane Roe",
    "The checkpoint after the attack. Photo by John Doe",
])
def test_photo_caption_paragraph_is_dropped(caption):
    assert clean_text(_article(caption)) == "\n\n".join(NEWS)


@pytest.mark.parametrize("bio", [
    "Jane Roe is a correspondent for Example News based in the capital.",
    "Reporting by Jane Roe; Editing by John Doe",
    "(Additional reporting by John Doe in the capital)",
    "Follow Jane Roe on Twitter @janeroe",
])
def test_trailing_bio_is_dropped(bio):
    text = "\n\n".join([*NEWS, bio])
    assert clean_text(text) == "\n\n".join(NEWS)


def test_bio_like_sentence_inside_the_article_is_kept():
    bio = "Jane Roe is a correspondent for Example News based in the capital."
    text = "\n\n".join([NEWS[0], bio, NEWS[1]])
    assert bio in clean_text(text)


@pytest.mark.parametrize("news", [
    "Officials said the attack was the deadliest since the ceasefire. The photo by the agency showed the damage.",
    "The spokesman said: “Share the burden, not the blame.”",
    "A NATO statement said the alliance was watching closely.",
    "Copies of the report were shared with the UN Security Council.",
    "He said the newsletter published by the group had called for attacks.",
    "The US and UK condemned the strike.",
    "IS claimed it.",
])
def test_news_lines_are_kept(news):
    assert news in clean_text(_article(news))


def test_whitespace_is_normalised_without_touching_words():
    raw = "  Rockets\u00a0 hit\tthe   base on October 27,2020.\r\n\r\n\r\n\r\nNo one was\u200b hurt.  \n"
    assert clean_text(raw) == "Rockets hit the base on October 27,2020.\n\nNo one was hurt."


def test_unicode_is_nfc_and_curly_quotes_stay():
    decomposed = "Cafe\u0301 owner said “enough” after the blast in the city."
    assert normalise_whitespace(decomposed) == "Café owner said “enough” after the blast in the city."


def test_single_line_breaks_inside_a_paragraph_are_kept():
    assert clean_text("Line one of a list\nLine two of a list") == "Line one of a list\nLine two of a list"


def test_caps_headline_needs_four_words():
    assert is_caps_headline("PENTAGON DENIES STRIKE REPORT", 4)
    assert not is_caps_headline("BAGHDAD, IRAQ", 4)
    assert not is_caps_headline("The US and UK condemned it", 4)
    assert not is_caps_headline("2021 2022 2023 2024", 4)


def test_bad_pattern_file_raises_config_error(tmp_path):
    bad = tmp_path / "boilerplate.yaml"
    bad.write_text("drop_lines:\n  - '(unclosed'\n")
    with pytest.raises(ConfigError, match="unclosed"):
        load_boilerplate(bad)


def test_custom_rules_are_used(tmp_path):
    custom = tmp_path / "boilerplate.yaml"
    custom.write_text("drop_lines:\n  - '^Sponsored$'\n")
    assert clean_text(_article("Sponsored"), load_boilerplate(custom)) == "\n\n".join(NEWS)
    assert "Comments are closed." in clean_text(_article("Comments are closed."), load_boilerplate(custom))


# --- the seed articles ------------------------------------------------------------

MARKERS = ("Comments are closed", "Pin It on Pinterest", "[email", "Copyright", "Read more:",
           "Leave a Reply", "Your email address", "CLICK HERE", "Related Content", "photo by", "Photo:")
CONFLICT = re.compile(r"\b(attack\w*|strike\w*|rocket\w*|missile\w*|drone\w*|killed|bomb\w*|retaliat\w*|airstrike\w*)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+")


def _conflict_sentences(text: str) -> list[str]:
    return [s for p in text.split("\n") for s in _SENTENCE.split(" ".join(p.split())) if CONFLICT.search(s)]


def _is_boilerplate_paragraph(paragraph: str) -> bool:
    return any(m in paragraph for m in MARKERS) or (paragraph.isupper() and len(paragraph.split()) > 3)


def test_seed_boilerplate_is_gone_and_news_stays(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        cleaned = clean_text(raw)
        for marker in MARKERS:
            assert marker not in cleaned, (path.name, marker)
        news = [p for p in re.split(r"\n\s*\n", raw) if p.strip() and not _is_boilerplate_paragraph(p)]
        assert _conflict_sentences(cleaned) == _conflict_sentences("\n".join(news)), path.name
        assert len(cleaned) > 0.85 * sum(len(p) for p in news), path.name


def test_seed_with_rockets_keeps_its_lead_sentence(seeds_dir):
    cleaned = clean_text((seeds_dir / "seed-000.txt").read_text(encoding="utf-8"))
    assert "At least seven rockets landed" in cleaned
    assert "pictured" not in cleaned                   # the photo caption and its title line
