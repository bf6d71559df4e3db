"""The one settings object: environment variables and `.env`, nothing else reads os.environ."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", env_file_encoding="utf-8", extra="ignore",
        populate_by_name=True,
    )

    # where things live
    index_dir: Path = Field(PROJECT_DIR / "index", description="Folder of the persisted index")
    corpus_dir: Path = Field(PROJECT_DIR / "seeds", description="Articles ingested when the index is empty")
    auto_ingest: bool = Field(True, description="Ingest corpus_dir on first use if the index is empty")

    # Chroma server mode: set CHROMA_HOST to use `chroma run` instead of the embedded store
    chroma_host: str | None = Field(None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(8000, validation_alias="CHROMA_PORT")
    collection: str = Field("news", description="Chroma collection name")

    # chunking and embedding
    chunk_tokens: int = Field(160, description="Target word-pieces of article text per chunk")
    chunk_overlap_tokens: int = Field(32, description="Word-pieces repeated between neighbouring chunks")
    embed_batch_size: int = Field(64)
    embed_precision: str = Field("auto", description="Ingest embedding precision: auto (bfloat16 where the CPU computes it natively, "
                                                      "about 2x faster, cosine to float32 above 0.9999), float32 or bfloat16")
    max_file_mb: float = Field(20.0, description="Larger files are skipped")

    # retrieval and answering
    top_k: int = Field(6, description="Passages read by the answerer and shown as sources")
    candidates: int = Field(60, description="Candidates per retriever before fusion")
    dense_weight: float = Field(0.3, description="Weight of the dense (MiniLM) ranking in the fusion; tuned on realtimeqa-dev even ids")
    keyword_weight: float = Field(1.0)
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant: lower trusts the top ranks more")
    coverage_weight: float = Field(1.0, description="Boost for fused candidates by the share of the question's (idf-weighted) terms they hold (1.0 = up to 2x)")
    answer_type_weight: float = Field(0.8, description="Boost for passages holding an answer of the asked-for type (a country for 'which country'); 0 disables")
    recency_weight: float = Field(0.2, description="Largest boost of the recency prior (0.2 = up to 1.2x)")
    recency_days: float = Field(30.0, description="Half-life (days) of a prior favouring articles published shortly before the question date; 0 disables")

    # LLM (any OpenAI-compatible endpoint); without a base URL or key, answers are extractive
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = 30.0
    llm_retries: int = 2
    llm_temperature: float = 0.1
    llm_max_tokens: int = 400

    # UI
    ui_host: str = "127.0.0.1"
    ui_port: int = 7860
    ui_auth: str | None = Field(None, description="user:password to require a login")

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url or self.llm_api_key)

    @property
    def chroma_dir(self) -> Path:
        return self.index_dir / "chroma"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def configure_offline_env() -> None:
    """Keep third-party libraries from reaching for the network (and telemetry)."""
    import importlib.util

    # find llama-index's bundled tiktoken cache without importing llama-index (slow)
    spec = importlib.util.find_spec("llama_index.core")
    locations = list(spec.submodule_search_locations or []) if spec else []
    cache = Path(locations[0]) / "_static" / "tiktoken_cache" if locations else None
    defaults = {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    if cache is not None and cache.is_dir():
        defaults["TIKTOKEN_CACHE_DIR"] = str(cache)
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
