#!/usr/bin/env bash
# Set up (if needed), index seeds/, answer the canonical question on the command line, then serve
# the browser chat on http://127.0.0.1:7860 (Ctrl-C stops it). `--no-ui` stops after the answer.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/assistant ] || bash scripts/setup.sh
.venv/bin/assistant ingest
.venv/bin/assistant ask "when did the US lift Belavia sanctions?"
if [ "${1:-}" != "--no-ui" ]; then
  echo "Serving the chat on http://127.0.0.1:7860 (Ctrl-C to stop)" >&2
  exec .venv/bin/assistant ui
fi
