"""``{% formspec_bind form values errors attachments as groups %}``: what the fields partial needs
per field (its value as the page shows it, its errors, the ids that tie help and errors to it)."""

import json
from dataclasses import dataclass, field

from django import template

register = template.Library()


@dataclass
class BoundField:
    field: object
    value: str = ""
    chosen: set = field(default_factory=set)
    district: str = ""
    detail: str = ""
    errors: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"f-{self.field.name}"

    @property
    def describedby(self) -> str:
        ids = []
        if self.field.help:
            ids.append(f"{self.id}-help")
        if self.errors:
            ids.append(f"{self.id}-error")
        return " ".join(ids)

    @property
    def when_values_json(self) -> str:
        return json.dumps(self.field.when_values, ensure_ascii=False)

    @property
    def checked(self) -> bool:
        return self.value == "true"


@dataclass
class BoundSlot:
    slot: object
    files: list
    errors: list

    @property
    def id(self) -> str:
        return f"upload-{self.slot.name}"

    @property
    def when_values_json(self) -> str:
        when = self.slot.when
        values = when["in"] if "in" in when else [when["equals"]]
        return json.dumps([str(v).lower() if isinstance(v, bool) else str(v) for v in values],
                          ensure_ascii=False)

    @property
    def describedby(self) -> str:
        ids = [f"{self.id}-help"] if len(self.slot.accept) < 3 else []
        ids += [f"{self.id}-current"] if self.files else []
        ids += [f"{self.id}-error"] if self.errors else []
        return " ".join(ids)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def bind(form, values, errors) -> list[tuple[str, list[BoundField]]]:
    values, errors = values or {}, errors or {}
    groups = []
    for title, fields in form.groups:
        bound = []
        for f in fields:
            value = values.get(f.name)
            b = BoundField(f, errors=[str(e) for e in errors.get(f.name, [])])
            if f.type == "address" and isinstance(value, dict):
                b.district, b.detail = _text(value.get("district")), _text(value.get("detail"))
            elif isinstance(value, list | tuple):
                b.chosen = {_text(v) for v in value}
            else:
                b.value = _text(value)
                b.chosen = {b.value} if b.value else set()
            bound.append(b)
        groups.append((title, bound))
    return groups


@register.simple_tag
def formspec_bind(form, values=None, errors=None):
    return bind(form, values, errors)


@register.simple_tag
def formspec_slots(form, attachments=None, errors=None):
    attachments, errors = attachments or {}, errors or {}
    return [BoundSlot(slot, list(attachments.get(slot.name) or []),
                      [str(e) for e in errors.get(f"upload-{slot.name}", [])])
            for slot in form.slots]
