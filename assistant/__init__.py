"""News question answering with numbered citations, offline by default.

    from assistant import Assistant
    Assistant().ask("when did the US lift Belavia sanctions?")
"""
from .models import Answer, Article, Citation, Passage

__all__ = ["Assistant", "Chat", "Reset", "Answer", "Article", "Citation", "Passage", "Settings"]


def __getattr__(name):  # heavy imports only when used
    if name in ("Assistant", "Chat", "Reset"):
        from . import api

        return getattr(api, name)
    if name == "Settings":
        from .settings import Settings

        return Settings
    raise AttributeError(name)
