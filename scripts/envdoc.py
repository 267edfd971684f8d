#!/usr/bin/env python3
"""Print docs/configuration.md from the settings code (every variable read through settings.env)."""

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def render() -> str:
    from policeonline.settings import env

    for zone in ("internet", "intranet"):
        importlib.import_module(f"policeonline.settings.{zone}")
    lines = ["# Configuration", "",
             "Generated from the settings code by `python scripts/envdoc.py > docs/configuration.md`;",
             "a test fails when it is out of date. Every variable is optional for the demo.", "",
             "| variable | meaning |", "| --- | --- |"]
    lines += [f"| `{name}` | {doc} |" for name, doc in sorted(env.DOCUMENTED.items())]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
