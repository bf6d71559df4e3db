#!/usr/bin/env bash
# Run the test suite (offline: real Chroma, the bundled model, a local fake LLM server, headless
# Chromium), then gate on answer quality: the scripted seed Q&A set must stay above its floors.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest -q "$@"
export ASSISTANT_INDEX_DIR="${ASSISTANT_EVAL_INDEX_DIR:-$(mktemp -d)}"
exec .venv/bin/assistant eval --min-hit 0.9 --min-correct 0.62 --min-refusal-recall 0.5 --max-wrong-refusals 5
