#!/usr/bin/env python3
"""Translations: `compile` turns the .po files into .mo (pure Python, no gettext needed);
`check` fails when a marked string has no Chinese translation.

`check` extracts the strings afresh (Django's makemessages, which needs GNU gettext) in a
temporary copy of the source, so the working tree is never modified, and compares them with
the committed catalogue: every string must be there, translated, and not fuzzy.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "policeonline"
PO = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")


def compile_messages() -> int:
    for po_path in (PACKAGE / "locale").glob("*/LC_MESSAGES/*.po"):
        # Written aside and renamed: a test run in another process may be reading the old one.
        partial = po_path.with_suffix(f".mo.{os.getpid()}")
        polib.pofile(str(po_path)).save_as_mofile(str(partial))
        os.replace(partial, po_path.with_suffix(".mo"))
    return 0


def check() -> int:
    problems = []
    committed = polib.pofile(str(PO))
    problems += [f"untranslated: {e.msgid!r}" for e in committed.untranslated_entries()]
    problems += [f"fuzzy: {e.msgid!r}" for e in committed.fuzzy_entries()]
    for entry in committed.translated_entries():
        targets = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for target in targets:
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(target)):
                problems.append(f"placeholders differ: {entry.msgid!r} → {target!r}")

    if shutil.which("xgettext") is None:
        message = "i18n check: GNU gettext (xgettext) is not installed; extraction skipped"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            problems.append(message)
        else:
            print(message + " (install the Debian package 'gettext' to run it)")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "policeonline"
            shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
            # Import the copy, so LOCALE_PATHS (and every write) points inside it.
            env = dict(os.environ, PYTHONPATH=tmp,
                       DJANGO_SETTINGS_MODULE="policeonline.settings.internet")
            subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans",
                            "--no-location", "-v", "0"], cwd=copy, env=env, check=True)
            fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
            known = {(e.msgctxt, e.msgid) for e in committed}
            problems += [f"not in the catalogue (run `make messages`): {e.msgid!r}"
                         for e in fresh if (e.msgctxt, e.msgid) not in known]
    for problem in problems:
        print(f"i18n: {problem}")
    print(f"i18n check: {len(committed)} strings, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"compile": compile_messages, "check": check}[command]())
