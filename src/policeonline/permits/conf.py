"""Permit limits (Django settings override them; documented in ADR 0020)."""

from django.conf import settings


def days_ahead() -> int:
    """Permits can be had for today and this many days after it."""
    return getattr(settings, "PERMIT_DAYS_AHEAD", 6)


def facts_max_age_hours() -> int:
    """The registry's facts older than this are asked for again before a permit is issued."""
    return getattr(settings, "PERMIT_FACTS_MAX_AGE_HOURS", 24)
