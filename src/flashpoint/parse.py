"""Parse only what matters: the event classifier reads every sentence, spaCy parses
the ones that may report an event or a stance, and the article comes back as one Doc.

    parser = ArticleParser(nlp, settings)
    doc = parser("Rockets hit the base in Erbil on Monday. The weather was fine ...")
    docs = list(parser.pipe(texts, batch_size=32))

An article is split into sentences by a rule-based sentencizer (cheap). A sentence is
parsed when the classifier, reading it alone, names an event as its best guess with an
event probability of at least ``select_threshold``; when a claim, denial or explicit
reprisal phrase of the lexicon occurs in it; when it is the article's first sentence (the
headline or lead); or when it follows a parsed one and starts with a pronoun ("They
said ..."). A weapon word or "in response to" alone no longer gets a sentence parsed:
on the throughput corpus such sentences the classifier calls no event gave mostly
retellings (anaphoric or generic mentions) for a tenth of the parsed text.
Runs of sentences, parsed or not, are cut into windows of about ``window_chars``
characters (and sentences are found block by block), so a long article costs time in
proportion to its length and no Doc reaches spaCy's length limit.
The other sentences are only tokenised; each is given a flat placeholder tree (its
first token the root, no tags, no entities), so frame finding sees nothing there.
The parsed pieces of all the texts handed in go through spaCy as one batch (a batch of
articles holds about as much text as bare spaCy's batch of the same articles). The pieces
are joined into one Doc (as ``Doc.from_docs`` would, reading the tokens as arrays);
offsets are the article's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH, SPACY
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from .config import Settings
from .engines.budget import check_deadline
from .extract.event_types import CACHE_KEY, _key
from .extract.lexicon import Words, may_occur

# Lexicon phrases that make a sentence worth parsing whatever the classifier says: claims,
# denials and explicit reprisals ("following", "after", "in response to" and hedges are too
# common).
SELECTING_PHRASES = {"claimed", "denied", "unclaimed", "retaliation", "avenge"}
_PRONOUN_START = re.compile(r"^\W*(they|it|there|he|she|this|that|these|no|none|both)\b", re.I)


@dataclass(frozen=True, slots=True)
class Piece:
    start: int      # character offsets into the article
    end: int
    parse: bool


class ArticleParser:
    """Callable like a spaCy ``Language`` (``parser(text)``, ``parser.pipe(texts)``);
    other attributes are the wrapped pipeline's."""

    def __init__(self, nlp: Language, settings: Settings | None = None):
        from .extract.event_types import SentenceTyper
        from .extract.lexicon import load_lexicon

        settings = settings or Settings()
        self.nlp = nlp
        self.select_threshold = settings.parse_select_threshold
        self.window_chars = settings.parse_window_chars
        self.lexicon = load_lexicon(str(settings.lexicon_file))
        self.typer = SentenceTyper.load(settings.event_model, self.lexicon) if settings.event_model else None
        self.splitter = Sentencizer()
        self._stops = {nlp.vocab.strings.add(ch) for ch in self.splitter.punct_chars}
        self.frames = nlp.get_pipe("fp_frames") if "fp_frames" in nlp.pipe_names else None
        phrases = [p for kind, p in self.lexicon.stance_patterns + self.lexicon.response_patterns
                   if kind in SELECTING_PHRASES]
        self._selecting = _any_of(phrases)     # one search per sentence instead of one per phrase list
        self._selecting_parts = phrases         # for the cheap test first (extract.lexicon.may_occur)

    def __getattr__(self, name):
        return getattr(self.nlp, name)

    # -- which sentences to parse -------------------------------------------
    def pieces(self, text: str, cache: dict | None = None) -> list[Piece]:
        if self.typer is None:
            return [Piece(0, len(text), True)] if text else []
        spans = self.sentences(text)
        return self._plan(text, spans, self.select(text, spans, cache))

    def _plan(self, text: str, spans: list[tuple[int, int]], keep: list[bool]) -> list[Piece]:
        pieces: list[Piece] = []
        for (start, _), parse in zip(spans, keep):
            last = pieces[-1] if pieces else None
            if last is not None and last.parse == parse and start - last.start < self.window_chars:
                continue
            if last is not None:
                pieces[-1] = Piece(last.start, start, last.parse)
            pieces.append(Piece(start, len(text), parse))
        if pieces:
            pieces[0] = Piece(0, pieces[0].end, pieces[0].parse)
        return pieces

    def sentences(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans, found block by block (blocks end at a line break or a full stop
        near ``window_chars``), so an article of any length is split in linear time."""
        return self._sentences(text)[0]

    def _sentences(self, text: str) -> tuple[list[tuple[int, int]], "_Tokens | None"]:
        """``sentences`` and the article's tokens as the blocks gave them (ORTH, IS_PUNCT,
        SPACY and the article offset of each), or None where a block boundary could cut
        otherwise than the tokenizer reading the whole text (see ``_clean``)."""
        spans: list[tuple[int, int]] = []
        arrays, whole = [], True
        for block_start, block_end in _blocks(text, self.window_chars):
            whole = whole and _clean(text, block_start)
            doc = self.nlp.make_doc(text[block_start:block_end])
            if not len(doc):
                continue
            array = doc.to_array([ORTH, IS_PUNCT, SPACY, IDX, LENGTH, IS_SPACE])
            array[:, 3] += block_start
            arrays.append(array)
            idx, length, space = array[:, 3:].T.tolist()
            bounds = self._starts(array[:, :2].tolist()) + [len(doc)]
            spans += [(idx[a], idx[b - 1] + length[b - 1]) for a, b in zip(bounds, bounds[1:]) if not all(space[a:b])]
        tokens = _Tokens(np.concatenate(arrays)) if whole and arrays else None
        return spans, tokens

    def _starts(self, tokens: list[list[int]]) -> list[int]:
        """The sentencizer's sentence starts (``Sentencizer.predict``), read from each token's
        (ORTH, IS_PUNCT): a sentence ends after a run of its stop characters, at the next
        token that is neither punctuation nor a stop."""
        starts, start, seen = [0], 0, False
        for i, (orth, punct) in enumerate(tokens):
            stop = orth in self._stops
            if seen and not punct and not stop:
                if start:
                    starts.append(start)
                start, seen = i, False
            elif stop:
                seen = True
        if start:
            starts.append(start)
        return starts

    def select(self, text: str, spans: list[tuple[int, int]], cache: dict | None = None) -> list[bool]:
        return self.select_many([text], [spans], None if cache is None else [cache])[0]

    def select_many(self, texts: list[str], spans: list[list[tuple[int, int]]],
                    caches: list[dict] | None = None, model_only: bool = False) -> list[list[bool]]:
        """Which sentences of each text to parse. The classifier reads the sentences of all
        the texts in one call (windows stay inside their text); its probabilities go to
        ``caches`` (one per text, keyed by the sentence's span without its surrounding
        whitespace) so that frame finding reuses them instead of reading the text again.
        ``model_only``: the classifier's picks alone (for the benchmark's report)."""
        sentences = [[text[a:b] for a, b in sp] for text, sp in zip(texts, spans)]
        read = self.typer.classifier.read_sentences([t for ts in sentences for t in ts], [len(ts) for ts in sentences])
        alone, none = read.alone, self.typer.classifier.none_index
        # the classifier's best guess for the sentence itself is an event
        event = (alone.argmax(axis=1) != none) & (1.0 - alone[:, none] >= self.select_threshold)
        out, row = [], 0
        for text, sp, ts in zip(texts, spans, sentences):
            rows = range(row, row + len(ts))
            row += len(ts)
            keep = [bool(event[r]) or (not model_only and self._selects(t)) for r, t in zip(rows, ts)]
            if not model_only:
                if keep:
                    keep[0] = True
                for j in range(1, len(keep)):
                    if keep[j - 1] and not keep[j] and _PRONOUN_START.match(ts[j]):
                        keep[j] = True
            out.append(keep)
        if caches is not None:
            # frame finding reads the sentences that are parsed (the others have no frames):
            # their windows only are computed
            wanted = [(i, span, r) for i, (sp, keep, first) in enumerate(zip(spans, out, _firsts(sentences)))
                      for span, kept, r in zip(sp, keep, range(first, first + len(sp))) if kept]
            window = read.window([r for _, _, r in wanted])
            for (i, (a, b), r), win in zip(wanted, window):
                caches[i][sentence_key(texts[i], a, b)] = (alone[r], win)
        return out

    def _selects(self, sentence: str) -> bool:
        """Does a claim, denial or explicit reprisal phrase occur in the sentence?"""
        words = Words(sentence)
        return (any(may_occur(p, words) for p in self._selecting_parts)
                and self._selecting.search(sentence) is not None)

    # -- parsing --------------------------------------------------------------
    def __call__(self, text: str) -> Doc:
        return next(iter(self.pipe([text])))

    def pipe(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
        texts = list(texts)
        caches: list[dict] = [{} for _ in texts]
        if self.typer is None:
            plans = [self.pieces(t) for t in texts]
        else:
            found = [self._sentences(t) for t in texts]
            spans = [sp for sp, _ in found]
            tokens = [tok for _, tok in found]
            plans = [self._plan(t, sp, keep) for t, sp, keep in zip(texts, spans, self.select_many(texts, spans, caches))]
        wanted = [t[p.start:p.end] for t, plan in zip(texts, plans) for p in plan if p.parse]
        disabled = [n for n in ("fp_frames",) if n in self.nlp.pipe_names]
        with self.nlp.select_pipes(disable=disabled):
            parsed = iter(list(self.nlp.pipe(wanted, batch_size=max(batch_size, len(wanted)))))
        docs = []
        if self.typer is None:
            tokens = [None] * len(texts)
        for text, plan, cache, toks in zip(texts, plans, caches, tokens):
            check_deadline()
            parts = [next(parsed) if p.parse else self._placeholder(text, p, toks) for p in plan]
            doc = _join(parts) if len(parts) != 1 else parts[0]
            if not parts:
                doc = self.nlp.make_doc(text)
            doc.user_data[CACHE_KEY] = cache
            docs.append(doc)
        if self.typer is not None and self.frames is not None:
            self._read_resplit(docs)
        for doc in docs:
            check_deadline()
            yield self.frames(doc) if self.frames is not None else doc

    def _read_resplit(self, docs: list[Doc]) -> None:
        """Where the parser cut sentences otherwise than the sentencizer, frame finding
        reads each new sentence alone and with its neighbours in the Doc
        (``SentenceTyper._reuse``): the sentences of all the Docs are read here in one
        classifier call instead of one per Doc (each sentence's row is the same), and go
        to each Doc's cache."""
        texts: list[str] = []
        groups: list[int] = []
        rows: list[tuple[dict, tuple[int, int], int]] = []
        for doc in docs:
            cache = doc.user_data[CACHE_KEY]
            sents = list(doc.sents)
            for i, sent in enumerate(sents):
                if not sent[0].tag:
                    continue       # unparsed: frame finding skips it
                key = _key(sent)
                if key is None or key in cache:
                    continue
                lo, hi = max(0, i - 1), min(len(sents), i + 2)
                rows.append((cache, key, len(texts) + i - lo))
                texts += [s.text for s in sents[lo:hi]]
                groups.append(hi - lo)
        if not rows:
            return
        alone, window = self.typer.classifier.sentence_probabilities(texts, groups)
        for cache, key, row in rows:
            cache[key] = (alone[row], window[row])

    def _placeholder(self, text: str, piece: Piece, tokens: "_Tokens | None" = None) -> Doc:
        """Tokens only; each sentence a flat tree so sentence boundaries survive the join:
        every token's head is its sentence's first token, labelled ROOT, the others "dep".
        The tokens are the ones ``_sentences`` read (``tokens``) where the piece starts and
        ends on a clean boundary: the tokenizer, given the piece alone, cuts it the same."""
        rows = tokens.between(text, piece.start, piece.end) if tokens is not None else None
        if rows is None:
            doc = self.nlp.make_doc(text[piece.start:piece.end])
            if not len(doc):
                return doc
            rows = doc.to_array([ORTH, IS_PUNCT, SPACY])
        starts = np.array(self._starts(rows[:, :2].tolist()))
        index = np.arange(len(rows))
        first = starts[np.searchsorted(starts, index, side="right") - 1]
        strings = self.nlp.vocab.strings
        deps = np.where(index == first, strings.add("ROOT"), strings.add("dep")).astype(np.uint64)
        words = [strings[h] for h in rows[:, 0].tolist()]
        flat = Doc(self.nlp.vocab, words=words, spaces=rows[:, 2].astype(bool).tolist())
        return flat.from_array([HEAD, DEP], np.stack([(first - index).astype(np.uint64), deps], axis=1))


class _Tokens:
    """An article's tokens as rows of (ORTH, IS_PUNCT, SPACY, IDX, ...), IDX the article offset."""

    def __init__(self, rows: np.ndarray):
        self.rows = rows
        self.starts = rows[:, 3]

    def between(self, text: str, start: int, end: int) -> np.ndarray | None:
        """The rows of the tokens from offset ``start`` to ``end``, or None unless both are
        clean boundaries where a token starts (or the text ends)."""
        if not (_clean(text, start) and _clean(text, end)):
            return None
        a, b = np.searchsorted(self.starts, [start, end]).tolist()
        if a >= len(self.starts) or self.starts[a] != start or b <= a \
                or (end < len(text) and (b >= len(self.starts) or self.starts[b] != end)):
            return None
        return self.rows[a:b]


def _clean(text: str, at: int) -> bool:
    """Does the tokenizer cut the same at offset ``at`` whether it reads the whole text or
    the two sides apart? It splits a text into runs of non-space and of space characters and
    reads each run alone, one space after a word being that word's trailing space: so yes at
    the ends, where a space run ends, and where one starts with a character other than ' '."""
    if at <= 0 or at >= len(text):
        return True
    before, after = text[at - 1].isspace(), text[at].isspace()
    return (before and not after) or (not before and after and text[at] != " ")


def _firsts(groups: list[list]) -> list[int]:
    """The index of each group's first item in the groups laid end to end."""
    return np.concatenate([[0], np.cumsum([len(g) for g in groups])[:-1]]).astype(int).tolist() if groups else []


def sentence_key(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence's offsets without the whitespace around it: the sentencizer and the
    parser may give a paragraph break to either side of a boundary."""
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())


def _blocks(text: str, size: int) -> list[tuple[int, int]]:
    """Cut ``text`` into pieces of about ``size`` characters at a line break, else after a
    full stop and a space, else anywhere."""
    out, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = text.rfind(". ", start + size // 2, start + size)
            cut = cut + 1 if cut >= 0 else start + size
        out.append((start, cut + 1 if text[cut:cut + 1] in ("\n", " ") else cut))
        start = out[-1][1]
    if start < len(text):
        out.append((start, len(text)))
    return out


def _join(parts: list[Doc]) -> Doc:
    """``Doc.from_docs(parts, ensure_whitespace=False)``, with the words and spaces read as
    arrays rather than token by token (pieces carry no user data or span groups)."""
    width = next((d.tensor.shape[1] for d in parts if d.tensor.size), 0)
    for d in parts:
        if d.tensor.shape != (len(d), width):
            d.tensor = np.zeros((len(d), width), dtype="float32")
    if any(d.user_data or d.spans for d in parts):
        return Doc.from_docs(parts, ensure_whitespace=False)
    vocab = parts[0].vocab
    attrs = list(Doc._get_array_attrs())
    arrays = [d.to_array(attrs) for d in parts]
    joined = np.concatenate(arrays)
    words = [vocab.strings[h] for h in joined[:, attrs.index(ORTH)].tolist()]
    doc = Doc(vocab, words=words, spaces=joined[:, attrs.index(SPACY)].astype(bool).tolist())
    doc.from_array(attrs, joined)
    if len(doc):
        doc.tensor = np.vstack([d.tensor for d in parts if len(d)])
    return doc


def _any_of(patterns: list[re.Pattern]) -> re.Pattern:
    """One pattern that matches where any of ``patterns`` (same flags, no groups) matches."""
    flags = {p.flags for p in patterns}
    if len(flags) != 1 or any(p.groups for p in patterns):
        raise ValueError("selecting patterns must share their flags and hold no groups")
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags.pop())
