#!/usr/bin/env bash
# Run the test suite (offline: real Chroma, the bundled model, local fake LLM server, headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m pytest -q "$@"
