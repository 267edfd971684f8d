"""Comparison rules for real-name verification (信息比对): declared name and ID number against
the population registry. Returns a reason code from ``messages.identity.REASONS``."""

from stdnum.cn import ric

from policeonline.registry.lookup import find_person
from policeonline.registry.models import Person


def compare_identity(name: str, id_number: str) -> str:
    person = find_person(id_number)
    if person is None:
        return "not_found"
    if person.name.strip() != name.strip():
        return "name_mismatch"
    if person.status != Person.Status.ACTIVE:
        return "record_inactive"
    # What the number itself says must agree with the record (guards against data errors).
    sex = "M" if int(id_number[16]) % 2 else "F"
    if ric.get_birth_date(id_number) != person.birth_date or sex != person.sex:
        return "record_mismatch"
    return "match"
