"""A small OpenAI-compatible server for the tests (stdlib only, a background thread on 127.0.0.1).

    with FakeLLM() as llm:                     # llm.url == "http://127.0.0.1:PORT/v1"
        llm.script(Reply("In September 2025 [1]."))          # every request gets this reply
        llm.script(lambda req: Reply(f"echo {last_user(req)}"))   # computed from the request
        llm.script(Reply(status=500), Reply("ok [1]."))       # in turn; the last one repeats
        ...
        llm.requests                            # what it received: [{"method", "path", "headers", "json"}]

Implements POST /v1/chat/completions (SSE streaming with `choices[0].delta.content` chunks, a
final chunk with finish_reason, then `data: [DONE]`; or one JSON completion) and GET /v1/models.
A Reply can also fail: an HTTP status with an OpenAI-style error body, a delay before the reply
(`delay`) or between chunks (`chunk_delay`), and `fault`:
  "malformed"  - a chunk (or body) that is not valid JSON
  "truncated"  - some chunks, then the connection closes: no finish_reason, no [DONE]
  "garbage"    - a 200 reply that is not an event stream / not a completion at all
  "empty"      - a well-formed stream with no content
  "error_event"- an SSE chunk carrying {"error": {...}}
"""
from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Union


@dataclass
class Reply:
    text: str = "The articles don't say."
    status: int = 200
    delay: float = 0.0            # seconds before anything is sent
    chunk_delay: float = 0.0      # seconds between streamed chunks
    chunk_words: int = 2          # words per streamed chunk
    chunks: list[str] | None = None  # the exact streamed pieces (overrides text and chunk_words)
    fault: str | None = None      # malformed | truncated | garbage | empty | error_event
    finish_reason: str = "stop"
    headers: dict[str, str] = field(default_factory=dict)


Script = Union[Reply, str, Callable[[dict], Union[Reply, str]]]


def messages(req: dict) -> list[dict]:
    return (req.get("json") or {}).get("messages") or []


def system_text(req: dict) -> str:
    return "\n".join(str(m.get("content", "")) for m in messages(req) if m.get("role") == "system")


def last_user(req: dict) -> str:
    users = [m for m in messages(req) if m.get("role") == "user"]
    return str(users[-1].get("content", "")) if users else ""


def is_condense(req: dict) -> bool:
    """A request that rewrites a follow-up as a standalone question (not an answer request)."""
    return "standalone question" in system_text(req).lower()


def passage_numbers(req: dict) -> dict[int, str]:
    """Passage number -> its header line, as sent in the prompt."""
    return {int(m.group(1)): m.group(0) for m in re.finditer(r"^\[(\d+)\] (.*)$", last_user(req), re.M)}


def find_passage(req: dict, needle: str) -> int | None:
    """The number of the first passage whose header or fenced text contains `needle`."""
    text = last_user(req)
    for m in re.finditer(r"^\[(\d+)\] .*?</passage>", text, re.M | re.S):
        if needle in m.group(0):
            return int(m.group(1))
    return None


class FakeLLM:
    def __init__(self, model: str = "test"):
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self._script: list[Script] = [Reply()]
        self._lock = threading.Lock()
        self._stop = threading.Event()
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> "FakeLLM":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "FakeLLM":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- scripting ---------------------------------------------------------------------------
    def script(self, *replies: Script) -> None:
        """Replies for the next requests, in turn; the last one repeats. Clears recorded requests."""
        with self._lock:
            self._script = list(replies) or [Reply()]
            self.requests.clear()

    def chat_requests(self) -> list[dict]:
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]

    def _next(self, req: dict) -> Reply:
        with self._lock:
            self.requests.append(req)
            item = self._script.pop(0) if len(self._script) > 1 else self._script[0]
        if callable(item) and not isinstance(item, Reply):
            item = item(req)
        return Reply(item) if isinstance(item, str) else item

    def _sleep(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; False if it is."""
        return not self._stop.wait(seconds) if seconds > 0 else not self._stop.is_set()


def free_port() -> int:
    """A port nothing listens on (for "server down")."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler(BaseHTTPRequestHandler):
    server_fake: FakeLLM
    protocol_version = "HTTP/1.0"  # one request per connection; the body ends when the connection closes

    def log_message(self, *args) -> None:  # quiet
        pass

    # -- helpers -----------------------------------------------------------------------------
    def _send_json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _chunk(self, content: str | None, finish: str | None = None, role: bool = False) -> dict:
        delta: dict[str, Any] = {}
        if role:
            delta["role"] = "assistant"
        if content is not None:
            delta["content"] = content
        return {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": self.server_fake.model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    def _event(self, data: str) -> None:
        self.wfile.write(f"data: {data}\n\n".encode())
        self.wfile.flush()

    # -- routes ------------------------------------------------------------------------------
    def do_GET(self) -> None:
        fake = self.server_fake
        if self.path.rstrip("/").endswith("/models"):
            with fake._lock:
                fake.requests.append({"method": "GET", "path": self.path, "headers": dict(self.headers), "json": None})
            self._send_json(200, {"object": "list", "data": [{"id": fake.model, "object": "model", "created": 0, "owned_by": "fake"}]})
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:
        fake = self.server_fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = None
        req = {"method": "POST", "path": self.path, "headers": dict(self.headers), "json": body}
        if not self.path.rstrip("/").endswith("/chat/completions"):
            with fake._lock:
                fake.requests.append(req)
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        reply = fake._next(req)
        try:
            if not fake._sleep(reply.delay):
                return
            if reply.status != 200:
                kind = "rate_limit_exceeded" if reply.status == 429 else "server_error"
                self._send_json(reply.status, {"error": {"message": f"fake {reply.status}", "type": kind, "code": kind}},
                                {"Retry-After": "0", **reply.headers})
                return
            if body is None:
                self._send_json(400, {"error": {"message": "request body is not JSON", "type": "invalid_request_error"}})
                return
            if body.get("stream"):
                self._stream(reply)
            else:
                self._complete(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def _complete(self, reply: Reply) -> None:
        if reply.fault == "garbage":
            data = b"<html><body>502 Bad Gateway</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if reply.fault in ("malformed", "truncated"):
            data = b'{"id": "chatcmpl-fake", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Sep'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)
            return
        content = "" if reply.fault == "empty" else ("".join(reply.chunks) if reply.chunks is not None else reply.text)
        self._send_json(200, {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": self.server_fake.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": reply.finish_reason}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })

    def _stream(self, reply: Reply) -> None:
        fake = self.server_fake
        self.send_response(200)
        if reply.fault == "garbage":
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>502 Bad Gateway</body></html>\n" * 3)
            return
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        words = re.findall(r"\S+\s*", "" if reply.fault == "empty" else reply.text)
        pieces = ["".join(words[i:i + reply.chunk_words]) for i in range(0, len(words), max(1, reply.chunk_words))]
        if reply.chunks is not None and reply.fault != "empty":
            pieces = list(reply.chunks)
        self._event(json.dumps(self._chunk("", role=True)))
        for i, piece in enumerate(pieces):
            if i and not fake._sleep(reply.chunk_delay):
                return
            if reply.fault == "malformed" and i == len(pieces) // 2:
                self._event('{"id": "chatcmpl-fake", "choices": [{"index": 0, "delta": {"content": "Sep')
                return
            if reply.fault == "truncated" and i >= max(1, len(pieces) // 2):
                return  # connection closes: no finish_reason, no [DONE]
            if reply.fault == "error_event" and i == len(pieces) // 2:
                self._event(json.dumps({"error": {"message": "fake overload mid-stream", "type": "server_error"}}))
                return
            self._event(json.dumps(self._chunk(piece)))
        if reply.fault == "truncated":
            return
        self._event(json.dumps(self._chunk(None, finish=reply.finish_reason)))
        self._event("[DONE]")


if __name__ == "__main__":  # run by hand: python tests/llm_server.py
    with FakeLLM() as srv:
        srv.script(lambda req: Reply(f"You asked: {last_user(req)[-80:]} [1]"))
        print("listening on", srv.url)
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
