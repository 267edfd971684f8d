"""Fills the registries with a synthetic population, in batches, idempotently.

A ``Generation`` row records the seed and count. Running again with the same ones (and the same
generator version) changes nothing; different ones need ``replace=True``, which empties the
registries first. An interrupted run (no ``finished_at``) is emptied and started over. The
demo people are (re)created on every run.
"""

from django.db import connection, transaction
from django.utils import timezone

from policeonline.core.masking import mask_id_number, mask_phone
from policeonline.core.protected import encrypt, lookup_digest

from . import bulk, demo_people
from .demo import ensure_demo_people
from .districts import JINAN_DISTRICTS
from .models import CriminalRecord, District, Driver, Generation, Household, Person, Vehicle, WantedPerson
from .progress import Progress
from .synth.population import Synthesizer

VERSION = 1  # bump when the synthesizer's output changes, so old generations are redone
WIPE_ORDER = (WantedPerson, CriminalRecord, Driver, Vehicle, Person, Household, Generation)


class GenerationRefused(Exception):
    pass


def ensure_districts():
    for code, name_zh, name_en in JINAN_DISTRICTS:
        District.objects.update_or_create(code=code, defaults={"name_zh": name_zh, "name_en": name_en})


def wipe():
    """Empty the registries (not the districts). Plain DELETEs: the ORM's cascade collector
    would load millions of rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in WIPE_ORDER:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def generate(persons: int = 10_000, seed: int = 2026, *, replace: bool = False,
             batch_size: int = 20_000, progress_stream=None) -> tuple[Generation, bool]:
    """Generate ``persons`` synthetic persons (plus the demo people). Returns the generation
    and whether anything was generated."""
    ensure_districts()
    current = Generation.objects.order_by("-pk").first()
    if current and current.finished_at and (current.seed, current.persons, current.version) == (
            seed, persons, VERSION):
        ensure_demo_people()
        return current, False
    if current and current.finished_at and not replace:
        raise GenerationRefused(
            f"The registries hold another generation (seed {current.seed}, {current.persons:,} "
            f"persons, version {current.version}).")
    demo_digests = [lookup_digest("id", n) for n in demo_people.DEMO_ID_NUMBERS]
    if not current and Person.objects.exclude(id_digest__in=demo_digests).exists() and not replace:
        raise GenerationRefused("The registries hold persons that no generation created.")
    _tune_sqlite()
    progress = Progress(persons, stream=progress_stream)
    if current:
        progress.note(f"Emptying the registries (seed {current.seed}, {current.persons:,} persons)…")
    wipe()
    generation = Generation.objects.create(seed=seed, persons=persons, version=VERSION)
    ensure_demo_people()
    _fill(generation, persons, seed, batch_size, progress.restart())
    generation.finished_at = timezone.now()
    generation.save()
    return generation, True


def _tune_sqlite():
    """For this connection only: WAL with synchronous=NORMAL skips an fsync per commit (a
    power cut could lose the last batches, which an unfinished generation redoes anyway), and
    a larger page cache and memory-mapped reads keep the random inserts into the digest indexes
    cheap once they outgrow memory."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MB
            cursor.execute("PRAGMA mmap_size = 2147418112")  # reads without a syscall each


def _fill(generation: Generation, persons: int, seed: int, batch_size: int, progress: Progress):
    synth = Synthesizer(seed, reserved_ids=demo_people.DEMO_ID_NUMBERS,
                        reserved_plates=demo_people.RESERVED_PLATES)
    batch, size, done = [], 0, 0
    for unit in synth.units(persons):
        batch.append(unit)
        size += len(unit[1])
        if size >= batch_size:
            _write(batch, generation)
            done += size
            batch, size = [], 0
            progress.update(done)
    if batch:
        _write(batch, generation)
        progress.update(done + size)
    progress.finish()


PERSON = ("id_digest", "id_number", "id_masked", "name", "sex", "birth_date", "ethnicity",
          "household", "relation_to_head", "registered_elsewhere", "status", "photo_on_file",
          "phone", "phone_masked")
VEHICLE = ("plate", "plate_type", "vin", "owner_id_digest", "owner_id_masked", "owner_name",
           "brand", "model", "registered_on", "status")
HOLDER = ("id_digest", "id_masked", "name")
DRIVER = (*HOLDER, "file_number", "licence_classes", "first_issued", "valid_until", "points",
          "status")
RECORD = (*HOLDER, "kind", "decided_on", "court", "case_number", "sentence", "summary")
WANTED = (*HOLDER, "case_number", "offence", "issued_on", "issuing_unit", "active")
COLUMNS = {Person: PERSON, Vehicle: VEHICLE, Driver: DRIVER, CriminalRecord: RECORD,
           WantedPerson: WANTED}


@transaction.atomic
def _write(batch, generation: Generation):
    households = [Household(number=h.number, district_id=h.district, address=h.address,
                            kind=h.kind, created_on=h.created_on)
                  for h, _ in batch if h is not None]
    Household.objects.bulk_create(households)  # sets the primary keys the persons need
    rows = {model: [] for model in COLUMNS}
    homes = iter(households)
    day = connection.ops.adapt_datefield_value
    for record, members in batch:
        household_id = next(homes).pk if record is not None else None
        for p in members:
            _rows(p, household_id, rows, day)
    for model, values in rows.items():
        bulk.insert(model, COLUMNS[model], values)
    generation.households += len(households)
    generation.vehicles += len(rows[Vehicle])
    generation.drivers += len(rows[Driver])
    generation.criminal_records += len(rows[CriminalRecord])
    generation.wanted_persons += len(rows[WantedPerson])
    generation.save(update_fields=["households", "vehicles", "drivers", "criminal_records",
                                   "wanted_persons"])


def _rows(p, household_id, rows: dict, day):
    """One person's rows for every registry, in the column orders above."""
    digest, masked = lookup_digest("id", p.id_number), mask_id_number(p.id_number)
    rows[Person].append((
        digest, encrypt(p.id_number), masked, p.name, "M" if p.male else "F", day(p.born),
        p.ethnicity, household_id, p.relation, household_id is None, p.status, p.photo_on_file,
        encrypt(p.phone) if p.phone else "", mask_phone(p.phone) if p.phone else ""))
    for v in p.vehicles:
        rows[Vehicle].append((v.plate, v.plate_type, v.vin, digest, masked, p.name, v.brand, v.model,
                              day(v.registered_on), v.status))
    if d := p.driver:
        rows[Driver].append((digest, masked, p.name, d.file_number, d.licence_classes,
                             day(d.first_issued), day(d.valid_until), d.points, d.status))
    for c in p.convictions:
        rows[CriminalRecord].append((digest, masked, p.name, c.kind, day(c.decided_on), c.court,
                                     c.case_number, c.sentence, c.summary))
    if w := p.wanted:
        rows[WantedPerson].append((digest, masked, p.name, w.case_number, w.offence,
                                   day(w.issued_on), w.issuing_unit, w.active))
