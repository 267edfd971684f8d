"""What information comparison (信息比对) asks the registries. Every question is one indexed
lookup by the keyed digest of the normalised ID number (or by plate), so it stays fast at
millions of rows; an unknown or malformed number simply finds nothing.

Callers pass the ID number as typed; these functions never log or store it.
"""

from django.db.models import QuerySet

from .models import CriminalRecord, Driver, IdentityRecord, Person, Vehicle, WantedPerson, id_digest


def find_person(id_number: str) -> Person | None:
    """The population-registry entry for this ID number (with its household and district)."""
    # The encrypted columns are left out: comparison needs name, dates and status, and
    # decrypting costs more than the indexed lookup itself. Reading them loads them on demand.
    return (Person.objects.select_related("household__district").defer("id_number", "phone")
            .filter(id_digest=id_digest(id_number)).first())


def is_wanted(id_number: str) -> bool:
    """Is there an active wanted-person notice for this ID number?"""
    return WantedPerson.objects.filter(id_digest=id_digest(id_number), active=True).exists()


def has_criminal_record(id_number: str) -> bool:
    return CriminalRecord.objects.filter(id_digest=id_digest(id_number)).exists()


def criminal_records(id_number: str) -> QuerySet[CriminalRecord]:
    return CriminalRecord.objects.filter(id_digest=id_digest(id_number)).order_by("decided_on")


def identity_records(id_number: str) -> QuerySet[IdentityRecord]:
    """Bad-credit and identity-document records (骗领、伪造、冒用证件，失信) for this ID number."""
    return IdentityRecord.objects.filter(id_digest=id_digest(id_number)).order_by("recorded_on")


def vehicles_of(id_number: str) -> QuerySet[Vehicle]:
    """Vehicles registered to this ID number, scrapped ones included (check ``status``)."""
    return Vehicle.objects.filter(owner_id_digest=id_digest(id_number)).order_by("registered_on")


def find_vehicle(plate: str) -> Vehicle | None:
    return Vehicle.objects.filter(plate=(plate or "").strip().upper()).first()


def driver(id_number: str) -> Driver | None:
    """The driving licence held by this ID number, whatever its status."""
    return Driver.objects.filter(id_digest=id_digest(id_number)).first()
