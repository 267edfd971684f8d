from .base import Suite

DEFAULT_SUITE = "ed25519-sha256"
_suites: dict[str, Suite] = {}


def register(cls: type[Suite]) -> type[Suite]:
    _suites[cls.name] = cls()
    return cls


def get_suite(name: str = DEFAULT_SUITE) -> Suite:
    try:
        return _suites[name]
    except KeyError:
        raise LookupError(f"crypto suite {name!r} is not installed") from None


def known_suites() -> set[str]:
    return set(_suites)
