"""The embedded transport: one spool directory per direction, one file per envelope.

A zone writes to ``<root>/<zone>-outgoing`` and reads ``<root>/<zone>-incoming``; the ferry
(``python -m policeonline.exchange.ferry``) carries files between the two sides, as the
isolation gear does in production. A file appears under its final name only when complete:
written under a temporary name, fsynced, renamed, and the directory fsynced.
"""

import ctypes
import ctypes.util
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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


def durable_write_batch(directory: Path, items: list[tuple[str, bytes]]) -> None:
    """Group commit: write every file under a temporary name, make them all durable with one
    ``syncfs`` of the filesystem (falling back to one fsync per file), then rename them into
    place and fsync the folder once. Same guarantee as ``durable_write``, far fewer flushes."""
    if not items:
        return
    temps = []
    for name, data in items:
        tmp = directory / f"{TMP_PREFIX}{name}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
        try:
            os.write(fd, data)
            if not _HAS_SYNCFS:
                os.fsync(fd)
        finally:
            os.close(fd)
        temps.append((tmp, directory / name))
    if _HAS_SYNCFS:
        _syncfs(directory)
    for tmp, final in temps:
        os.replace(tmp, final)
    fsync_dir(directory)


def _load_syncfs():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.syncfs
    except (OSError, AttributeError):
        return None


_libc_syncfs = _load_syncfs()
_HAS_SYNCFS = _libc_syncfs is not None


def _syncfs(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        if _libc_syncfs(fd) != 0:
            raise OSError(ctypes.get_errno(), "syncfs failed")
    finally:
        os.close(fd)


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
        self._remover: ThreadPoolExecutor | None = None
        self._deleting: set[str] = set()

    def send(self, name: str, data: bytes) -> None:
        durable_write(self.outgoing, name, data)

    def send_batch(self, items: list[tuple[str, bytes]]) -> None:
        durable_write_batch(self.outgoing, items)

    def receive(self, limit: int = 100) -> Iterator[Received]:
        for path in ready_files(self.incoming, limit + len(self._deleting)):
            if path.name in self._deleting:
                continue  # processed, its deletion still queued
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue  # another receiver took it
            yield Received(path.name, data, _ack=lambda p=path: self._remove(p))

    def _remove(self, path: Path) -> None:
        # Deleting a delivered file is slow metadata work; a background thread does it while
        # the next batch is processed. A file not yet deleted when the process dies is simply
        # delivered again and dropped as a duplicate.
        if self._remover is None:
            self._remover = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spool-ack")
        self._deleting.add(path.name)

        def remove():
            path.unlink(missing_ok=True)
            self._deleting.discard(path.name)

        self._remover.submit(remove)

    def close(self) -> None:
        if self._remover is not None:
            self._remover.shutdown(wait=True)
            self._remover = None
