"""One zone's end of the boundary: its name, keyring, transport and limits.

Production code uses ``default_endpoint()`` (from settings). Tests build two endpoints in one
process to run both ends of a stream against each other.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .keys import Keyring
from .transports.base import Transport
from .types import peer_of


@dataclass
class Endpoint:
    zone: str
    keyring: Keyring
    transport: Transport | None = field(default=None, repr=False)
    max_bytes: int = 2 * 1024 * 1024
    resend_after: float = 5.0
    gap_alert_after: float = 60.0
    last_checks: float = field(default=0.0, repr=False)  # monotonic time of the idle checks

    @property
    def peer(self) -> str:
        return peer_of(self.zone)

    def get_transport(self) -> Transport:
        if self.transport is None:
            from .transports.registry import configured_transport

            self.transport = configured_transport()
        return self.transport


_default: Endpoint | None = None


def default_endpoint() -> Endpoint:
    global _default
    if _default is None or _default.zone != settings.ZONE:
        _default = Endpoint(
            zone=settings.ZONE, keyring=Keyring(Path(settings.EXCHANGE_KEY_DIR), settings.ZONE),
            max_bytes=settings.EXCHANGE_MAX_ENVELOPE_BYTES,
            resend_after=settings.EXCHANGE_RESEND_AFTER_SECONDS,
            gap_alert_after=settings.EXCHANGE_GAP_ALERT_SECONDS)
    return _default


def reset_default_endpoint() -> None:
    global _default
    _default = None
