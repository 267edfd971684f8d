"""Launch `python -m policeonline.demo` (both zones, both exchange workers, the ferry) for a test
module, on ports of its own and with a private POLICEONLINE_VAR_DIR, so modules can share a
session. Every module that uses it gets one demo, stopped with Ctrl-C when the module ends."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READY = "Press Ctrl-C to stop."  # the banner's last line: seeding is done
SHARED_PORTS = (18400, 18401)  # the session's shared demo (conftest.shared_demo); gateway: +2


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - our own localhost server
            return True
    except OSError:
        return False


@contextlib.contextmanager
def running_demo(var: Path, portal: int, back_office: int, *, seeded: bool = False, timeout: float = 600):
    """Yield the demo's process once both zones answer (and, with ``seeded``, once the demo
    applications have crossed and the banner is printed); stop it cleanly afterwards."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    env.update(POLICEONLINE_VAR_DIR=str(var), PYTHONPATH=str(ROOT / "src"))
    log_path = var / "demo.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "policeonline.demo", "--internet-port",  # noqa: S603
                                    str(portal), "--intranet-port", str(back_office)],
                                   env=env, stdout=log, stderr=subprocess.STDOUT)

        def ready() -> bool:
            if seeded and READY not in log_path.read_text(errors="replace"):
                return False
            return _up(f"http://127.0.0.1:{portal}/") and _up(f"http://127.0.0.1:{back_office}/")

        deadline = time.monotonic() + timeout
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
                    process.wait(timeout=30)
                pytest.fail("the demo did not start:\n" + log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
            status = process.wait(timeout=90)  # the demo gives each child 10 s
    assert status == 0, log_path.read_text(errors="replace")[-3000:]
    assert "Stopped." in log_path.read_text(errors="replace")
