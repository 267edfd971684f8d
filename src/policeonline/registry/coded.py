"""Registry facts kept as codes inside stored text and labelled when read, so an information-
comparison line reads 张三 · 正常 in the Chinese back office and 张三 · Active in the English one.

A check stores ``张三 · [[person_status:active]]``; ``shown`` replaces each ``[[kind:code]]`` with
the label in the active language. Lines stored before codes were used hold the Chinese label
itself: a `` · ``/`` ``-separated part that is a known Chinese label is relabelled too, and
anything else is shown as stored."""

import re

from django.utils import translation

from .models import District, Driver, IdentityRecord, Offence, Person, Vehicle

CHOICES = {"person_status": Person.Status, "vehicle_status": Vehicle.Status,
           "driver_status": Driver.Status, "offence": Offence, "identity_record": IdentityRecord.Kind}
TOKEN = re.compile(r"\[\[([a-z_]+):([\w.-]+)\]\]")


def coded(kind: str, code: str) -> str:
    """The stored form of a registry code (``kind`` is a key of CHOICES, or ``district``)."""
    return f"[[{kind}:{code}]]"


def _label(kind: str, code: str) -> str:
    if kind == "district":
        district = District.objects.filter(code=code).first()
        return district.name if district else code
    choices = CHOICES.get(kind)
    if choices is None or code not in choices.values:
        return code
    return str(choices(code).label)


def _old_labels() -> dict[str, tuple[str, str]]:
    """Chinese label → (kind, code), for lines stored with the label itself."""
    found = {}
    with translation.override("zh-hans"):
        for kind, choices in CHOICES.items():
            for code in choices.values:
                found.setdefault(str(choices(code).label), (kind, code))
    return found


def shown(text: str) -> str:
    if not text:
        return text
    if TOKEN.search(text):
        return TOKEN.sub(lambda m: _label(m.group(1), m.group(2)), text)
    if (translation.get_language() or "zh-hans").startswith("zh"):
        return text
    old = _old_labels()
    parts = re.split(r"( · |; | )", text)
    return "".join(_label(*old[p]) if p in old else p for p in parts)
