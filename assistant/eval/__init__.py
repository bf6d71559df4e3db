"""Scripted question-answering evaluation: `assistant eval [FILE]`.

    dataset.py  load and validate a dataset (seeds/qa.yaml format; other loaders can register)
    metrics.py  pure scoring functions (retrieval, answers, citations, refusals, dates, latency)
    runner.py   runs every item through the same `Assistant` users call
    report.py   terminal table, results JSON, Markdown report, comparison with a previous run
    judge.py    optional LLM judge (only when an LLM is configured)
"""
from .dataset import CATEGORIES, Dataset, DatasetError, EvalItem, Support, load_dataset, register_loader

__all__ = ["CATEGORIES", "Dataset", "DatasetError", "EvalItem", "Support", "load_dataset", "register_loader"]
