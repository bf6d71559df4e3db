"""Ingestion stages: load → clean → dates → chunk, run incrementally by the pipeline."""
