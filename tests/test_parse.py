"""parse.ArticleParser: only sentences that may report an event are parsed; the Doc
keeps the article's text and offsets."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.config import Settings
from flashpoint.nlp import build_pipeline
from flashpoint.parse import ArticleParser
from flashpoint.pipeline import extract_article
from flashpoint.records import Article

TEXT = (
    "Gunmen killed seven villagers in an attack on Kaura in Zamfara State on Sunday, police said. "
    "The region is known for its groundnut farms and its long dry season. "
    "Local markets reopened on Tuesday after the harvest festival ended. "
    "The group later claimed responsibility for the attack in a statement."
)


@pytest.fixture(scope="module")
def parser():
    return ArticleParser(build_pipeline(), Settings())


def _parsed(doc, fragment: str) -> bool:
    start = doc.text.index(fragment)
    span = doc.char_span(start, start + len(fragment), alignment_mode="expand")
    return all(t.pos_ for t in span)


def test_doc_keeps_the_article_text(parser):
    doc = parser(TEXT)
    assert doc.text == TEXT


def test_only_event_and_claim_sentences_are_parsed(parser):
    doc = parser(TEXT)
    assert _parsed(doc, "Gunmen killed seven villagers")          # the event, and the lead
    assert _parsed(doc, "claimed responsibility")                 # a claim phrase
    assert not _parsed(doc, "Local markets reopened on Tuesday")  # nothing happens there


def test_sentence_boundaries_survive_the_join(parser):
    starts = [s.text.split()[0] for s in parser(TEXT).sents]
    assert starts == ["Gunmen", "The", "Local", "The"]


def test_mentions_point_into_the_article(parser):
    article = Article(id="p1", text=TEXT, published=dt.date(2024, 3, 4))
    mentions = extract_article(parser, article)
    assert any(m.type.startswith("attack") and m.modality == "asserted" for m in mentions)
    for m in mentions:
        assert TEXT[m.trigger.start:m.trigger.end] == m.trigger.text
        assert TEXT[m.sentence.start:m.sentence.end] == m.sentence.text


def test_a_long_article_is_parsed_in_bounded_windows():
    parser = ArticleParser(build_pipeline(), Settings(parse_window_chars=400))
    text = " ".join(f"Rockets struck the base at Balad for the {i}th time on Monday, officials said." for i in range(40))
    pieces = parser.pieces(text)
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:]))
    assert all(p.end - p.start <= 400 + 100 for p in pieces if p.parse)   # a window ends at a sentence end
    assert len([p for p in pieces if p.parse]) > 1
    assert parser(text).text == text


def test_the_lexicon_alone_parses_everything():
    parser = ArticleParser(build_pipeline(Settings(event_model="")), Settings(event_model=""))
    assert [(p.start, p.end, p.parse) for p in parser.pieces(TEXT)] == [(0, len(TEXT), True)]


def _long_text(n_chars: int) -> str:
    para = ("The council met on Tuesday to discuss the budget for roads and schools in the district, "
            "and members asked for a report on water supplies before the rainy season begins. ")
    event = "Gunmen attacked a police post in Tillaberi on Monday, killing four officers, officials said. "
    out, i = [], 0
    while sum(map(len, out)) < n_chars:
        out.append(event if i % 7 == 3 else para)
        out.append("\n" if i % 5 == 4 else "")
        i += 1
    return "".join(out)


def test_a_text_beyond_spacys_length_limit_is_split_in_windows(parser):
    text = _long_text(1_100_000)
    assert len(text) > parser.nlp.max_length
    pieces = parser.pieces(text)
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:]))
    assert max(p.end - p.start for p in pieces) <= parser.window_chars + 1_000


def test_time_grows_linearly_with_length(parser):
    import time

    timings = []
    for n in (20_000, 80_000):
        text = _long_text(n)
        started = time.perf_counter()
        doc = parser(text)
        timings.append(time.perf_counter() - started)
        assert doc.text == text
    assert timings[1] < timings[0] * 4 * 2.5    # 4x the text; quadratic would be 16x


def test_the_classifier_reads_each_article_once(parser, monkeypatch):
    """Frame finding reuses the probabilities the sentence selection computed (keys ignore
    the paragraph breaks that the sentencizer and the parser attach to different sides)."""
    from flashpoint.models.event_type import EventClassifier

    text = TEXT.replace(" The region", "\n\nThe region").replace(" The group", "\n\nThe group")
    calls = []
    original = EventClassifier.read_sentences
    monkeypatch.setattr(EventClassifier, "read_sentences",
                        lambda self, sents, groups=None: calls.append(len(sents)) or original(self, sents, groups))
    docs = list(parser.pipe([text, TEXT]))
    assert calls[0] == sum(len(parser.sentences(t)) for t in (text, TEXT))   # one call for the batch
    assert len([n for n in calls[1:] if n > 1]) == 0     # frame finding read nothing again
    assert all(d._.fp_frames for d in docs)


def test_batched_windows_equal_one_article_at_a_time(parser):
    import numpy as np

    clf = parser.typer.classifier
    articles = [[s.strip() for s in TEXT.split(". ")], ["One sentence only."], ["Two.", "Sentences here."]]
    alone, window = clf.sentence_probabilities([s for a in articles for s in a], [len(a) for a in articles])
    one_by_one = [clf.sentence_probabilities(a) for a in articles]
    assert np.array_equal(alone, np.vstack([a for a, _ in one_by_one]))
    assert np.array_equal(window, np.vstack([w for _, w in one_by_one]))
    read = clf.read_sentences([s for a in articles for s in a], [len(a) for a in articles])
    assert np.array_equal(read.window([4, 0, len(alone) - 1]), window[[4, 0, len(alone) - 1]])   # some rows only
    assert read.window([]).shape == (0, window.shape[1])


def test_memoised_char_ngrams_equal_the_vectorizer(parser):
    chars = parser.typer.classifier.chars
    texts = [TEXT, "İstanbul ÇAĞ  x\n\ty", "", "a", "Rockets, rockets and more ROCKETS hit Erbil's airport."]
    expected, got = chars.vectorizer.transform(texts), chars.transform(texts)
    assert (expected != got).nnz == 0 and (got.indices == expected.indices).all() and got.dtype == expected.dtype


def test_the_phrase_prefilter_never_misses_a_match():
    """``may_occur`` may let a sentence through that the pattern then rejects, never the
    reverse: every phrase of every lexicon pattern, in any case, inside words or quotes,
    and with characters that re.IGNORECASE folds to ASCII."""
    from flashpoint.extract.lexicon import load_lexicon
    from flashpoint.extract.lexicon import Words, _phrases, may_occur

    lexicon = load_lexicon()
    patterns = [p for _, p in lexicon.stance_patterns + lexicon.response_patterns]
    assert all(_phrases(p) is not None for p in patterns)      # all of them get the cheap test
    for pattern in patterns:
        for phrase in [a for found in _phrases(pattern)[1].values() for a in found]:
            for text in (phrase, phrase.upper(), phrase.title(), f"“{phrase}”, officials said.",
                         f"Sources{phrase}", f"x-{phrase} y", f"A {phrase}-led raid.",
                         phrase.replace("s", "\u017f"), phrase.replace("k", "\u212a"), f"{phrase}\u0130"):
                if pattern.search(text):
                    assert may_occur(pattern, Words(text)), (pattern.pattern[:40], text)
    quiet = Words("The weather was fine and markets reopened on Tuesday.")
    assert not any(may_occur(p, quiet) for p in patterns)


def test_word_grams_equal_the_vectorizer(parser):
    clf = parser.typer.classifier
    texts = [TEXT, "İstanbul ÇAĞ  x\n\ty", "", "a", "the the the", "Rockets, rockets and more ROCKETS hit Erbil's airport."]
    expected, got = clf.words.transform(texts), clf.word_grams.transform(texts)
    assert (expected != got).nnz == 0 and (got.indices == expected.indices).all() and got.dtype == expected.dtype
    assert (got.indptr == expected.indptr).all()


def test_placeholders_reuse_the_sentence_tokens_only_where_the_tokenizer_cuts_alike(parser):
    """An unparsed piece takes its tokens from the sentence split where it starts and ends on
    a clean boundary (a run of spaces ends there, or one starts with a line break); the tokens
    are those the tokenizer gives the piece alone, and an unclean cut ("said.Local", a cut
    inside a run of spaces) falls back to tokenising the piece."""
    from spacy.attrs import IS_PUNCT, ORTH, SPACY

    from flashpoint.parse import Piece, _clean

    text = TEXT.replace("said. ", "said.\n\n").replace("season. ", "season.Local  ") + "\nIt rained."
    spans, tokens = parser._sentences(text)
    assert tokens is not None
    cuts = sorted({0, len(text)} | {a for a, _ in spans} | {b for _, b in spans})
    reused = 0
    for start, end in zip(cuts, cuts[1:]):
        rows = tokens.between(text, start, end)
        if rows is None:
            continue
        reused += 1
        alone = parser.nlp.make_doc(text[start:end]).to_array([ORTH, IS_PUNCT, SPACY])
        assert (rows[:, :3] == alone).all()
    assert reused >= 3
    assert not _clean("said.Local", 5) and not _clean("a  b", 2) and _clean("said.\n\nB", 5) and _clean("a b", 2)
    doc = parser(text)
    assert doc.text == text
    flat = parser._placeholder(text, Piece(spans[1][0], len(text), False), tokens)
    assert flat.text == text[spans[1][0]:]
