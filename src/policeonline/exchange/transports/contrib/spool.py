"""The embedded transport: one spool directory per direction, one file per envelope.

A zone writes to ``<root>/<zone>-outgoing`` and reads ``<root>/<zone>-incoming``; the ferry
(``python -m policeonline.exchange.ferry``) carries files between the two sides, as the
isolation gear does in production. A file appears under its final name only when complete:
written under a temporary name, fsynced, renamed, and the directory fsynced.
"""

import os
from collections.abc import Iterator
from pathlib import Path

from ..base import Received, Transport
from ..registry import register

TMP_PREFIX = ".tmp-"


def durable_write(directory: Path, name: str, data: bytes) -> Path:
    tmp = directory / f"{TMP_PREFIX}{name}"
    final = directory / name
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, final)
    fsync_dir(directory)
    return final


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ready_files(directory: Path, limit: int) -> list[Path]:
    """Complete files, oldest name first (names start with stream and sequence number)."""
    try:
        names = sorted(n for n in os.listdir(directory) if not n.startswith(TMP_PREFIX))
    except FileNotFoundError:
        return []
    return [directory / n for n in names[:limit]]


@register
class SpoolTransport(Transport):
    name = "spool"

    def __init__(self, zone: str, root: str, **options):
        super().__init__(zone, **options)
        self.outgoing = Path(root) / f"{zone}-outgoing"
        self.incoming = Path(root) / f"{zone}-incoming"
        self.outgoing.mkdir(parents=True, exist_ok=True)
        self.incoming.mkdir(parents=True, exist_ok=True)

    def send(self, name: str, data: bytes) -> None:
        durable_write(self.outgoing, name, data)

    def receive(self, limit: int = 100) -> Iterator[Received]:
        for path in ready_files(self.incoming, limit):
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue  # another receiver took it
            yield Received(path.name, data, _ack=lambda p=path: p.unlink(missing_ok=True))
