"""Conversations kept across restarts: one SQLite file under the index folder.

A browser remembers only an opaque conversation id (in its localStorage, via gr.BrowserState);
the turns — each a full `Answer` with its citations, so the Sources panel can be redrawn — live
here. Nothing in this file is needed for the chat to work: if the database cannot be used, the
UI simply does not restore conversations.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import secrets
import sqlite3
import threading
import time
from pathlib import Path

from assistant.models import Answer, Citation, Passage, TimeRef

log = logging.getLogger(__name__)
MAX_TURNS = 100          # per conversation, the oldest are dropped
MAX_AGE_DAYS = 90        # conversations untouched this long are forgotten


def _pick(cls, d: dict) -> dict:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in (d or {}).items() if k in names}


def _timeref(d: dict) -> TimeRef:
    return TimeRef(**_pick(TimeRef, d))


def answer_to_dict(a: Answer) -> dict:
    return dataclasses.asdict(a)


def answer_from_dict(d: dict) -> Answer:
    cits = []
    for c in d.get("citations") or []:
        p = dict(c.get("passage") or {})
        p["times"] = [_timeref(t) for t in p.get("times") or []]
        cits.append(Citation(n=int(c["n"]), passage=Passage(**_pick(Passage, p)), quote=c.get("quote") or ""))
    fields = _pick(Answer, d)
    fields["citations"] = cits
    fields["derived_dates"] = [_timeref(t) for t in d.get("derived_dates") or []]
    return Answer(**fields)


class Conversations:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.execute("CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, updated REAL NOT NULL, turns TEXT NOT NULL)")
            db.execute("DELETE FROM conversations WHERE updated < ?", (time.time() - MAX_AGE_DAYS * 86400,))

    @contextlib.contextmanager
    def _db(self):
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # commit or roll back
                yield db
        finally:
            db.close()

    @staticmethod
    def new_id() -> str:
        return secrets.token_hex(16)

    def load(self, conv_id: str | None) -> list[Answer] | None:
        if not conv_id or not isinstance(conv_id, str):
            return None
        try:
            with self._lock, self._db() as db:
                row = db.execute("SELECT turns FROM conversations WHERE id=?", (conv_id,)).fetchone()
            if row is None:
                return None
            return [answer_from_dict(t) for t in json.loads(row[0])]
        except Exception:  # noqa: BLE001 - a damaged record just starts a new conversation
            log.warning("could not restore conversation %s", conv_id, exc_info=True)
            return None

    def save(self, conv_id: str, turns: list[Answer]) -> None:
        try:
            data = json.dumps([answer_to_dict(t) for t in turns[-MAX_TURNS:]], ensure_ascii=False)
            with self._lock, self._db() as db:
                db.execute("INSERT OR REPLACE INTO conversations VALUES(?,?,?)", (conv_id, time.time(), data))
        except Exception:  # noqa: BLE001
            log.warning("could not save conversation %s", conv_id, exc_info=True)

    def delete(self, conv_id: str | None) -> None:
        if not conv_id:
            return
        try:
            with self._lock, self._db() as db:
                db.execute("DELETE FROM conversations WHERE id=?", (conv_id,))
        except Exception:  # noqa: BLE001
            log.warning("could not delete conversation %s", conv_id, exc_info=True)


def browser_secret(index_dir: Path) -> str:
    """A per-index secret for gr.BrowserState, so a stored conversation id survives restarts."""
    path = Path(index_dir) / "ui_secret"
    try:
        if path.exists():
            s = path.read_text().strip()
            if len(s) >= 16:
                return s
        path.parent.mkdir(parents=True, exist_ok=True)
        s = secrets.token_hex(16)
        path.write_text(s)
        path.chmod(0o600)
        return s
    except OSError:
        return secrets.token_hex(16)
