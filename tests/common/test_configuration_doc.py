import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_configuration_doc_lists_every_environment_variable():
    generated = subprocess.run([sys.executable, str(ROOT / "scripts" / "envdoc.py")],
                               capture_output=True, text=True, check=True).stdout
    assert (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8") == generated, \
        "run `python scripts/envdoc.py > docs/configuration.md`"
