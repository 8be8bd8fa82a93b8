"""The event classifier: does a passage report an event, and of which ACLED sub-event type?

    clf = EventClassifier.default()
    clf.predict(["Gunmen killed five villagers in Zamfara on Sunday."])[0]
    # Prediction(label='Attack', probability=0.81, event_probability=0.97)

A linear model over TF-IDF word (1-2 gram) and character (2-5 gram, inside word
boundaries) features, trained by ``training/train.py`` (``make train``) and stored
as plain arrays in ``event_type.npz`` beside this file: no pickle, no download. The
vocabulary, idf weights and coefficients are all it needs; scikit-learn's
CountVectorizer does the tokenising exactly as in training.

Labels are ACLED's 25 sub-event types plus ``none`` (``flashpoint.ontology``).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from ..ontology import NO_EVENT

MODEL_FILE = Path(__file__).with_name("event_type.npz")


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str                  # ACLED sub-event type or "none"
    probability: float          # of that label
    event_probability: float    # 1 - p(none): that the passage reports any event
    runner_up: str | None = None

    @property
    def is_event(self) -> bool:
        return self.label != NO_EVENT


def word_vectorizer(vocabulary=None):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(lowercase=True, ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b",
                           vocabulary=vocabulary, dtype=np.float32)


def char_vectorizer(vocabulary=None):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(2, 5),
                           vocabulary=vocabulary, dtype=np.float32)


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf times idf, rows scaled to unit length (as TfidfTransformer does)."""
    x = counts.tocsr(copy=True).astype(np.float32)
    x.data = 1.0 + np.log(x.data)
    x = x.multiply(idf.reshape(1, -1)).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ x


class CharGrams:
    """``CountVectorizer(analyzer="char_wb").transform`` with each word's n-gram ids
    memoised: char_wb n-grams never cross a word boundary, so a text's counts are the sum
    of its words' and a word seen before costs one dict lookup (the same matrix, several
    times faster on news, where most words repeat)."""

    MEMO_WORDS = 200_000

    def __init__(self, vectorizer):
        self.vectorizer = vectorizer
        self.vocabulary = vectorizer.vocabulary
        self.n_features = len(self.vocabulary)
        self._grams = vectorizer.build_analyzer()     # one word's n-grams, as training made them
        self._memo: dict[str, list[int]] = {}

    def _ids(self, word: str) -> list[int]:
        ids = self._memo.get(word)
        if ids is None:
            if len(self._memo) >= self.MEMO_WORDS:
                self._memo.clear()
            vocab = self.vocabulary
            ids = self._memo[word] = [vocab[g] for g in self._grams(word) if g in vocab]
        return ids

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            for word in text.lower().split():
                indices.extend(self._ids(word))
            indptr.append(len(indices))
        x = sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), np.asarray(indices, dtype=np.int32),
                               np.asarray(indptr, dtype=np.int32)), shape=(len(texts), self.n_features))
        x.sum_duplicates()          # sorted indices, one entry per n-gram with its count
        return x


class WordGrams:
    """``CountVectorizer(ngram_range=(1, 2)).transform`` (the word features) read directly:
    the same tokens (``token_pattern`` over the lowered text), unigrams and bigrams looked up
    in the vocabulary, and the same matrix (sorted indices, counts), without the vectorizer's
    per-text counting."""

    def __init__(self, vectorizer):
        if vectorizer.ngram_range != (1, 2) or not vectorizer.lowercase or vectorizer.analyzer != "word":
            raise ValueError("WordGrams reads lowercased word 1-2 grams only")
        self.vectorizer = vectorizer
        self.vocabulary = vectorizer.vocabulary
        self.n_features = len(self.vocabulary)
        self._tokens = re.compile(vectorizer.token_pattern).findall

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        get = self.vocabulary.get
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            tokens = self._tokens(text.lower())
            found = [get(t) for t in tokens] + [get(f"{a} {b}") for a, b in zip(tokens, tokens[1:])]
            indices.extend(i for i in found if i is not None)
            indptr.append(len(indices))
        x = sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), np.asarray(indices, dtype=np.int32),
                               np.asarray(indptr, dtype=np.int32)), shape=(len(texts), self.n_features))
        x.sum_duplicates()          # sorted indices, one entry per n-gram with its count
        return x


class EventClassifier:
    """Weights loaded once; ``predict`` on a batch of passages."""

    def __init__(self, word_vocab: list[str], word_idf: np.ndarray, char_vocab: list[str],
                 char_idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray, labels: list[str],
                 meta: dict):
        self.words = word_vectorizer({str(t): i for i, t in enumerate(word_vocab)})
        self.word_grams = WordGrams(self.words)
        self.chars = CharGrams(char_vectorizer({str(t): i for i, t in enumerate(char_vocab)}))
        self.word_idf, self.char_idf = word_idf.astype(np.float32), char_idf.astype(np.float32)
        self.coef, self.intercept = coef.astype(np.float32), intercept.astype(np.float32)
        self._coef_t = np.ascontiguousarray(self.coef.T)   # x @ coef.T would copy 9 MB per call
        self.labels = [str(lab) for lab in labels]
        self.none_index = labels.index(NO_EVENT)
        self.meta = meta
        self.name = f"{meta.get('name', 'event_type')}.v{meta.get('version', '0')}"

    # -- persistence --------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path = MODEL_FILE) -> "EventClassifier":
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            return cls(list(z["word_vocab"]), z["word_idf"], list(z["char_vocab"]), z["char_idf"],
                       z["coef"], z["intercept"], list(z["labels"]), meta)

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path, word_vocab=np.array(self.words.get_feature_names_out(), dtype=str),
            word_idf=self.word_idf.astype(np.float16),
            char_vocab=np.array(self.chars.vectorizer.get_feature_names_out(), dtype=str),
            char_idf=self.char_idf.astype(np.float16), coef=self.coef.astype(np.float16),
            intercept=self.intercept, labels=np.array(self.labels, dtype=str), meta=json.dumps(self.meta))

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def default() -> "EventClassifier":
        return EventClassifier.load(MODEL_FILE)

    # -- inference ----------------------------------------------------------
    def features(self, texts: list[str]) -> sparse.csr_matrix:
        return sparse.hstack([tfidf(self.word_grams.transform(texts), self.word_idf),
                              tfidf(self.chars.transform(texts), self.char_idf)]).tocsr()

    def probabilities(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return self._softmax(self.features(texts))

    def sentence_probabilities(self, sentences: list[str], groups: list[int] | None = None
                               ) -> tuple[np.ndarray, np.ndarray]:
        """For consecutive sentences: the probabilities of each sentence alone and of each
        with its neighbours. Counts are additive, so each sentence is featurised once and a
        window's counts are the sum of its three sentences' (n-grams across a sentence
        boundary are left out). ``groups``: the sizes of runs of sentences (one article
        each) that are read in one call and whose windows never cross into the next run."""
        read = self.read_sentences(sentences, groups)
        return read.alone, read.window()

    def read_sentences(self, sentences: list[str], groups: list[int] | None = None) -> "SentenceReading":
        """``sentence_probabilities`` in two steps: the sentences alone now, the windows of
        the rows the caller asks for later (``SentenceReading.window``)."""
        return SentenceReading(self, sentences, groups)

    def _softmax(self, x: sparse.csr_matrix) -> np.ndarray:
        scores = np.asarray(x @ self._coef_t + self.intercept, dtype=np.float64)
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, texts: list[str]) -> list[Prediction]:
        out = []
        for row in self.probabilities(texts):
            order = np.argsort(-row)
            best, second = int(order[0]), int(order[1])
            out.append(Prediction(self.labels[best], float(row[best]), float(1.0 - row[self.none_index]),
                                  self.labels[second]))
        return out


def available() -> bool:
    return MODEL_FILE.exists()


class SentenceReading:
    """Consecutive sentences read by an ``EventClassifier``: ``alone`` (each sentence's
    probabilities) at once, ``window(rows)`` (each with its neighbours) on demand, so a
    caller that needs the windows of some sentences only pays for those. A row's figures
    are the same whichever other rows are computed with it."""

    def __init__(self, classifier: EventClassifier, sentences: list[str], groups: list[int] | None = None):
        self.classifier = classifier
        n = len(sentences)
        if not n:
            self.alone = np.zeros((0, len(classifier.labels)), dtype=np.float32)
            self.n = 0
            return
        self.n = n
        self.words, self.chars = classifier.word_grams.transform(sentences), classifier.chars.transform(sentences)
        links = np.ones(n - 1)
        if groups:
            links[np.cumsum(groups)[:-1] - 1] = 0.0       # no window across a run's end
        self.band = sparse.diags([links, np.ones(n), links], [-1, 0, 1], format="csr", dtype=np.float32)
        self.band.eliminate_zeros()
        self.alone = classifier._softmax(sparse.hstack([tfidf(self.words, classifier.word_idf),
                                                        tfidf(self.chars, classifier.char_idf)]).tocsr())

    def window(self, rows: list[int] | None = None) -> np.ndarray:
        """The probabilities of each sentence with its neighbours: of every sentence, or of
        ``rows`` only (in that order)."""
        clf = self.classifier
        if not self.n or (rows is not None and not len(rows)):
            return np.zeros((0, len(clf.labels)), dtype=np.float32)
        band = self.band if rows is None else self.band[np.asarray(rows, dtype=np.int64)]
        return clf._softmax(sparse.hstack([tfidf(band @ self.words, clf.word_idf),
                                           tfidf(band @ self.chars, clf.char_idf)]).tocsr())
