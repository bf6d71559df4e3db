"""The NumPy query encoder is the same model as llama-index's HuggingFaceEmbedding."""
import numpy as np


def test_numpy_query_encoder_matches_llama_index_embedding():
    from assistant.embed import Embedder
    from assistant.query_encoder import encode_query

    e = Embedder()
    for text in ("when did the US lift Belavia sanctions?", "Lukashenko " * 300, "¿Qué pasó? — naïve café"):
        ref = np.asarray(e.model.get_query_embedding(text), dtype=np.float32)
        got = encode_query(text)
        assert got.shape == (384,)
        assert float(got @ ref) > 0.9999
        assert np.abs(got - ref).max() < 1e-4


def test_chunks_fit_the_model_window():
    import datetime as dt

    from assistant.ingest.chunk import chunk_article, count_tokens
    from assistant.models import Article

    text = "\n\n".join(f"Paragraph {i} says the council met on Tuesday and agreed to spend {i} million dollars on roads, bridges and schools across the northern districts." for i in range(40))
    art = Article(id="x", path="x", text=text, title="A rather long headline about council spending " * 3, source="Example News", published=dt.date(2024, 1, 2))
    chunks = chunk_article(art, max_tokens=160, overlap_tokens=32)
    assert len(chunks) > 5
    for c in chunks:
        assert count_tokens([f"{c.header}\n{c.text}"])[0] <= 254
        assert text[c.start:c.end] == c.text
    # neighbouring chunks overlap by whole sentences and cover the text
    assert all(b.start <= a.end for a, b in zip(chunks, chunks[1:]))
    assert chunks[0].start == 0 and chunks[-1].end == len(text)


def test_bfloat16_ingest_embeddings_match_float32():
    """bfloat16 (the default where the CPU has it) halves ingest time; the vectors must stay the
    float32 model's, or the float32 query encoder would no longer find them."""
    import pytest

    from assistant.embed import Embedder

    texts = ["The US lifted sanctions on Belavia, the national airline of Belarus, a month later.",
             "Lukashenko freed more than 50 prisoners. " * 20, "¿Qué pasó? — naïve café"]
    full = Embedder(precision="float32").embed_texts(texts)
    half = Embedder(precision="bfloat16").embed_texts(texts)
    assert half.shape == full.shape == (3, 384)
    assert float(np.min(np.sum(full * half, axis=1))) > 0.999
    with pytest.raises(ValueError, match="float32"):
        Embedder(precision="fp8")
