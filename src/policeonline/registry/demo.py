"""Creates the fixed demo people (demo_people.py) and their registry entries; idempotent."""

from django.db import transaction

from . import demo_people as demo
from .models import (
    CriminalRecord,
    Driver,
    Household,
    IdentityRecord,
    Person,
    Vehicle,
    WantedPerson,
    id_digest,
)


def _person(spec: dict) -> Person:
    household = None
    if spec["household"]:
        data = spec["household"]
        household, _ = Household.objects.update_or_create(
            number=data["number"],
            defaults={"district_id": data["district"], "address": data["address"],
                      "kind": Household.Kind.FAMILY, "created_on": data["created_on"]})
    person = Person.objects.filter(id_digest=id_digest(spec["id_number"])).first() or Person()
    person.set_identity(spec["id_number"])
    person.set_phone(spec["phone"])
    person.name, person.household = spec["name"], household
    person.relation_to_head = Person.Relation.HEAD if household else ""
    person.registered_elsewhere = household is None
    person.status, person.photo_on_file = Person.Status.ACTIVE, True
    person.full_clean(validate_unique=False)
    person.save()
    return person


def _holder(person: Person) -> dict:
    return {"id_digest": person.id_digest, "id_masked": person.id_masked, "name": person.name}


@transaction.atomic
def ensure_demo_people() -> list[Person]:
    people = [_person(spec) for spec in demo.DEMO_PEOPLE]
    zhang, _, wang, *_ = people
    Vehicle.objects.update_or_create(
        plate=demo.ZHANG_SAN_VEHICLE["plate"],
        defaults={**demo.ZHANG_SAN_VEHICLE, "owner_id_digest": zhang.id_digest,
                  "owner_id_masked": zhang.id_masked, "owner_name": zhang.name})
    Driver.objects.update_or_create(id_digest=zhang.id_digest,
                                    defaults={**demo.ZHANG_SAN_DRIVER, **_holder(zhang)})
    WantedPerson.objects.update_or_create(case_number=demo.WANG_WU_WANTED["case_number"],
                                          defaults={**demo.WANG_WU_WANTED, **_holder(wang)})
    CriminalRecord.objects.update_or_create(case_number=demo.WANG_WU_RECORD["case_number"],
                                            defaults={**demo.WANG_WU_RECORD, **_holder(wang)})
    IdentityRecord.objects.update_or_create(reference=demo.WANG_WU_IDENTITY_RECORD["reference"],
                                            defaults={**demo.WANG_WU_IDENTITY_RECORD, **_holder(wang)})
    return people
