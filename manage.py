#!/usr/bin/env python3
"""Django's command-line utility. Choose the zone with DJANGO_SETTINGS_MODULE
(policeonline.settings.internet or policeonline.settings.intranet) or ZONE=internet|intranet."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    zone = os.environ.get("ZONE", "internet")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"policeonline.settings.{zone}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
