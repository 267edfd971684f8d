"""What must never appear in public statistics: the demo people's names, ID numbers and phone
numbers, and the demo officers' names (shared by both zones' statistics tests)."""

from policeonline.demo.accounts import OFFICERS, SEED_APPLICANTS
from policeonline.registry.demo_people import DEMO_PEOPLE


def personal_strings() -> set[str]:
    found = set()
    for person in (*DEMO_PEOPLE, *SEED_APPLICANTS):
        found |= {person["name"], person["id_number"], person.get("phone") or person["name"]}
    found |= {family + given for _, family, given, *_ in OFFICERS}
    return found


def leaks(text: str, extra: set[str] = frozenset()) -> set[str]:
    return {s for s in personal_strings() | set(extra) if s and s in text}
