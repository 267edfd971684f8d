"""The jobs this process knows: filled by the ``jobs`` modules of the installed apps."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], str | None]
    every: timedelta

    def __call__(self) -> str | None:
        return self.func()


_JOBS: dict[str, Job] = {}


def job(name: str, *, every: timedelta):
    """Register the decorated function as a periodic job (returns the function unchanged)."""
    if every < timedelta(seconds=1):
        raise ValueError(f"{name}: a job runs at most once a second")

    def register(func):
        known = _JOBS.get(name)
        if known is not None and known.func.__qualname__ != func.__qualname__:
            raise ValueError(f"periodic job {name!r} is declared twice")
        _JOBS[name] = Job(name, func, every)
        return func
    return register


def jobs() -> dict[str, Job]:
    return dict(sorted(_JOBS.items()))
