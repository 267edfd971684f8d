"""Loading ``data/halls.yaml`` into a zone's database: check every entry, then write all at
once (one transaction). Idempotent: the same file leaves the table unchanged. Halls no longer
in the file are deactivated, never deleted (bookings and visits refer to them)."""

import re
from pathlib import Path
from typing import Literal

import yaml
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .models import WEEKDAYS, Hall

DATA_FILE = Path(__file__).resolve().parent / "data" / "halls.yaml"
SPAN = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$")


class HallsError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str = Field(min_length=1, max_length=100)
    en: str = Field(min_length=1, max_length=200)


class HallSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    name: Text
    address: Text
    phone: str = Field(default="", max_length=20)
    department: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    serves: list[str] = Field(min_length=1)
    slot_minutes: int = Field(ge=5, le=240)
    capacity: int = Field(ge=1, le=500)
    hours: dict[Literal["default", "mon", "tue", "wed", "thu", "fri", "sat", "sun"], list[str]]

    @field_validator("serves")
    @classmethod
    def _patterns(cls, value):
        for pattern in value:
            if not re.fullmatch(r"[A-Z]{2,4}-(\*|[0-9]{3})", pattern):
                raise ValueError(f"'{pattern}' is not an item code or 'PREFIX-*'")
        return value

    @field_validator("hours")
    @classmethod
    def _spans(cls, value):
        if "default" not in value:
            raise ValueError("'default' hours are required")
        for day, spans in value.items():
            previous = ""
            for span in spans:
                if not SPAN.match(span) or span[:5] >= span[6:]:
                    raise ValueError(f"{day}: '{span}' is not a window HH:MM-HH:MM")
                if span[:5] < previous:
                    raise ValueError(f"{day}: windows must be in order and not overlap")
                previous = span[6:]
        return value


class HallsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal[1]
    halls: list[HallSpec] = Field(min_length=1)


def read_halls(path: Path = DATA_FILE) -> HallsFile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        parsed = HallsFile.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise HallsError([f"{path.name}: {exc}"]) from None
    except ValidationError as exc:
        raise HallsError([f"{path.name}: {'.'.join(map(str, e['loc']))}: {e['msg']}"
                          for e in exc.errors()]) from None
    codes = [h.code for h in parsed.halls]
    if len(set(codes)) != len(codes):
        raise HallsError([f"{path.name}: a hall code is used twice"])
    return parsed


@transaction.atomic
def load_halls(path: Path = DATA_FILE) -> int:
    """Make the file the zone's list of halls; returns how many are active."""
    parsed = read_halls(path)
    for position, spec in enumerate(parsed.halls):
        Hall.objects.update_or_create(code=spec.code, defaults={
            "name_zh": spec.name.zh, "name_en": spec.name.en, "address_zh": spec.address.zh,
            "address_en": spec.address.en, "phone": spec.phone, "department_code": spec.department,
            "serves": spec.serves, "hours": {k: spec.hours[k] for k in ("default", *WEEKDAYS)
                                             if k in spec.hours},
            "slot_minutes": spec.slot_minutes, "capacity": spec.capacity, "position": position,
            "active": True})
    Hall.objects.exclude(code__in=[h.code for h in parsed.halls]).update(active=False)
    return len(parsed.halls)
