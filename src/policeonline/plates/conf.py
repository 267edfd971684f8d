"""The selection limits. Each is a Django setting with this default (override per deployment
in the zone's settings); the national rules leave the numbers to the bureau."""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    "PLATE_DISPLAY_SIZE": 5,        # random numbers shown per display (窗口50选1; online fewer)
    "PLATE_RANDOM_DISPLAYS": 3,     # displays per application
    "PLATE_COMPOSE_ATTEMPTS": 5,    # composed numbers tried per application
    "PLATE_HOLD_MINUTES": 10,       # a held number returns to the pool unless confirmed
    # 1: the steps' statements are prepared on their connection (ADR 0037); 0 behind a pooler
    # that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
    "PLATE_PREPARED_STATEMENTS": 1,
}


def get(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def hold_duration() -> timedelta:
    return timedelta(minutes=get("PLATE_HOLD_MINUTES"))
