"""The baselines `assistant eval DATASET_DIR --baseline naive` runs beside the project.

naive: what a newcomer wires up in half an hour with llama-index's defaults —

    docs = SimpleDirectoryReader(articles_dir).load_data()
    index = VectorStoreIndex.from_documents(docs, storage_context=StorageContext(ChromaVectorStore(...)),
                                            embed_model=HuggingFaceEmbedding(model_name=<all-MiniLM-L6-v2>))
    index.as_retriever(similarity_top_k=5).retrieve(question)

with llama-index's default SentenceSplitter (1,024 tokens, 200 overlap) and `Settings.llm = None`
(nothing reaches for OpenAI). It knows nothing of question dates. It is persisted in its own
Chroma folder (`<index_dir>/eval-naive-<dataset>-<hash>`), built once per corpus state
(file names, sizes, mtimes) and llama-index version.

bm25: bm25s (English stopwords, PyStemmer) over the same naive chunks, top 5.

Neither answers: their answer column is "–". llama-index, chromadb and bm25s are imported lazily.
"""
from __future__ import annotations

import contextlib
import io
import json
import shutil
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Sequence

from .dataset import Dataset, EvalItem
from .realtimeqa import _header_url, by_half, half, score_passages
from .runner import corpus_fingerprint, eval_index_dir

STAMP = "naive-fingerprint.json"
COLLECTION = "naive"
Status = Callable[[str], None]


def _version(pkg: str) -> str:
    try:
        return version(pkg)
    except PackageNotFoundError:
        return "?"


def naive_dir(settings, dataset: Dataset) -> Path:
    return eval_index_dir(settings, dataset, prefix="eval-naive")


class Naive:
    """The naive llama-index index over `dataset.corpus` (built or reopened), and BM25 over its chunks."""

    def __init__(self, dataset: Dataset, persist_dir: Path, fresh: bool = False, status: Status | None = None):
        from ..embed import model_path
        from ..settings import configure_offline_env

        configure_offline_env()
        import logging

        logging.getLogger("chromadb").setLevel(logging.ERROR)
        self.dataset = dataset
        self.dir = Path(persist_dir)
        say = status or (lambda msg: None)
        import chromadb
        from llama_index.core import Settings, SimpleDirectoryReader, StorageContext, VectorStoreIndex
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from llama_index.vector_stores.chroma import ChromaVectorStore

        with contextlib.redirect_stdout(io.StringIO()):  # "LLM is explicitly disabled. Using MockLLM."
            Settings.llm = None
        self.embed_model = HuggingFaceEmbedding(model_name=str(model_path()))
        stamp = {"corpus": corpus_fingerprint(dataset.corpus), "llama_index_core": _version("llama-index-core"),
                 "chromadb": _version("chromadb"), "model": Path(str(model_path())).name}
        stamp_file = self.dir / STAMP
        try:
            old = json.loads(stamp_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        self.rebuilt = fresh or old != stamp
        if self.rebuilt and self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(self.dir / "chroma"), settings=chromadb.Settings(anonymized_telemetry=False))
        collection = client.get_or_create_collection(COLLECTION)
        store = ChromaVectorStore(chroma_collection=collection)
        t0 = time.perf_counter()
        if self.rebuilt:
            say(f"building the naive llama-index baseline in {self.dir} (once per corpus; minutes)")
            docs = SimpleDirectoryReader(str(dataset.corpus)).load_data()
            self.index = VectorStoreIndex.from_documents(docs, storage_context=StorageContext.from_defaults(vector_store=store),
                                                         embed_model=self.embed_model)
            stamp_file.write_text(json.dumps(stamp), encoding="utf-8")
            self.documents = len(docs)
        else:
            self.index = VectorStoreIndex.from_vector_store(store, embed_model=self.embed_model)
            self.documents = None
        self.build_s = time.perf_counter() - t0
        self.collection = collection
        self.chunks = collection.count()
        self._bm25 = None
        self._urls: dict[str, str] = {}

    def url(self, file_path: str) -> str:
        if file_path not in self._urls:
            self._urls[file_path] = _header_url(Path(file_path)) if file_path else ""
        return self._urls[file_path]

    def retrieve(self, question: str, k: int = 5) -> list[dict]:
        nodes = self.index.as_retriever(similarity_top_k=k).retrieve(question)
        out = []
        for nw in nodes:
            meta = nw.node.metadata or {}
            path = meta.get("file_path") or ""
            out.append({"text": nw.node.get_content(), "file": meta.get("file_name") or Path(path).name, "url": self.url(path),
                        "score": float(nw.score or 0.0)})
        return out

    # -- BM25 over the same chunks -----------------------------------------------------------------
    def bm25(self):
        if self._bm25 is None:
            import bm25s
            import Stemmer

            got = self.collection.get(include=["documents", "metadatas"])
            order = sorted(range(len(got["ids"])), key=lambda i: got["ids"][i])
            self._texts = [got["documents"][i] or "" for i in order]
            self._metas = [got["metadatas"][i] or {} for i in order]
            self._stemmer = Stemmer.Stemmer("english")
            t0 = time.perf_counter()
            retriever = bm25s.BM25()
            retriever.index(bm25s.tokenize(self._texts, stopwords="en", stemmer=self._stemmer, show_progress=False),
                            show_progress=False)
            self.bm25_build_s = time.perf_counter() - t0
            self._bm25 = retriever
        return self._bm25

    def bm25_retrieve(self, question: str, k: int = 5) -> list[dict]:
        import bm25s

        retriever = self.bm25()
        if not self._texts:
            return []
        tokens = bm25s.tokenize([question], stopwords="en", stemmer=self._stemmer, show_progress=False)
        docs, scores = retriever.retrieve(tokens, k=min(k, len(self._texts)), show_progress=False)
        out = []
        for i, s in zip(docs[0], scores[0]):
            meta = self._metas[int(i)]
            path = meta.get("file_path") or ""
            out.append({"text": self._texts[int(i)], "file": meta.get("file_name") or Path(path).name, "url": self.url(path),
                        "score": float(s)})
        return out


def _row(item: EvalItem, ranked: list[dict], ms: float) -> dict:
    s = score_passages([p["text"] for p in ranked], [p["url"] for p in ranked], [p["file"] for p in ranked], item)
    gold, has = s.pop("_gold"), s.pop("_has")
    return {"id": item.id, "half": half(item.id), **s, "ans60": None, "refused": None, "retrieve_ms": round(ms, 2),
            "passages": [{"rank": i + 1, "file": p["file"], "url": p["url"], "score": round(p["score"], 6), "gold": gold[i],
                          "has_answer": has[i], "text": p["text"][:300]} for i, p in enumerate(ranked)]}


def run_baselines(dataset: Dataset, items: Sequence[EvalItem], persist_dir: Path, k: int = 5, bm25: bool = True,
                  fresh: bool = False, status: Status | None = None,
                  progress: Callable[[int, int, str], None] | None = None) -> dict:
    """{"naive": {...}, "bm25": {...}}: each with `summary` (all/even/odd), `rows` and `meta`."""
    naive = Naive(dataset, persist_dir, fresh=fresh, status=status)
    naive.retrieve("warm up", k=1)
    systems = {"naive": naive.retrieve}
    if bm25:
        naive.bm25()
        systems["bm25"] = naive.bm25_retrieve
    out = {}
    for name, fn in systems.items():
        rows = []
        for i, item in enumerate(items):
            if progress:
                progress(i, len(items), f"{name}: {item.id}")
            t0 = time.perf_counter()
            ranked = fn(item.question, k)
            rows.append(_row(item, ranked, (time.perf_counter() - t0) * 1000))
        meta = {"k": k, "chunks": naive.chunks, "persist_dir": str(naive.dir), "rebuilt": naive.rebuilt,
                "llama_index_core": _version("llama-index-core")}
        if name == "naive":
            meta.update({"recipe": "SimpleDirectoryReader + VectorStoreIndex.from_documents (default SentenceSplitter 1024/200), "
                                   "HuggingFaceEmbedding all-MiniLM-L6-v2, Chroma, as_retriever(similarity_top_k=k)",
                         "build_s": round(naive.build_s, 1), "documents": naive.documents})
        else:
            meta.update({"recipe": "bm25s (English stopwords, PyStemmer) over the naive chunks", "build_s": round(naive.bm25_build_s, 2),
                         "bm25s": _version("bm25s")})
        out[name] = {"meta": meta, "summary": by_half(rows), "rows": rows}
    if progress:
        progress(len(items), len(items), "done")
    return out
