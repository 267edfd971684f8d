"""The verifier runs without Django: importing it (and everything it checks with) loads no
Django module, so anyone can run ``python -m policeonline.transparency.verify`` on its own."""

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src"


def test_the_verifier_needs_no_django(tmp_path):
    code = ("import sys; from policeonline.transparency import verify, bundle, consistency, merkle; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,  # noqa: S603
                         env={"PYTHONPATH": str(SRC)}, cwd=tmp_path).stdout
    assert out.strip() == "[]"
    usage = subprocess.run([sys.executable, "-m", "policeonline.transparency.verify", "missing.json"],  # noqa: S603
                           capture_output=True, text=True, env={"PYTHONPATH": str(SRC)}, cwd=tmp_path)
    assert usage.returncode == 2 and "cannot read input" in usage.stderr
