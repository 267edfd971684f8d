"""Strings are marked for translation only under names makemessages looks for.

xgettext finds a marked string by the name of the function called: ``gettext_noop("…")`` is
extracted, ``N_("…")`` after ``import gettext_noop as N_`` is not — the string then never
reaches the catalogue and shows in English in the Chinese back office (it happened to every
information-comparison line). ``_`` is the one alias xgettext knows.
"""

import ast
from pathlib import Path

import policeonline

SOURCE = Path(policeonline.__file__).parent
KNOWN_ALIASES = {None, "_"}


def test_no_translation_function_is_imported_under_a_name_makemessages_ignores():
    hidden = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                hidden += [f"{path.relative_to(SOURCE)}: {alias.name} as {alias.asname}"
                           for alias in node.names if alias.asname not in KNOWN_ALIASES]
    assert hidden == []
