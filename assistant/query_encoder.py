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
        enc = self.tok.encode(text)
        ids = np.asarray(enc.ids, dtype=np.int64)
        w = self.w
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: len(ids)] \
            + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        n, d = x.shape
        hd = d // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(name, h):
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = lin("attention.self.query", x).reshape(n, self.heads, hd).transpose(1, 0, 2)
            k = lin("attention.self.key", x).reshape(n, self.heads, hd).transpose(1, 0, 2)
            v = lin("attention.self.value", x).reshape(n, self.heads, hd).transpose(1, 0, 2)
            att = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(1, 0, 2).reshape(n, d)
            x = _layer_norm(lin("attention.output.dense", ctx) + x, w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"], self.eps)
            h = lin("intermediate.dense", x)
            h = 0.5 * h * (1.0 + self.erf(h / math.sqrt(2.0)))
            x = _layer_norm(lin("output.dense", h) + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        v = x.mean(0)
        return (v / (np.linalg.norm(v) or 1.0)).astype(np.float32)


@lru_cache(maxsize=1)
def _encoder() -> QueryEncoder:
    return QueryEncoder()


def encode_query(text: str) -> np.ndarray:
    with _lock:
        enc = _encoder()
    return enc.encode(text)
