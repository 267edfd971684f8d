"""Reading settings from environment variables.

Every variable the project reads goes through these helpers and is listed in ``DOCUMENTED``
so that ``docs/configuration.md`` can be checked against the code (one source of truth).
"""

import os

DOCUMENTED: dict[str, str] = {}


def env(name: str, default: str = "", doc: str = "") -> str:
    DOCUMENTED[name] = doc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False, doc: str = "") -> bool:
    raw = env(name, "1" if default else "0", doc)
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, doc: str = "") -> int:
    return int(env(name, str(default), doc))


def env_list(name: str, default: str = "", doc: str = "") -> list[str]:
    return [part.strip() for part in env(name, default, doc).split(",") if part.strip()]
