"""Progress of a long run on stderr: count, percentage, rate and time left."""

import sys
import time


class Progress:
    def __init__(self, total: int, label: str = "persons", stream=None, interval: float = 0.5):
        self.total, self.label = total, label
        self.stream = stream if stream is not None else sys.stderr
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        # Rewrite one line on a terminal; elsewhere (logs, CI) a line every few seconds.
        self.interval = interval if self.tty else max(interval, 5.0)
        self.started = self.shown = time.monotonic()
        self.done = 0

    def note(self, text: str):
        self.stream.write(text + "\n")
        self.stream.flush()

    def restart(self) -> "Progress":
        """Count the rate from now (after any slow preparation)."""
        self.started = self.shown = time.monotonic()
        return self

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        percent = 100 * self.done / self.total if self.total else 100
        return (f"{self.label} {self.done:,}/{self.total:,} {percent:5.1f} % · {rate:,.0f}/s · "
                f"ETA {int(left) // 60}:{int(left) % 60:02d}")

    def update(self, done: int):
        self.done = done
        now = time.monotonic()
        if now - self.shown >= self.interval:
            self.shown = now
            self._write()

    def finish(self):
        self._write()
        if self.tty:
            self.stream.write("\n")
        self.stream.flush()

    def _write(self):
        self.stream.write(("\r" if self.tty else "") + self.line() + ("" if self.tty else "\n"))
        self.stream.flush()
