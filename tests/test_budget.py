"""Per-article time budget and failure isolation: a runaway or a crash inside the spaCy
pipe costs that article alone (extraction_failed with a reason), never the batch."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from flashpoint.engines import local
from flashpoint.engines.budget import ArticleTimeout, article_budget, check_deadline
from flashpoint.records import Article, Rejected

needs_timer = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timer on this platform")


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


@needs_timer
def test_a_runaway_is_interrupted_at_the_deadline():
    start = time.monotonic()
    with pytest.raises(ArticleTimeout, match="time budget of 0.2 s"):
        with article_budget(0.2):
            _spin(30)
    assert time.monotonic() - start < 5
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0      # the timer is disarmed afterwards


def test_work_within_the_budget_is_untouched():
    with article_budget(5):
        _spin(0.01)
        check_deadline()
    with article_budget(0):          # no budget at all
        check_deadline()


def test_off_the_main_thread_the_deadline_is_cooperative():
    outcome: list[str] = []

    def work():
        try:
            with article_budget(0.1):
                for _ in range(1000):
                    _spin(0.01)
                    check_deadline()
            outcome.append("finished")
        except ArticleTimeout:
            outcome.append("stopped")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert outcome == ["stopped"]


@needs_timer
def test_a_timer_already_in_use_is_not_stolen():
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with article_budget(0.05):
            time.sleep(0.1)          # not interrupted: the outer timer is left alone
        time.sleep(0.5)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == [1]


# --- the engines' per-article isolation, with a stand-in pipeline ----------------

class FakeNLP:
    """Parses any text except those holding POISON (raises) or SLOW (spins)."""

    def __call__(self, text):
        if "POISON" in text:
            raise RuntimeError("tokenizer exploded")
        if "SLOW" in text:
            _spin(30)
        return f"doc:{text}"

    def pipe(self, texts, batch_size=32):
        for text in texts:
            yield self(text)


def _articles(*texts):
    return [Article(id=f"a{i}", text=t, source=f"in.jsonl:{i}") for i, t in enumerate(texts)]


@pytest.fixture
def fake_extraction(monkeypatch):
    import flashpoint.extract.mentions as mentions

    def extract(doc, article, lexicon, registry):
        if "LOOP" in article.text:
            _spin(30)
        if "BAD" in article.text:
            raise ValueError("odd article")
        return [doc]

    monkeypatch.setattr(mentions, "extract_mentions", extract)


@needs_timer
def test_each_failure_costs_its_article_alone(fake_extraction):
    articles = _articles("fine one", "POISON here", "fine two", "SLOW parse", "LOOP extract", "BAD extract", "fine three")
    start = time.monotonic()
    out = dict((a.id, found) for a, found in local.extract_articles(FakeNLP(), articles, None, None,
                                                                      batch_size=3, seconds=0.3))
    assert time.monotonic() - start < 10
    assert out["a0"] == ["doc:fine one"] and out["a2"] == ["doc:fine two"] and out["a6"] == ["doc:fine three"]
    for key, clue in (("a1", "tokenizer exploded"), ("a3", "time budget"), ("a4", "time budget"), ("a5", "odd article")):
        [rejected] = out[key]
        assert isinstance(rejected, Rejected) and rejected.reason == "extraction_failed", key
        assert clue in rejected.detail and rejected.source == f"in.jsonl:{key[1]}"


def test_the_real_pipeline_isolates_an_article_that_breaks_it(monkeypatch):
    from flashpoint.config import Settings
    from flashpoint.nlp import shared_pipeline
    from test_engines import ARTICLES

    real = shared_pipeline(Settings().spacy_model)

    class Breaking:
        def __call__(self, text):
            if "POISON" in text:
                raise MemoryError("simulated failure inside the pipe")
            return real(text)

        def pipe(self, texts, batch_size=32):
            for text in texts:
                yield self(text)

    import flashpoint.nlp

    monkeypatch.setattr(flashpoint.nlp, "shared_pipeline", lambda model: Breaking())
    poison = Article(id="poison", text="POISON " + ARTICLES[0].text, source="poison.txt")
    settings = Settings(batch_size=4)
    clean = [m for batch in local.map_articles(ARTICLES, settings) for m in batch]
    mixed = [m for batch in local.map_articles(ARTICLES[:2] + [poison] + ARTICLES[2:], settings) for m in batch]
    failed = [m for m in mixed if isinstance(m, Rejected)]
    assert [(r.source, r.reason) for r in failed] == [("poison.txt", "extraction_failed")]
    assert sorted(m.id for m in mixed if not isinstance(m, Rejected)) == sorted(m.id for m in clean)
