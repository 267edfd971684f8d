"""The transport plugin interface.

A transport hands opaque envelope bytes to the other zone and hands received bytes to the
inbox. It may lose, duplicate, reorder or corrupt them; the envelope and the inbox make the
outcome right. ``send`` must be durable when it returns (the outbox marks the row shipped
only then); a received item is acknowledged (deleted, acked) only after the inbox committed.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Received:
    """One delivery: its bytes, a name for logs, and how to tell the transport it is done."""

    name: str
    data: bytes
    _ack: Any = field(repr=False, default=None)

    def ack(self) -> None:
        if self._ack is not None:
            self._ack()


class Transport(ABC):
    name: str

    def __init__(self, zone: str, **options):
        self.zone = zone
        self.options = options

    @abstractmethod
    def send(self, name: str, data: bytes) -> None:
        """Durably hand one envelope to the transport; raise on failure."""

    def send_batch(self, items: list[tuple[str, bytes]]) -> None:
        """Durably hand several envelopes over; durable as a whole when it returns.
        Transports that can group their flushes override this."""
        for name, data in items:
            self.send(name, data)

    @abstractmethod
    def receive(self, limit: int = 100) -> Iterator[Received]:
        """Yield up to ``limit`` deliveries waiting for this zone, oldest first where known."""

    def close(self) -> None:  # noqa: B027  (optional hook)
        """Release connections."""
