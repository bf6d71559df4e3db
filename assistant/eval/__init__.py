"""Scripted question-answering evaluation: `assistant eval [FILE]`.

    dataset.py  load and validate a dataset (seeds/qa.yaml format; other loaders can register)
    realtimeqa.py  a folder with articles/ + questions.jsonl (RealTimeQA-style): loader, answer matching, measures
    naive.py    the naive llama-index (and BM25) baselines run beside it with --baseline naive
    rtqa_report.py  its tables, results.json, report.md/.html, comparison
    metrics.py  pure scoring functions (retrieval, answers, citations, refusals, dates, latency)
    runner.py   runs every item through the same `Assistant` users call
    report.py   terminal table, results JSON, Markdown report, comparison with a previous run
    judge.py    optional LLM judge (only when an LLM is configured)
"""
from .dataset import CATEGORIES, Dataset, DatasetError, EvalItem, Support, load_dataset, register_loader
from . import realtimeqa as _realtimeqa  # noqa: E402,F401 - registers the RealTimeQA-style folder format

__all__ = ["CATEGORIES", "Dataset", "DatasetError", "EvalItem", "Support", "load_dataset", "register_loader"]
