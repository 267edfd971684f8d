"""Worked-out years kept in process memory (ADR 0014).

This process drops them as soon as the calendar tables change (signals, and again after the
commit). Other processes notice through ``CalendarRevision``: its counter is read at most once
every ``CHECK_SECONDS``, and a different value drops every cached year. A year being built while
the data changes is stored into the generation it started from, which is already discarded.
"""

import time
from collections.abc import Callable

from .models import CalendarRevision

CHECK_SECONDS = 5.0


class _Generation:
    __slots__ = ("checked_at", "revision", "years")

    def __init__(self, revision: int):
        self.revision = revision
        self.checked_at = time.monotonic()
        self.years: dict = {}


_generation: _Generation | None = None


def get(year: int, build: Callable):
    generation = _current()
    found = generation.years.get(year)
    if found is None:
        found = generation.years[year] = build(year)
    return found


def clear() -> None:
    """Forget every year; the next call re-reads the revision and rebuilds what it needs."""
    global _generation
    _generation = None


def _current() -> _Generation:
    global _generation
    generation = _generation
    now = time.monotonic()
    if generation is None or now - generation.checked_at >= CHECK_SECONDS:
        revision = CalendarRevision.current()
        if generation is None or revision != generation.revision:
            generation = _generation = _Generation(revision)
        else:
            generation.checked_at = now
    return generation
