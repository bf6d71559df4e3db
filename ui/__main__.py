"""`python -m ui [--host H] [--port P]`: serve the chat on settings.ui_host:ui_port (127.0.0.1:7860)."""
from __future__ import annotations

import argparse


def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ui", description="Serve the news assistant chat in the browser (local only).")
    parser.add_argument("--host", default=None, help="interface to listen on (default: ASSISTANT_UI_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default: ASSISTANT_UI_PORT or 7860)")
    args = parser.parse_args(argv)
    from .app import main

    main(host=args.host, port=args.port)


if __name__ == "__main__":
    run()
