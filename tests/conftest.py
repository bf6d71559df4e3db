"""A small real index (real Chroma, the real bundled model, the raw seeds) built once per session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# tests never read the developer's .env or reach a configured LLM
for key in list(os.environ):
    if key.startswith("ASSISTANT_") or key in ("CHROMA_HOST", "CHROMA_PORT"):
        del os.environ[key]
os.environ["HF_HUB_OFFLINE"] = "1"


class EqualKeywords:
    """BM25 stand-in for the answer scorer: every term equally rare."""
    vocab: dict = {}

    @staticmethod
    def tokenize(texts):
        from assistant.store import KeywordIndex
        return KeywordIndex.tokenize(texts)

    def idf(self, token):
        return 1.0


def make_settings(index_dir: Path, **kw):
    from assistant.settings import Settings

    return Settings(_env_file=None, index_dir=index_dir, corpus_dir=kw.pop("corpus_dir", SEEDS), **kw)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    from assistant import Assistant

    d = tmp_path_factory.mktemp("seed-index")
    Assistant(make_settings(d))  # ingests seeds/ because the index is empty
    return d


@pytest.fixture(scope="session")
def assistant(seed_index):
    from assistant import Assistant

    return Assistant(make_settings(seed_index))


@pytest.fixture()
def corpus(tmp_path) -> Path:
    """A private copy of the seeds that a test may change."""
    d = tmp_path / "corpus"
    shutil.copytree(SEEDS, d, ignore=shutil.ignore_patterns("*.yaml", "*.yml"))
    shutil.copy(SEEDS / "metadata.yaml", d / "metadata.yaml")
    return d
