"""Caches that live for one document: several stages ask about the same sentences.

A function decorated with ``per_document`` memoises its results until the
pipeline starts the next document (``new_document``). Unlike a process-wide
cache, it neither grows with the stream nor lets one document's text make the
next one look faster than it is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_CLEARERS: list[Callable[[], None]] = []
_MAX_ENTRIES = 1024  # a bound even for a document of many megabytes


def per_document(function: Callable[P, R]) -> Callable[P, R]:
    """Memoise ``function`` (hashable arguments) until the next ``new_document()``."""
    cached = lru_cache(maxsize=_MAX_ENTRIES)(function)
    _CLEARERS.append(cached.cache_clear)
    return cached  # type: ignore[return-value]


def on_new_document(clear: Callable[[], None]) -> None:
    """Call ``clear`` whenever a new document starts (for memos kept by objects)."""
    _CLEARERS.append(clear)


def new_document() -> None:
    """Forget everything memoised for the previous document."""
    for clear in _CLEARERS:
        clear()
