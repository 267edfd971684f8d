"""The authoritative registries that information comparison (信息比对) reads.

Each registry is its own table keyed, like the police's separate systems, by the holder's ID
number. The number itself is stored only in the population registry, encrypted; every table
carries the keyed digest ``lookup_digest("id", number)`` — the same one citizens' accounts use —
so a comparison is one indexed lookup, plus a masked copy for display.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.catalog.i18n import Bilingual
from policeonline.core.masking import mask_id_number, mask_phone
from policeonline.core.protected import EncryptedTextField, lookup_digest
from policeonline.core.validators import normalize_id_number


def id_digest(id_number: str) -> str:
    return lookup_digest("id", normalize_id_number(id_number))


def sex_of(id_number: str) -> str:
    """GB 11643: the 17th character is odd for men, even for women."""
    return "M" if int(id_number[16]) % 2 else "F"


def birth_date_of(id_number: str) -> date:
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


DIGEST = {"max_length": 64, "editable": False}


class District(Bilingual, models.Model):
    code = models.CharField(_("code"), max_length=6, primary_key=True,
                            help_text=_("GB/T 2260 administrative division code"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=30)
    name_en = models.CharField(_("name (English)"), max_length=60)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Household(models.Model):
    class Kind(models.TextChoices):
        FAMILY = "family", _("Family household")
        COLLECTIVE = "collective", _("Collective household")

    number = models.CharField(_("household number"), max_length=12, unique=True)
    district = models.ForeignKey(District, models.PROTECT, related_name="households",
                                 verbose_name=_("district"))
    address = models.CharField(_("address"), max_length=200)
    kind = models.CharField(_("household type"), max_length=10, choices=Kind.choices,
                            default=Kind.FAMILY)
    created_on = models.DateField(_("established on"))

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return self.number


class Person(models.Model):
    """One resident in the population registry (常住人口). People registered elsewhere in
    China (no Jinan household) are here too: off-site services need them."""

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DECEASED = "deceased", _("Deceased")
        EMIGRATED = "emigrated", _("Emigrated")
        CANCELLED = "cancelled", _("Registration cancelled")

    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        GRANDCHILD = "grandchild", _("Grandchild")
        MEMBER = "member", _("Member of a collective household")

    class Ethnicity(models.TextChoices):  # GB/T 3304 codes
        HAN = "01", _("Han")
        MONGOL = "02", _("Mongol")
        HUI = "03", _("Hui")
        ZHUANG = "08", _("Zhuang")
        KOREAN = "10", _("Korean")
        MANCHU = "11", _("Manchu")

    id_digest = models.CharField(unique=True, **DIGEST)
    id_number = EncryptedTextField(_("resident ID number"))
    id_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    name = models.CharField(_("name"), max_length=30)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity.choices,
                                 default=Ethnicity.HAN)
    household = models.ForeignKey(Household, models.PROTECT, null=True, blank=True,
                                  related_name="members", verbose_name=_("household"))
    relation_to_head = models.CharField(_("relation to the head"), max_length=10, blank=True,
                                        choices=Relation.choices)
    registered_elsewhere = models.BooleanField(
        _("registered elsewhere"), default=False,
        help_text=_("Household registration in another province; no Jinan household."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    photo_on_file = models.BooleanField(_("ID photo on file"), default=False)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    phone_masked = models.CharField(_("mobile number"), max_length=11, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(registered_elsewhere=True, household__isnull=False),
                name="registered_elsewhere_has_no_household"),
        ]

    def __str__(self):
        return f"{self.name} {self.id_masked}"

    def set_identity(self, id_number: str):
        """Set the ID number with its digest and masked copy; sex and birth date follow it."""
        self.id_number = normalize_id_number(id_number)
        self.id_digest = id_digest(self.id_number)
        self.id_masked = mask_id_number(self.id_number)
        self.sex = sex_of(self.id_number)
        self.birth_date = birth_date_of(self.id_number)

    def set_phone(self, phone: str):
        self.phone = phone
        self.phone_masked = mask_phone(phone) if phone else ""

    def clean(self):
        if self.id_number and (self.sex != sex_of(self.id_number)
                               or self.birth_date != birth_date_of(self.id_number)):
            raise ValidationError(_("Sex and date of birth must agree with the ID number."))


class Offence(models.TextChoices):
    THEFT = "theft", _("Theft")
    FRAUD = "fraud", _("Fraud")
    DANGEROUS_DRIVING = "dangerous_driving", _("Dangerous driving")
    INJURY = "injury", _("Intentional injury")
    AFFRAY = "affray", _("Picking quarrels and provoking trouble")
    DRUGS = "drugs", _("Drug trafficking")
    GAMBLING = "gambling", _("Running a gambling house")
    ROBBERY = "robbery", _("Robbery")
    TRAFFIC_ACCIDENT = "traffic_accident", _("Causing a traffic accident")
    EMBEZZLEMENT = "embezzlement", _("Embezzlement")


class Vehicle(models.Model):
    class PlateType(models.TextChoices):  # GA 24.7 codes
        LARGE = "01", _("Large vehicle")
        SMALL = "02", _("Small vehicle")
        NEW_ENERGY_LARGE = "51", _("Large new-energy vehicle")
        NEW_ENERGY_SMALL = "52", _("Small new-energy vehicle")

    class Status(models.TextChoices):
        NORMAL = "normal", _("Normal")
        MORTGAGED = "mortgaged", _("Mortgaged")
        SCRAPPED = "scrapped", _("Scrapped")
        STOLEN = "stolen", _("Reported stolen")

    plate = models.CharField(_("plate number"), max_length=10, unique=True)
    plate_type = models.CharField(_("plate type"), max_length=2, choices=PlateType.choices)
    vin = models.CharField(_("VIN"), max_length=17, unique=True)
    owner_id_digest = models.CharField(db_index=True, **DIGEST)
    owner_id_masked = models.CharField(_("owner's ID number"), max_length=18, editable=False)
    owner_name = models.CharField(_("owner"), max_length=30)
    brand = models.CharField(_("brand"), max_length=30)
    model = models.CharField(_("model"), max_length=30)
    registered_on = models.DateField(_("registered on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.NORMAL)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")

    def __str__(self):
        return self.plate


class Driver(models.Model):
    """A driving licence; in China its number is the holder's ID number."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")

    id_digest = models.CharField(unique=True, **DIGEST)
    id_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    name = models.CharField(_("name"), max_length=30)
    file_number = models.CharField(_("file number"), max_length=12, unique=True)
    licence_classes = models.CharField(_("licence classes"), max_length=12,
                                       help_text=_("e.g. C1, A2, C1D"))
    first_issued = models.DateField(_("first issued"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True,
                                   help_text=_("Empty: valid indefinitely."))
    points = models.PositiveSmallIntegerField(_("penalty points"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.VALID)

    class Meta:
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")
        constraints = [models.CheckConstraint(condition=models.Q(points__lte=12),
                                              name="driver_points_at_most_12")]

    def __str__(self):
        return f"{self.name} {self.licence_classes}"


class CriminalRecord(models.Model):
    id_digest = models.CharField(db_index=True, **DIGEST)
    id_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    name = models.CharField(_("name"), max_length=30)
    kind = models.CharField(_("offence"), max_length=20, choices=Offence.choices)
    decided_on = models.DateField(_("judgment date"))
    court = models.CharField(_("court"), max_length=60)
    case_number = models.CharField(_("case number"), max_length=40, unique=True)
    sentence = models.CharField(_("sentence"), max_length=60)
    summary = models.TextField(_("summary"))

    class Meta:
        verbose_name = _("criminal record")
        verbose_name_plural = _("criminal records")

    def __str__(self):
        return self.case_number


class WantedPerson(models.Model):
    id_digest = models.CharField(db_index=True, **DIGEST)
    id_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    name = models.CharField(_("name"), max_length=30)
    case_number = models.CharField(_("fugitive number"), max_length=20, unique=True)
    offence = models.CharField(_("offence"), max_length=20, choices=Offence.choices)
    issued_on = models.DateField(_("issued on"))
    issuing_unit = models.CharField(_("issuing unit"), max_length=60)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("wanted person")
        verbose_name_plural = _("wanted persons")

    def __str__(self):
        return f"{self.name} {self.case_number}"


class IdentityRecord(models.Model):
    """A bad-credit or identity-document record (不良信用 / 证件违法记录) held against a person:
    a card obtained by fraud, a forged or borrowed card, an identity used by someone else. The
    off-site ID card is refused to an applicant with one (``cases.comparison``)."""

    class Kind(models.TextChoices):
        FRAUDULENT_APPLICATION = "fraudulent_application", _("ID card obtained by fraud")
        FORGED_DOCUMENT = "forged_document", _("Forged or altered identity document")
        IMPERSONATION = "impersonation", _("Used another person's ID card")
        BAD_CREDIT = "bad_credit", _("Listed as a dishonest person subject to enforcement")

    id_digest = models.CharField(db_index=True, **DIGEST)
    id_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    name = models.CharField(_("name"), max_length=30)
    kind = models.CharField(_("record"), max_length=30, choices=Kind.choices)
    recorded_on = models.DateField(_("recorded on"))
    authority = models.CharField(_("recording authority"), max_length=60)
    reference = models.CharField(_("reference number"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("bad-credit or document record")
        verbose_name_plural = _("bad-credit or document records")

    def __str__(self):
        return self.reference


class Generation(models.Model):
    """What the synthetic generator put in the registries, so that a rerun can skip."""

    seed = models.BigIntegerField(_("seed"))
    persons = models.PositiveIntegerField(_("synthetic persons"))
    version = models.PositiveSmallIntegerField(_("generator version"))
    households = models.PositiveIntegerField(_("households"), default=0)
    vehicles = models.PositiveIntegerField(_("vehicles"), default=0)
    drivers = models.PositiveIntegerField(_("drivers"), default=0)
    criminal_records = models.PositiveIntegerField(_("criminal records"), default=0)
    wanted_persons = models.PositiveIntegerField(_("wanted persons"), default=0)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("generation")
        verbose_name_plural = _("generations")

    def __str__(self):
        return f"seed {self.seed}, {self.persons} persons"
