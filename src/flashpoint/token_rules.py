"""The packaged model's attribute rules (tag -> POS and morphology, a few word
exceptions) applied by lookup instead of spaCy's token Matcher.

``AttributeRuler`` runs a Matcher over every token for its 179 patterns, then sets
the attributes match by match: about an eighth of the model's time. Its patterns
are one- or two-token tests of TAG, LOWER, DEP and IS_SPACE, so which patterns
match a token depends only on those four values (and, for the two-token ones, on
its neighbour's): that answer is memoised, and the same attributes are set in the
same order (pattern order, later patterns win). Token attributes are read and written
as arrays (``Doc.to_array``, ``Doc.from_array``), not through a ``Token`` object each; a
word that no pattern names is read as any other such word, so the memo stays small.

The model's rule lemmatizer goes the same way (``Lemmas``): a lemma depends only on the
word, its POS and its morphology, so each such triple is lemmatised once, by spaCy's own
lemmatizer, and lemmas are written as an array.
The result is the same Doc (tests/test_token_rules.py compares the two).
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

_FEATURES = ("TAG", "LOWER", "DEP", "IS_SPACE")
_READ = [TAG, LOWER, DEP, IS_SPACE]           # the features, as Doc.to_array reads them
_WRITTEN = [LEMMA, POS, TAG, DEP, MORPH]      # what the model's rules set
_OTHER_WORD = "\x00"                          # stands for every word no pattern names


def _test(spec, value) -> bool:
    """One pattern predicate, as the Matcher reads it."""
    if not isinstance(spec, dict):
        return value == spec
    for op, arg in spec.items():
        if op == "IN" and value not in arg:
            return False
        if op == "NOT_IN" and value in arg:
            return False
        if op == "REGEX" and not re.search(arg, value):
            return False
        if op not in ("IN", "NOT_IN", "REGEX"):
            raise ValueError(f"unsupported attribute-rule operator {op}")
    return True


def _matches(token_pattern: dict, features: tuple) -> bool:
    return all(_test(spec, features[_FEATURES.index(attr)]) for attr, spec in token_pattern.items())


class TokenRules:
    """Drop-in for the model's ``attribute_ruler``: ``TokenRules(nlp.get_pipe("attribute_ruler"))``."""

    def __init__(self, ruler):
        self.single: list[tuple[int, dict, dict]] = []            # (order, token test, attrs)
        self.double: list[tuple[int, list[dict], int, dict]] = []  # (order, two token tests, target, attrs)
        for order, (p, attrs) in enumerate(zip(ruler.patterns, ruler.attrs)):   # attrs as the ruler normalised them
            if set(attrs) - set(_WRITTEN):
                raise ValueError(f"unsupported attribute-rule attributes {attrs}")
            for tokens in p["patterns"]:
                if any(set(tok) - set(_FEATURES) for tok in tokens) or len(tokens) not in (1, 2):
                    raise ValueError(f"unsupported attribute-rule pattern {tokens}")
                if len(tokens) == 1:
                    self.single.append((order, tokens[0], attrs))
                else:
                    self.double.append((order, tokens, p["index"] % 2, attrs))
        # the words the patterns name; any other word (unless a REGEX takes it) is _OTHER_WORD
        self._named: set[str] = set()
        self._word_tests: list[str] = []
        for tokens in [t for _, t, _ in self.single] + [t for _, ts, _, _ in self.double for t in ts]:
            spec = tokens.get("LOWER")
            if isinstance(spec, str):
                self._named.add(spec)
            elif isinstance(spec, dict):
                for op, arg in spec.items():
                    if op == "IN":
                        self._named.update(arg)
                    elif op == "REGEX":
                        self._word_tests.append(arg)
                    else:
                        raise ValueError(f"unsupported attribute-rule operator on LOWER: {op}")
        if any(re.search(rx, _OTHER_WORD) for rx in self._word_tests):
            raise ValueError("an attribute rule's REGEX matches the placeholder word")
        self._words: dict[int, int] = {}                            # LOWER hash -> the hash the memo is keyed by
        self._memo: dict[tuple, tuple[tuple, list, list]] = {}      # key -> (features, singles, doubles)

    def _word(self, lower: int, strings) -> int:
        key = self._words.get(lower)
        if key is None:
            if len(self._words) > 200_000:
                self._words.clear()
            text = strings[lower]
            named = text in self._named or any(re.search(rx, text) for rx in self._word_tests)
            key = self._words[lower] = lower if named else 0
        return key

    def _hits(self, row: list[int], strings) -> tuple[tuple, list[tuple[int, dict]], list, list]:
        """(the token's features, the one-token rules that match, the two-token rules whose
        first token matches, what the one-token rules write: (column, value), the last rule's)."""
        tag, lower, dep, space = row
        key = (tag, self._word(lower, strings), dep, space)
        hits = self._memo.get(key)
        if hits is None:
            features = (strings[tag] if tag else "", strings[key[1]] if key[1] else _OTHER_WORD,
                        strings[dep] if dep else "", bool(space))
            single = [(o, attrs) for o, test, attrs in self.single if _matches(test, features)]
            hits = self._memo[key] = (features, single, [d for d in self.double if _matches(d[1][0], features)],
                                      _writes(single))
        return hits

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        hits = [self._hits(row, strings) for row in doc.to_array(_READ).tolist()]
        writes = [w for _, _, _, w in hits]
        for i, (_, single, doubles, _) in enumerate(hits):
            for order, (_, second), target, attrs in doubles:
                if i + 1 < len(doc) and _matches(second, hits[i + 1][0]):
                    j = i + target
                    rules = sorted(hits[j][1] + [(order, attrs)], key=lambda x: x[0])
                    hits[j] = (hits[j][0], rules, hits[j][2], hits[j][3])
                    writes[j] = _writes(rules)
        values = doc.to_array(_WRITTEN).tolist()
        for row, write in zip(values, writes):
            for j, value in write:
                row[j] = value
        doc.from_array(_WRITTEN, np.array(values, dtype=np.uint64))
        return doc


def _writes(rules: list[tuple[int, dict]]) -> list[tuple[int, int]]:
    """The (column of ``_WRITTEN``, value) pairs that rules applied in order leave behind."""
    final: dict[int, int] = {}
    for _, attrs in rules:
        for attr, value in attrs.items():
            final[_WRITTEN.index(attr)] = value
    return list(final.items())


class Lemmas:
    """Drop-in for the model's ``lemmatizer`` (not in ``overwrite`` mode): a token with no
    lemma yet gets the one spaCy's lemmatizer gives its (word, POS, morphology)."""

    def __init__(self, lemmatizer):
        if lemmatizer.overwrite:
            raise ValueError("Lemmas keeps lemmas already set; the lemmatizer overwrites them")
        self.lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma == 0:
                key = (orth, pos, morph)
                lemma = self._memo.get(key, 0)
                if not lemma:
                    if len(self._memo) > 200_000:
                        self._memo.clear()
                    lemma = self._memo[key] = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(lemma)
        doc.from_array([LEMMA], np.array(lemmas, dtype=np.uint64))
        return doc


@Language.factory("fp_token_rules", assigns=["token.pos", "token.morph", "token.lemma"])
def make_token_rules(nlp: Language, name: str):
    """Built from the ``attribute_ruler`` already in ``nlp`` (see ``use_token_rules``)."""
    return TokenRules(nlp.get_pipe("attribute_ruler"))


@Language.factory("fp_lemmas", assigns=["token.lemma"])
def make_lemmas(nlp: Language, name: str):
    """Built from the ``lemmatizer`` already in ``nlp`` (see ``use_token_rules``)."""
    return Lemmas(nlp.get_pipe("lemmatizer"))


def use_token_rules(nlp: Language) -> None:
    """Put ``TokenRules`` in the model's ``attribute_ruler``'s place and ``Lemmas`` in its
    ``lemmatizer``'s."""
    if "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("fp_token_rules", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names and not nlp.get_pipe("lemmatizer").overwrite:
        nlp.add_pipe("fp_lemmas", after="lemmatizer")
        nlp.remove_pipe("lemmatizer")
