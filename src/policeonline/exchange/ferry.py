"""The ferry: carries envelope files between the zones' spool directories, as the isolation
gear (网闸) does in production. It understands nothing of what it carries.

    python -m policeonline.exchange.ferry --root var/exchange/spool

For fault tests it can misbehave on purpose, each with a probability per file:
``--drop`` (lose it), ``--duplicate`` (deliver 2–5 copies), ``--reorder`` (leave it for a
later pass, so later files overtake it), ``--delay`` (seconds before a file may cross) and
``--corrupt`` (flip one random bit). A file leaves its source only after its copy is durable,
so killing the ferry can duplicate a file but never lose one (unless told to drop).
"""

import argparse
import os
import random
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .transports.contrib.spool import durable_write_batch, ready_files

ROUTES = (("internet-outgoing", "intranet-incoming"), ("intranet-outgoing", "internet-incoming"))


@dataclass
class Faults:
    drop: float = 0.0
    duplicate: float = 0.0
    reorder: float = 0.0
    delay: float = 0.0
    corrupt: float = 0.0


class Ferry:
    def __init__(self, root: Path, faults: Faults | None = None, seed: int | None = None):
        self.root = Path(root)
        self.faults = faults or Faults()
        self.random = random.Random(seed)  # noqa: S311 - fault injection, not security
        self.carried = 0
        for source, target in ROUTES:
            (self.root / source).mkdir(parents=True, exist_ok=True)
            (self.root / target).mkdir(parents=True, exist_ok=True)

    def run_once(self, limit: int = 500) -> int:
        """One pass over both directions; returns how many files left their source."""
        moved = 0
        for source, target in ROUTES:
            writes, done = [], []
            for path in ready_files(self.root / source, limit):
                copies = self._copies(path)
                if copies is not None:
                    writes.extend(copies)
                    done.append(path)
            # All copies durable first (one group commit), then the sources go.
            durable_write_batch(self.root / target, writes)
            for path in done:
                path.unlink(missing_ok=True)
            moved += len(done)
        self.carried += moved
        return moved

    def _copies(self, path: Path) -> list[tuple[str, bytes]] | None:
        """What to deliver for this file ([] = drop it); None = leave it for a later pass."""
        faults, rnd = self.faults, self.random
        try:
            if faults.delay and time.time() - path.stat().st_mtime < faults.delay:
                return None
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        if faults.reorder and rnd.random() < faults.reorder:
            return None  # its successors overtake it
        if faults.drop and rnd.random() < faults.drop:
            return []
        copies = rnd.randint(2, 5) if faults.duplicate and rnd.random() < faults.duplicate else 1
        result = []
        for copy in range(copies):
            payload = data
            if faults.corrupt and data and rnd.random() < faults.corrupt:
                position = rnd.randrange(len(data) * 8)
                payload = bytearray(data)
                payload[position // 8] ^= 1 << (position % 8)
                payload = bytes(payload)
            result.append((path.name if copy == 0 else f"{path.name}.copy{copy}", payload))
        return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Carry envelope files between the zones.")
    parser.add_argument("--root", type=Path, default=Path(os.environ.get(
        "EXCHANGE_SPOOL_ROOT", "var/exchange/spool")))
    for name in ("drop", "duplicate", "reorder", "delay", "corrupt"):
        parser.add_argument(f"--{name}", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--interval", type=float, default=0.02, help="idle sleep in seconds")
    parser.add_argument("--once", action="store_true", help="carry what is there, then stop")
    args = parser.parse_args(argv)
    ferry = Ferry(args.root, Faults(args.drop, args.duplicate, args.reorder, args.delay,
                                    args.corrupt), seed=args.seed)
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping:
        moved = ferry.run_once()
        if args.once and not moved:
            break
        if not moved:
            time.sleep(args.interval)
    print(f"ferry: carried {ferry.carried} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
