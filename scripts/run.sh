#!/usr/bin/env bash
# Set up (if needed), index seeds/ and answer the canonical question; then `assistant ui` serves the chat.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/assistant ] || bash scripts/setup.sh
.venv/bin/assistant ingest
.venv/bin/assistant ask "${1:-when did the US lift Belavia sanctions?}"
