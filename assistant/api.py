"""The one facade the CLI, the UI, the evaluation and the REPL share."""
from __future__ import annotations

import datetime as dt
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .models import Answer, Passage
from .settings import Settings, configure_offline_env, get_settings

MAX_QUESTION_CHARS = 2000
PRONOUN = re.compile(r"\b(he|she|him|her|his|hers|they|them|their|it|its|this|that|these|those|there|then|the same)\b", re.I)


@dataclass(frozen=True)
class Reset:
    """An `ask_stream` event: withdraw the text streamed so far. Sent when the LLM fails after part
    of its answer was streamed; what follows (the offline answer, then the final Answer with
    `notice`) replaces the withdrawn text instead of continuing it."""

    notice: str


def _as_date(as_of) -> dt.date | None:
    if as_of is None or as_of == "":
        return None
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(str(as_of)[:10])
    except ValueError:
        raise ValueError(f"as_of must be a date like 2025-12-31, not {as_of!r}") from None


class Assistant:
    """Ask questions about a folder of news articles.

    >>> a = Assistant()                      # settings from env/.env; ingests seeds/ if the index is empty
    >>> a.ask("when did the US lift Belavia sanctions?")
    """

    def __init__(self, settings: Settings | None = None, **overrides):
        configure_offline_env()
        base = settings or get_settings()
        self.settings = type(base)(**{**base.model_dump(), **overrides}) if overrides else base
        from .embed import Embedder
        from .store import Store

        self.store = Store(self.settings)
        self.embedder = Embedder(self.settings.embed_batch_size, self.settings.embed_precision)
        self._retriever = None
        self._llm = None
        self._init_lock = threading.Lock()
        if self.settings.auto_ingest and self.store.counts()["articles"] == 0 and Path(self.settings.corpus_dir).exists():
            self.ingest(self.settings.corpus_dir)

    def __repr__(self) -> str:
        c = self.store.counts()
        mode = f"LLM {self.settings.llm_model}" if self.settings.llm_enabled else "offline (extractive)"
        return f"<Assistant: {c['articles']} articles, {c['chunks']} passages in {self.settings.index_dir}; answers: {mode}>"

    # -- ingest ----------------------------------------------------------------------------
    def ingest(self, path: str | Path | None = None, progress=None):
        from .ingest.pipeline import ingest_path

        return ingest_path(Path(path or self.settings.corpus_dir), self.store, self.embedder, self.settings, progress)

    def articles(self) -> list[dict]:
        return self.store.articles()

    def stale_articles(self) -> int:
        """Articles indexed by an older version of the pipeline (or other chunk settings): still
        searchable, and processed again by the next `ingest` of their folder."""
        from .ingest.pipeline import pipeline_stamp

        return self.store.stale_articles(pipeline_stamp(self.settings))

    def remove_files(self, paths: list[str | Path]) -> list[str]:
        """Forget indexed files (the files themselves are left alone); an article goes too unless
        another file holds the same text. One keyword-index rebuild for all. Returns the chunk ids removed."""
        from .ingest.pipeline import IngestLock

        removed: list[str] = []
        with IngestLock(self.store.dir):
            for path in paths:
                removed += self.store.remove_file(str(Path(path).expanduser().resolve()))
            self.store.rebuild_keywords()
        return removed

    def delete(self, article_id: str) -> bool:
        removed = self.store.remove_article(article_id)
        self.store.rebuild_keywords()
        return bool(removed)

    # -- retrieve --------------------------------------------------------------------------
    @property
    def retriever(self):
        if self._retriever is None:
            from .retrieve import Retriever

            self._retriever = Retriever(self.store, self.embedder, self.settings)
        return self._retriever

    def retrieve(self, question: str, k: int | None = None, as_of=None, context: str = "") -> list[Passage]:
        from .answer.question import analyse

        day = _as_date(as_of)
        info = analyse(question, day)
        return self.retriever.retrieve(question, k=k, as_of=day, info=info, context=context)

    # -- answer ----------------------------------------------------------------------------
    @property
    def llm(self):
        if self._llm is None and self.settings.llm_enabled:
            from .answer.llm import LLMAnswerer

            self._llm = LLMAnswerer(self.settings)
        return self._llm

    def ask(self, question: str, as_of=None, k: int | None = None, mode: str | None = None,
            history: list[tuple[str, str]] | None = None, context: str = "") -> Answer:
        """Answer one question. `mode`: None (LLM when configured, else offline), "offline" or "llm"."""
        final = None
        for event in self.ask_stream(question, as_of=as_of, k=k, mode=mode, history=history, context=context):
            if isinstance(event, Answer):
                final = event
        return final

    def ask_stream(self, question: str, as_of=None, k: int | None = None, mode: str | None = None,
                   history: list[tuple[str, str]] | None = None, context: str = "") -> Iterator[str | Reset | Answer]:
        """Yield text deltas as the answer is produced, then the final Answer.

        If the LLM fails after some of its text was yielded, a `Reset` comes next: drop the text
        so far; the offline answer's text and the final Answer (with the notice) follow."""
        from .answer.extractive import Scorer, answer_extractive
        from .answer.question import truecase

        t0 = time.perf_counter()
        day = _as_date(as_of)
        q = (question or "").strip()
        use_llm = (mode or ("llm" if self.settings.llm_enabled else "offline")) == "llm"
        problem = _check_question(q)
        if problem:
            ans = Answer(question=q, answer=problem, refused=True, mode="llm" if use_llm else "extractive", as_of=day and day.isoformat())
            yield ans.answer
            yield ans
            return
        notice = None
        if use_llm and history and self.llm is not None:
            try:
                q_standalone = self.llm.condense(q, history)
            except Exception as e:  # noqa: BLE001
                q_standalone, notice = q, f"LLM unavailable ({_short(e)}); offline answer shown"
                use_llm = False
        else:
            q_standalone = q
        info = _analysed(q_standalone, day, context)
        passages = self.retriever.retrieve(q_standalone, k=k or self.settings.top_k, as_of=day, info=info, context=context)
        cased = truecase(q_standalone, [p.text for p in passages])
        if cased != q_standalone:  # "who is john coale?": the names, as the passages write them, are names
            info = _analysed(cased, day, context)
            passages = self.retriever.retrieve(cased, k=k or self.settings.top_k, as_of=day, info=info, context=context)
        t1 = time.perf_counter()
        if use_llm and self.llm is not None:
            streamed = False
            try:
                answer = None
                for piece in self.llm.stream(q_standalone, passages, day or dt.date.today()):
                    if isinstance(piece, Answer):
                        answer = piece
                    else:
                        streamed = streamed or bool(piece)
                        yield piece
                answer.question = q
            except Exception as e:  # noqa: BLE001 - the user gets the offline answer, not a stack trace
                notice = f"LLM unavailable ({_short(e)}); offline answer shown"
                answer = None
                if streamed:  # part of the LLM's answer is on screen: it is withdrawn, not continued
                    notice = f"LLM failed mid-answer ({_short(e)}); offline answer shown"
                    yield Reset(notice)
            if answer is not None:
                t2 = time.perf_counter()
                answer.as_of = day.isoformat() if day else None
                answer.timings_ms = {"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000}
                yield answer
                return
        elif use_llm and self.llm is None:
            notice = "no LLM configured (set ASSISTANT_LLM_BASE_URL or ASSISTANT_LLM_API_KEY); offline answer shown"
        text, citations, refused, derived = answer_extractive(info, passages, Scorer(self.store.keywords))
        t2 = time.perf_counter()
        ans = Answer(question=q, answer=text, refused=refused, mode="extractive", citations=citations,
                     timings_ms={"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000},
                     as_of=day.isoformat() if day else None, notice=notice, derived_dates=derived)
        yield ans.answer
        yield ans

    def chat(self, as_of=None) -> "Chat":
        return Chat(self, as_of=as_of)


class Chat:
    """A conversation: follow-up questions use the earlier turns."""

    def __init__(self, assistant: Assistant, as_of=None):
        self.assistant = assistant
        self.as_of = as_of
        self.turns: list[Answer] = []

    def _context(self, question: str) -> str:
        """Offline follow-ups: carry the previous turn's subject into retrieval."""
        if not self.turns:
            return ""
        from .answer.question import entities

        if entities(question) and not PRONOUN.search(question):
            return ""  # the question names its own subject
        prev = self.turns[-1]
        bits = entities(prev.question)
        if not prev.refused and prev.citations:
            # the previous answer's names too: "Who met Lukashenko?" → "Hale" → "What is his title?"
            bits += [e for e in entities(prev.citations[0].quote)[:4] if e not in bits]
        return " ".join(bits) if bits else prev.question

    def history(self) -> list[tuple[str, str]]:
        return [(t.question, t.answer) for t in self.turns]

    def ask(self, question: str, mode: str | None = None) -> Answer:
        ans = self.assistant.ask(question, as_of=self.as_of, mode=mode, history=self.history(), context=self._context(question))
        self.turns.append(ans)
        return ans

    def ask_stream(self, question: str, mode: str | None = None):
        final = None
        for ev in self.assistant.ask_stream(question, as_of=self.as_of, mode=mode, history=self.history(), context=self._context(question)):
            if isinstance(ev, Answer):
                final = ev
            yield ev
        if final is not None:
            self.turns.append(final)

    def reset(self) -> None:
        self.turns.clear()


def _check_question(q: str) -> str | None:
    if not q:
        return "Please type a question, for example: \"when did the US lift Belavia sanctions?\""
    if not re.search(r"[A-Za-z0-9\u00C0-\uFFFF]", q):
        return "That question has no words in it; please ask in words."
    if len(q) > MAX_QUESTION_CHARS:
        return f"That question is {len(q)} characters long; please keep it under {MAX_QUESTION_CHARS}."
    return None


def _analysed(question: str, day, context: str):
    from .answer.question import analyse, content_terms
    from .answer.question import entities as find_entities

    info = analyse(question, day)
    if context:  # an offline follow-up: the earlier subject counts as part of the question
        info.entities = list(dict.fromkeys(info.entities + find_entities(context)))
        info.terms = list(dict.fromkeys(info.terms + content_terms(context)))
    return info


def _short(e: Exception) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {msg[:120]}" if msg else type(e).__name__
