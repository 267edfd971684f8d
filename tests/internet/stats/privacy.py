"""What must never appear in public statistics: the demo people's names, ID numbers and phone
numbers, and the demo officers' names (shared by both zones' statistics tests)."""

import importlib.util
from pathlib import Path

import policeonline
from policeonline.demo.accounts import OFFICERS, SEED_APPLICANTS


def _registry_demo_people() -> list[dict]:
    """The registry's fixed demo people, read from their plain-constants file without importing
    the intranet's ``registry`` package (the portal's test process must never load it)."""
    path = Path(policeonline.__file__).parent / "registry" / "demo_people.py"
    spec = importlib.util.spec_from_file_location("_pso_test_demo_people", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DEMO_PEOPLE


DEMO_PEOPLE = _registry_demo_people()


def personal_strings() -> set[str]:
    found = set()
    for person in (*DEMO_PEOPLE, *SEED_APPLICANTS):
        found |= {person["name"], person["id_number"], person.get("phone") or person["name"]}
    found |= {family + given for _, family, given, *_ in OFFICERS}
    return found


def leaks(text: str, extra: set[str] = frozenset()) -> set[str]:
    return {s for s in personal_strings() | set(extra) if s and s in text}
