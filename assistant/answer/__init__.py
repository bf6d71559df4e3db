"""Answering: question analysis, the extractive (offline) and LLM answerers, citation checks."""
