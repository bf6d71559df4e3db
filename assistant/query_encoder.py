"""all-MiniLM-L6-v2 forward pass in NumPy, for single queries.

Loading torch, transformers and llama-index costs seconds; a query needs one forward pass of a
6-layer, 384-wide BERT, which NumPy does in milliseconds from the same safetensors weights. The
result equals the llama-index/sentence-transformers embedding (mean pooling, L2 norm) to float
precision (tests/test_embed.py checks it); ingest still embeds through llama-index.
"""
from __future__ import annotations

import json
import math
import threading
from functools import lru_cache

import numpy as np

from .embed import model_path

_lock = threading.Lock()


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


class QueryEncoder:
    def __init__(self):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = model_path()
        cfg = json.loads((path / "config.json").read_text())
        self.heads = cfg["num_attention_heads"]
        self.layers = cfg["num_hidden_layers"]
        self.eps = cfg.get("layer_norm_eps", 1e-12)
        self.w = load_file(str(path / "model.safetensors"))
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tok.enable_truncation(256)
        self.tok.no_padding()
        try:
            from scipy.special import erf  # exact GELU, vectorised
        except ImportError:  # pragma: no cover
            erf = np.vectorize(math.erf, otypes=[np.float32])
        self.erf = erf

    def encode(self, text: str) -> np.ndarray:
        return self.encode_batch([text])[0]

    def encode_batch(self, texts: list[str], max_tokens: int = 256) -> np.ndarray:
        """Padded batch forward pass; padding is masked out of attention and pooling."""
        if not texts:
            return np.zeros((0, self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        encs = self.tok.encode_batch(texts)
        lens = [min(len(e.ids), max_tokens) for e in encs]
        n, L = len(texts), max(lens)
        ids = np.zeros((n, L), dtype=np.int64)
        mask = np.zeros((n, L), dtype=np.float32)
        for i, e in enumerate(encs):
            ids[i, : lens[i]] = e.ids[: lens[i]]
            mask[i, : lens[i]] = 1.0
        w = self.w
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:L][None] \
            + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        d = x.shape[-1]
        hd = d // self.heads
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(name, h):
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def heads(h):
                return h.reshape(n, L, self.heads, hd).transpose(0, 2, 1, 3)

            q, k, v = heads(lin("attention.self.query", x)), heads(lin("attention.self.key", x)), heads(lin("attention.self.value", x))
            att = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, L, d)
            x = _layer_norm(lin("attention.output.dense", ctx) + x, w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"], self.eps)
            h = lin("intermediate.dense", x)
            h = 0.5 * h * (1.0 + self.erf(h / math.sqrt(2.0)))
            x = _layer_norm(lin("output.dense", h) + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        pooled /= np.linalg.norm(pooled, axis=1, keepdims=True) + 1e-12
        return pooled.astype(np.float32)


@lru_cache(maxsize=1)
def _encoder() -> QueryEncoder:
    return QueryEncoder()


def encode_query(text: str) -> np.ndarray:
    with _lock:
        enc = _encoder()
    return enc.encode(text)


def encode_sentences(texts: list[str]) -> np.ndarray:
    with _lock:
        enc = _encoder()
    # sorted by length so padding stays small; original order restored
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i in range(0, len(order), 32):
        idx = order[i:i + 32]
        out[idx] = enc.encode_batch([texts[j] for j in idx], max_tokens=128)
    return out
