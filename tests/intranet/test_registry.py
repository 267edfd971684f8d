"""The registries: the synthetic generator (valid, unique, deterministic, idempotent), the
fixed demo people, the lookups comparison will call, and personal data kept out of clear text."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from policeonline.core.validators import validate_id_number
from policeonline.demo import accounts as demo_accounts
from policeonline.registry import demo_people, lookup
from policeonline.registry.generation import GenerationRefused, generate, wipe
from policeonline.registry.models import (
    CriminalRecord,
    District,
    Driver,
    Generation,
    Household,
    Person,
    Vehicle,
    WantedPerson,
    birth_date_of,
    sex_of,
)
from policeonline.registry.plates import is_valid_plate
from policeonline.registry.synth.dates import age_on
from policeonline.registry.synth.population import Synthesizer
from policeonline.registry.vin import is_valid_vin

from .conftest import sign_in

pytestmark = pytest.mark.django_db
PERSONS = 300


def quiet_generate(persons=PERSONS, seed=2026, **options):
    return generate(persons, seed, progress_stream=io.StringIO(), **options)


@pytest.fixture
def registry():
    generation, created = quiet_generate()
    assert created
    return generation


def snapshot():
    return sorted((p.id_number, p.name, p.sex, p.birth_date, p.household.number if p.household else "",
                   p.relation_to_head, p.status, p.phone)
                  for p in Person.objects.select_related("household"))


def test_the_same_seed_gives_the_same_registry(registry):
    first = snapshot()
    plates = sorted(Vehicle.objects.values_list("plate", "vin", "owner_id_digest"))
    wipe()
    quiet_generate()
    assert snapshot() == first
    assert sorted(Vehicle.objects.values_list("plate", "vin", "owner_id_digest")) == plates
    wipe()
    quiet_generate(seed=7)
    assert snapshot() != first


def test_the_synthesizer_alone_is_deterministic():
    def people(seed):
        return [(p.id_number, p.name, [v.plate for v in p.vehicles])
                for _, members in Synthesizer(seed).units(500) for p in members]
    assert people(1) == people(1) != people(2)
    assert len(people(1)) == 500


def test_every_id_number_is_valid_unique_and_agrees_with_sex_and_birth_date(registry):
    persons = list(Person.objects.all())
    assert len(persons) == PERSONS + len(demo_people.DEMO_PEOPLE)
    for person in persons:
        assert validate_id_number(person.id_number) == person.id_number
        assert person.sex == sex_of(person.id_number)
        assert person.birth_date == birth_date_of(person.id_number)
        assert 1930 <= person.birth_date.year <= 2020
        person.full_clean(validate_unique=False)
    assert len({p.id_number for p in persons}) == len(persons)


def test_households_have_one_head_and_up_to_five_members(registry):
    for household in Household.objects.prefetch_related("members"):
        relations = Counter(m.relation_to_head for m in household.members.all())
        assert relations["head"] == 1
        assert 1 <= sum(relations.values()) <= 5
    elsewhere = Person.objects.filter(registered_elsewhere=True)
    assert not elsewhere.filter(household__isnull=False).exists()
    assert not Person.objects.filter(registered_elsewhere=False, household__isnull=True).exists()
    assert not elsewhere.filter(id_masked__startswith="37").exists()  # other provinces' codes


def test_plates_and_vins_are_unique_and_well_formed(registry):
    vehicles = list(Vehicle.objects.all())
    assert vehicles
    for vehicle in vehicles:
        assert is_valid_plate(vehicle.plate, vehicle.plate_type), vehicle.plate
        assert is_valid_vin(vehicle.vin), vehicle.vin
    assert len({v.plate for v in vehicles}) == len({v.vin for v in vehicles}) == len(vehicles)
    assert is_valid_plate("鲁AB1C23", "02") and is_valid_plate("鲁AD12345", "52")
    assert not is_valid_plate("鲁AIO123", "02") and not is_valid_plate("鲁ABCD12", "02")
    assert not is_valid_plate("鲁AD1234", "52") and not is_valid_plate("京A12345", "02")
    assert Driver.objects.filter(points__gt=12).count() == 0


def test_shares_are_realistic():
    persons = [p for _, members in Synthesizer(2026).units(20_000) for p in members]
    adults = [p for p in persons if age_on(p.born) >= 18 and p.status == "active"]
    elsewhere = sum(not p.relation for p in persons) / len(persons)
    assert 0.10 <= elsewhere <= 0.15
    assert 0.20 <= sum(bool(p.vehicles) for p in adults) / len(adults) <= 0.30
    assert 0.35 <= sum(bool(p.driver) for p in adults) / len(adults) <= 0.45
    assert 0.005 <= sum(bool(p.convictions) for p in persons) / len(persons) <= 0.02
    assert 0 < sum(bool(p.wanted) for p in persons) / len(persons) <= 0.003
    assert 0.75 <= len(adults) / len(persons) <= 0.92


def test_generation_is_idempotent(registry):
    counts = {m: m.objects.count() for m in (Person, Household, Vehicle, Driver, CriminalRecord,
                                             WantedPerson, Generation)}
    generation, created = quiet_generate()
    assert not created and generation.pk == registry.pk
    assert {m: m.objects.count() for m in counts} == counts
    out = io.StringIO()
    call_command("generate_registry", "--persons", str(PERSONS), stdout=out, stderr=io.StringIO())
    assert "nothing to do" in out.getvalue()
    assert {m: m.objects.count() for m in counts} == counts
    demo_households = sum(1 for p in demo_people.DEMO_PEOPLE if p["household"])
    assert registry.households == Household.objects.count() - demo_households


def test_another_generation_needs_replace(registry):
    with pytest.raises(GenerationRefused):
        quiet_generate(persons=50)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_registry", "--persons", "50", stdout=io.StringIO(),
                     stderr=io.StringIO())
    err = io.StringIO()
    call_command("generate_registry", "--persons", "50", "--replace", stdout=io.StringIO(), stderr=err)
    assert Person.objects.count() == 50 + len(demo_people.DEMO_PEOPLE)
    assert Generation.objects.get().persons == 50
    assert "persons 50/50 100.0 %" in err.getvalue()


def test_an_interrupted_generation_is_redone(registry):
    Generation.objects.update(finished_at=None)
    generation, created = quiet_generate()
    assert created and generation.finished_at
    assert Person.objects.count() == PERSONS + len(demo_people.DEMO_PEOPLE)


def test_the_demo_people_are_there_and_correct(registry):
    assert District.objects.count() == 12
    for spec in demo_people.DEMO_PEOPLE:
        assert validate_id_number(spec["id_number"]) == spec["id_number"]
        person = lookup.find_person(spec["id_number"])
        assert (person.name, person.sex, person.birth_date, person.phone) == (
            spec["name"], spec["sex"], spec["birth_date"], spec["phone"])
        assert person.status == Person.Status.ACTIVE
        if spec["household"]:
            assert person.household.number == spec["household"]["number"]
            assert person.household.district.code == spec["household"]["district"]
            assert not person.registered_elsewhere
        else:
            assert person.household is None and person.registered_elsewhere
    # The same people as the internet zone's demo accounts.
    assert demo_accounts.CITIZEN["id_number"] == demo_people.ZHANG_SAN["id_number"]
    assert demo_accounts.CITIZEN["phone"] == demo_people.ZHANG_SAN["phone"]
    assert demo_accounts.COMPANY["id_number"] == demo_people.LI_SI["id_number"]
    assert demo_accounts.COMPANY["name"] == demo_people.LI_SI["name"]


def test_lookups(registry):
    zhang = demo_people.ZHANG_SAN["id_number"]
    assert lookup.find_person(zhang.lower()).name == "张三"  # typed with a small x
    assert lookup.find_person(demo_people.NOT_REGISTERED_ID) is None
    assert lookup.find_person("not a number") is None
    assert lookup.find_person("") is None
    person = Person.objects.filter(household__isnull=False).exclude(
        id_digest__in=[lookup.id_digest(n) for n in demo_people.DEMO_ID_NUMBERS]).first()
    assert lookup.find_person(person.id_number).pk == person.pk
    assert [v.plate for v in lookup.vehicles_of(zhang)] == ["鲁A12345"]
    assert lookup.find_vehicle("鲁a12345").owner_name == "张三"
    assert lookup.find_vehicle("鲁A00000") is None
    assert lookup.driver(zhang).licence_classes == "C1"
    assert lookup.driver(demo_people.LI_SI["id_number"]) is None
    assert not lookup.vehicles_of(demo_people.NOT_REGISTERED_ID).exists()
    owner = Vehicle.objects.exclude(plate="鲁A12345").first()
    holder = Person.objects.get(id_digest=owner.owner_id_digest)
    assert owner in lookup.vehicles_of(holder.id_number)


def test_wanted_and_criminal_record_flags(registry):
    wang, zhang = demo_people.WANG_WU["id_number"], demo_people.ZHANG_SAN["id_number"]
    assert lookup.is_wanted(wang) and lookup.has_criminal_record(wang)
    assert not lookup.is_wanted(zhang) and not lookup.has_criminal_record(zhang)
    assert not lookup.is_wanted(demo_people.NOT_REGISTERED_ID)
    assert [r.kind for r in lookup.criminal_records(wang)] == ["theft"]
    notice = WantedPerson.objects.get(case_number=demo_people.WANG_WU_WANTED["case_number"])
    notice.active = False
    notice.save()
    assert not lookup.is_wanted(wang)
    record = CriminalRecord.objects.exclude(case_number=demo_people.WANG_WU_RECORD["case_number"]).first()
    assert lookup.has_criminal_record(Person.objects.get(id_digest=record.id_digest).id_number)


def test_no_id_or_phone_number_is_stored_in_clear(registry):
    numbers = [(p.id_number, p.phone) for p in Person.objects.all()]
    with connection.cursor() as cursor:
        dump = []
        for model in (Person, Vehicle, Driver, CriminalRecord, WantedPerson, Household):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            dump.extend("|".join(map(str, row)) for row in cursor.fetchall())
    text = "\n".join(dump)
    for id_number, phone in numbers:
        assert id_number not in text
        assert not phone or phone not in text
    assert "370102********106X" in text  # the masked copy is what is kept readable


def test_the_admin_shows_masked_numbers_only(client, admin_officer, registry):
    sign_in(client, admin_officer)
    zhang = demo_people.ZHANG_SAN
    page = client.get("/admin/registry/person/", {"status__exact": "active"}).content.decode()
    assert zhang["id_number"] not in page
    person = lookup.find_person(zhang["id_number"])
    detail = client.get(f"/admin/registry/person/{person.pk}/change/").content.decode()
    assert "张三" in detail and "370102********106X" in detail and "138****0001" in detail
    assert zhang["id_number"] not in detail and zhang["phone"] not in detail
    found = client.get("/admin/registry/vehicle/", {"q": "鲁A12345"}).content.decode()
    assert "370102********106X" in found and zhang["id_number"] not in found
    for url in ("driver", "criminalrecord", "wantedperson", "household", "district", "generation"):
        page = client.get(f"/admin/registry/{url}/")
        assert page.status_code == 200 and zhang["id_number"] not in page.content.decode()
