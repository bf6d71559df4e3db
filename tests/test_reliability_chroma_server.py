"""Chroma server mode against a real `chroma run`: answers, a clear error naming host:port when
the server dies (quickly, no hang), and recovery when it comes back on the same path and port."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, SEEDS, make_settings
from reliability_tools import free_port, start_chroma

BELAVIA = "when did the US lift Belavia sanctions?"


@pytest.fixture()
def chroma_server(tmp_path):
    path, log = tmp_path / "chroma-data", tmp_path / "chroma.log"
    path.mkdir()
    server = SimpleNamespace(port=free_port(), path=path, proc=None)

    def start():
        server.proc = start_chroma(path, server.port, log)

    def kill():
        server.proc.kill()
        server.proc.wait(30)

    server.start, server.kill = start, kill
    start()
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            kill()


def _cli_ask(tmp_path: Path, index: Path, port: int, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_INDEX_DIR=str(index), ASSISTANT_AUTO_INGEST="false", CHROMA_HOST="127.0.0.1",
               CHROMA_PORT=str(port), HF_HUB_OFFLINE="1", PYTHONPATH=str(ROOT))
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-m", "assistant", "ask", BELAVIA], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_server_mode_answers_fails_clearly_and_recovers(tmp_path, chroma_server, monkeypatch):
    from assistant import Assistant, store
    from assistant.store import StoreError

    monkeypatch.setattr(store, "CHROMA_TIMEOUT_S", 5.0)  # so that the hung-server case below is quick

    index = tmp_path / "index"
    where = f"127.0.0.1:{chroma_server.port}"
    a = Assistant(make_settings(index, auto_ingest=False, chroma_host="127.0.0.1", chroma_port=chroma_server.port))
    rep = a.ingest(SEEDS)
    assert len(rep.added) == 5 and not rep.skipped
    assert not (index / "chroma").exists()  # the vectors are on the server, not in the index folder
    assert a.store.collection.count() == a.store.counts()["chunks"]
    assert "September 2025" in a.ask(BELAVIA).answer

    # the server dies mid-session: the next question fails fast with the address
    chroma_server.kill()
    for _ in range(2):  # and again: a reconnect attempt must not hang either
        t0 = time.monotonic()
        with pytest.raises(StoreError) as err:
            a.ask(BELAVIA)
        assert time.monotonic() - t0 < 5, f"took {time.monotonic() - t0:.1f}s to fail"
        assert where in str(err.value), str(err.value)
    # the CLI says so and exits 1
    t0 = time.monotonic()
    out = _cli_ask(tmp_path, index, chroma_server.port)
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    assert where in " ".join(out.stderr.split()) and "Traceback" not in out.stderr, out.stderr
    # an ingest says so too, and leaves the catalog as it was
    before = a.store.counts()
    with pytest.raises(StoreError, match=where.replace(".", r"\.")):
        a.ingest(SEEDS)
    assert a.store.counts() == before

    # back on the same path and port: the same Assistant answers again
    chroma_server.start()
    assert "September 2025" in a.ask(BELAVIA).answer
    assert a.store.collection.count() == a.store.counts()["chunks"]
    assert len(a.ingest(SEEDS).unchanged) == 5
    out = _cli_ask(tmp_path, index, chroma_server.port)
    assert out.returncode == 0 and "September 2025" in out.stdout, (out.stdout, out.stderr)

    # a server that accepts connections but does not answer (stopped): an error after the
    # timeout, not a hang; answers again once it resumes
    os.kill(chroma_server.proc.pid, signal.SIGSTOP)
    try:
        for _ in range(2):
            t0 = time.monotonic()
            with pytest.raises(StoreError) as err:
                a.ask(BELAVIA)
            assert time.monotonic() - t0 < 15, f"took {time.monotonic() - t0:.1f}s to fail"
            assert where in str(err.value), str(err.value)
    finally:
        os.kill(chroma_server.proc.pid, signal.SIGCONT)
    assert "September 2025" in a.ask(BELAVIA).answer
