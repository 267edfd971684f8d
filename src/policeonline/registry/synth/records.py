"""The plain records the synthesizer produces and the writer turns into rows."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class VehicleRecord:
    plate: str
    plate_type: str
    vin: str
    brand: str
    model: str
    registered_on: date
    status: str


@dataclass(slots=True)
class DriverRecord:
    file_number: str
    licence_classes: str
    first_issued: date
    valid_until: date | None
    points: int
    status: str


@dataclass(slots=True)
class ConvictionRecord:
    kind: str
    decided_on: date
    court: str
    case_number: str
    sentence: str
    summary: str


@dataclass(slots=True)
class WantedRecord:
    case_number: str
    offence: str
    issued_on: date
    issuing_unit: str
    active: bool


@dataclass(slots=True)
class PersonRecord:
    id_number: str
    name: str
    male: bool
    born: date
    relation: str = ""
    ethnicity: str = "01"
    status: str = "active"
    photo_on_file: bool = True
    phone: str = ""
    vehicles: list[VehicleRecord] = field(default_factory=list)
    driver: DriverRecord | None = None
    convictions: list[ConvictionRecord] = field(default_factory=list)
    wanted: WantedRecord | None = None


@dataclass(slots=True)
class HouseholdRecord:
    number: str
    district: str
    address: str
    kind: str
    created_on: date
