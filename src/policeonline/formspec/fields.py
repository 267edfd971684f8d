"""Field types of application forms: a closed registry, one small class per type.

A field is built from its compiled declaration (plain JSON, see declaration.py). Each class knows
how to clean a submitted value (raising Django's ValidationError with a localised message), how
to describe the value in JSON Schema, how to show it to a reader, and a valid example value.
"""

import datetime
import re
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policeonline.catalog.i18n import current_suffix
from policeonline.core.districts import JINAN_DISTRICTS
from policeonline.core.validators import normalize_phone, validate_credit_code, validate_id_number

FIELD_TYPES: dict[str, type["Field"]] = {}

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_L = "A-HJ-NP-Z"  # letters used on plates: no I or O
# GA 36-2018: province + issuing-authority letter + either five characters with at most two
# letters (ordinary), D/F + a character + four digits (small new-energy), or five digits + D/F
# (large new-energy). The same shapes as registry/plates.py, for every province.
PLATE_PATTERN = (rf"^[{PROVINCES}][{_L}](?:(?=(?:[0-9]*[{_L}]){{0,2}}[0-9]*$)[0-9{_L}]{{5}}"
                 rf"|[DF][0-9{_L}][0-9]{{4}}|[0-9]{{5}}[DF])$")
PHONE_PATTERN = r"^1[3-9][0-9]{9}$"
ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9X]$"
CREDIT_CODE_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
VIN_PATTERN = r"^[0-9A-HJ-NPR-Z]{17}$"

_VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
               **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> str:
    """GB 16735 check digit (position 9) of a 17-character VIN."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    return "X" if total % 11 == 10 else str(total % 11)


def register(cls):
    FIELD_TYPES[cls.type] = cls
    return cls


def localise(text: dict | None) -> str:
    return text[current_suffix()] if text else ""


class Field:
    """One field of a form, built from its compiled declaration."""

    type: ClassVar[str]
    # Declaration keys this type accepts beyond the common ones (name, label, help, required,
    # when, semantic, prefill, readonly).
    allows: ClassVar[frozenset[str]] = frozenset()
    default_max_length: ClassVar[int | None] = None
    widget: ClassVar[str] = "input"          # input | textarea | radio | select | checkboxes
    input_type: ClassVar[str] = "text"        #   | checkbox | address
    inputmode: ClassVar[str] = ""
    autocomplete: ClassVar[str] = ""
    pattern: ClassVar[str | None] = None

    def __init__(self, spec: dict):
        self.spec = spec
        self.name: str = spec["name"]
        self.required: bool = spec.get("required", True)
        self.when: dict | None = spec.get("when")
        self.semantic: str | None = spec.get("semantic")
        self.prefill: str | None = spec.get("prefill")
        self.readonly: bool = spec.get("readonly", False)
        self.group: int = spec.get("group", 0)
        self.max_length: int | None = spec.get("max_length") or self.default_max_length

    @classmethod
    def check_declaration(cls, spec: dict) -> None:
        """Raise ValueError when the declaration makes no sense for this type."""

    @property
    def label(self) -> str:
        return localise(self.spec["label"])

    @property
    def help(self) -> str:
        return localise(self.spec.get("help"))

    @property
    def options(self) -> list[tuple[str, str]]:
        return [(o["value"], localise(o["label"])) for o in self.spec.get("options", [])]

    @property
    def when_values(self) -> list[str]:
        """The controlling field's values that show this field, as strings (for the page)."""
        if not self.when:
            return []
        values = self.when["in"] if "in" in self.when else [self.when["equals"]]
        return [str(v).lower() if isinstance(v, bool) else str(v) for v in values]

    def is_empty(self, value) -> bool:
        return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})

    def clean(self, value):
        """Return the cleaned, JSON-serialisable value or raise ValidationError."""
        if not isinstance(value, str):
            raise ValidationError(_("Enter text."))
        value = value.strip()
        if self.max_length and len(value) > self.max_length:
            raise ValidationError(_("At most %(n)d characters, please; this has %(m)d.")
                                  % {"n": self.max_length, "m": len(value)})
        return value

    def value_schema(self) -> dict:
        schema = {"type": "string", "minLength": 1, "maxLength": self.max_length or 100}
        if self.pattern:
            schema["pattern"] = self.pattern
        return schema

    def display(self, value) -> str:
        return str(value)

    def semantic_text(self, value) -> str:
        """The value for information comparison (信息比对)."""
        return str(value)

    def example(self, identity: dict):
        return "示例"


@register
class TextField(Field):
    type = "text"
    allows = frozenset({"max_length"})
    default_max_length = 100

    def example(self, identity):
        return localise(self.spec["label"])[: self.max_length]


@register
class TextareaField(TextField):
    type = "textarea"
    default_max_length = 2000
    widget = "textarea"


@register
class IdNumberField(Field):
    type = "id_number"
    default_max_length = 18
    pattern = ID_NUMBER_PATTERN
    autocomplete = "off"

    def clean(self, value):
        if not isinstance(value, str):
            raise ValidationError(_("Enter an ID number."))
        return validate_id_number(value)

    def example(self, identity):
        return "370102199003071238"


@register
class PhoneField(Field):
    type = "phone"
    default_max_length = 11
    input_type = "tel"
    inputmode = "tel"
    autocomplete = "tel"
    pattern = PHONE_PATTERN

    def clean(self, value):
        if not isinstance(value, str) or not re.fullmatch(PHONE_PATTERN, normalize_phone(value)):
            raise ValidationError(_("Enter an 11-digit mainland mobile number, e.g. 13800000000."))
        return normalize_phone(value)

    def example(self, identity):
        return "13800000000"


@register
class EmailField(Field):
    type = "email"
    default_max_length = 254
    input_type = "email"
    autocomplete = "email"

    def clean(self, value):
        value = super().clean(value)
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(_("Enter an email address such as name@example.com.")) from None
        return value

    def value_schema(self):
        return {"type": "string", "format": "email", "minLength": 3, "maxLength": self.max_length}

    def example(self, identity):
        return "applicant@example.com"


@register
class DateField(Field):
    type = "date"
    allows = frozenset({"past", "future"})
    input_type = "date"

    @classmethod
    def check_declaration(cls, spec):
        if spec.get("past") and spec.get("future"):
            raise ValueError("a date cannot be both past and future")

    def clean(self, value):
        if isinstance(value, datetime.date):
            day = value
        else:
            try:
                day = datetime.date.fromisoformat(str(value).strip())
            except ValueError:
                raise ValidationError(_("Enter a date as YYYY-MM-DD, e.g. 2026-03-01.")) from None
        today = timezone.localdate()
        if self.spec.get("past") and day > today:
            raise ValidationError(_("This date cannot be in the future."))
        if self.spec.get("future") and day < today:
            raise ValidationError(_("This date cannot be in the past."))
        if not datetime.date(1900, 1, 1) <= day <= datetime.date(2100, 12, 31):
            raise ValidationError(_("Enter a date between 1900 and 2100."))
        return day.isoformat()

    def value_schema(self):
        return {"type": "string", "format": "date", "minLength": 10, "maxLength": 10,
                "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}

    def example(self, identity):
        today = timezone.localdate()
        if self.spec.get("future"):
            return (today + datetime.timedelta(days=30)).isoformat()
        return (today - datetime.timedelta(days=30)).isoformat()


@register
class IntegerField(Field):
    type = "integer"
    allows = frozenset({"min", "max"})
    input_type = "number"
    inputmode = "numeric"

    @classmethod
    def check_declaration(cls, spec):
        if spec.get("min", 0) > spec.get("max", 1_000_000):
            raise ValueError("min is greater than max")

    @property
    def minimum(self) -> int:
        return self.spec.get("min", 0)

    @property
    def maximum(self) -> int:
        return self.spec.get("max", 1_000_000)

    def clean(self, value):
        if isinstance(value, bool):
            raise ValidationError(_("Enter a whole number."))
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,10}\s*", value):
            value = int(value)
        if not isinstance(value, int):
            raise ValidationError(_("Enter a whole number."))
        if not self.minimum <= value <= self.maximum:
            raise ValidationError(_("Enter a number from %(min)d to %(max)d.")
                                  % {"min": self.minimum, "max": self.maximum})
        return value

    def value_schema(self):
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}

    def example(self, identity):
        return max(self.minimum, min(1, self.maximum))


@register
class ChoiceField(Field):
    type = "choice"
    allows = frozenset({"options"})

    @classmethod
    def check_declaration(cls, spec):
        values = [o["value"] for o in spec.get("options") or []]
        if len(values) < 2:
            raise ValueError("a choice needs at least two options")
        if len(set(values)) != len(values):
            raise ValueError("option values must be unique")

    @property
    def widget(self):
        return "radio" if len(self.spec["options"]) <= 6 else "select"

    def values(self) -> list[str]:
        return [o["value"] for o in self.spec["options"]]

    def clean(self, value):
        if value not in self.values():
            raise ValidationError(_("Choose one of the options."))
        return value

    def value_schema(self):
        return {"type": "string", "enum": self.values()}

    def display(self, value):
        return dict(self.options).get(value, str(value))

    def example(self, identity):
        return self.values()[0]


@register
class MultichoiceField(ChoiceField):
    type = "multichoice"
    widget = "checkboxes"

    def is_empty(self, value):
        return value is None or value == [] or value == ""

    def clean(self, value):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or any(v not in self.values() for v in value):
            raise ValidationError(_("Choose from the options shown."))
        chosen = set(value)
        return [v for v in self.values() if v in chosen]  # declaration order, no repeats

    def value_schema(self):
        return {"type": "array", "items": {"type": "string", "enum": self.values()},
                "uniqueItems": True, "minItems": 1, "maxItems": len(self.values())}

    def display(self, value):
        labels = dict(self.options)
        return ("、" if current_suffix() == "zh" else ", ").join(labels.get(v, v) for v in value)

    def example(self, identity):
        return self.values()[:1]


TRUE_WORDS = {"true", "on", "1", "yes"}
FALSE_WORDS = {"false", "off", "0", "no"}


@register
class BooleanField(Field):
    type = "boolean"
    allows = frozenset({"must_be_true"})
    widget = "checkbox"
    input_type = "checkbox"

    def is_empty(self, value):
        # An unticked box is posted as nothing: for a required box that is "not ticked".
        return value is None or value == "" or (value is False and self.spec.get("must_be_true"))

    def clean(self, value):
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            value = value.strip().lower() in TRUE_WORDS
        if not isinstance(value, bool):
            raise ValidationError(_("Answer yes or no."))
        if self.spec.get("must_be_true") and not value:
            raise ValidationError(_("Tick this box to continue."))
        return value

    def value_schema(self):
        return {"type": "boolean", "const": True} if self.spec.get("must_be_true") else \
            {"type": "boolean"}

    def display(self, value):
        return _("Yes") if value else _("No")

    def example(self, identity):
        return True


@register
class AddressField(Field):
    """A Jinan address: district or county code (GB/T 2260) and the rest as text."""

    type = "address"
    allows = frozenset({"max_length"})
    default_max_length = 120
    widget = "address"

    @property
    def districts(self) -> list[tuple[str, str]]:
        column = 1 if current_suffix() == "zh" else 2
        return [(row[0], row[column]) for row in JINAN_DISTRICTS]

    def is_empty(self, value):
        if isinstance(value, dict):
            return not any(str(v or "").strip() for v in value.values())
        return super().is_empty(value)

    def clean(self, value):
        if not isinstance(value, dict) or set(value) - {"district", "detail"}:
            raise ValidationError(_("Choose the district and enter the street address."))
        district = value.get("district")
        detail = value.get("detail")
        if district not in {row[0] for row in JINAN_DISTRICTS}:
            raise ValidationError(_("Choose a district or county of Jinan."))
        if not isinstance(detail, str) or not detail.strip():
            raise ValidationError(_("Enter the street, building and room number."))
        detail = detail.strip()
        if len(detail) > self.max_length:
            raise ValidationError(_("At most %(n)d characters, please; this has %(m)d.")
                                  % {"n": self.max_length, "m": len(detail)})
        return {"district": district, "detail": detail}

    def value_schema(self):
        return {"type": "object", "additionalProperties": False, "required": ["district", "detail"],
                "properties": {
                    "district": {"type": "string", "enum": [row[0] for row in JINAN_DISTRICTS]},
                    "detail": {"type": "string", "minLength": 1, "maxLength": self.max_length}}}

    def display(self, value):
        return f"{dict(self.districts).get(value['district'], value['district'])} {value['detail']}"

    def semantic_text(self, value) -> str:
        """As the registries write it, whatever the reader's language: 历下区泉城路1号."""
        names = {row[0]: row[1] for row in JINAN_DISTRICTS}
        return f"{names.get(value['district'], value['district'])}{value['detail']}"

    def example(self, identity):
        return {"district": "370102", "detail": "泉城路1号"}


class PatternField(Field):
    """Upper-cased, space-free identifiers checked against a pattern."""

    message = gettext_lazy("This is not in the expected format.")
    autocomplete = "off"

    def clean(self, value):
        if not isinstance(value, str):
            raise ValidationError(str(self.message))
        value = re.sub(r"[\s·-]", "", value).upper()
        if not re.fullmatch(self.pattern, value):
            raise ValidationError(str(self.message))
        return value


@register
class PlateField(PatternField):
    type = "plate"
    default_max_length = 8
    pattern = PLATE_PATTERN
    message = gettext_lazy("Enter a plate number such as 鲁A12345 (or 鲁AD12345 for a new-energy "
                           "vehicle); the letters I and O are not used.")

    def example(self, identity):
        return "鲁A12345"


@register
class VinField(PatternField):
    type = "vin"
    default_max_length = 17
    pattern = VIN_PATTERN
    message = gettext_lazy("Enter the 17-character vehicle identification number (VIN); it has no "
                           "letters I, O or Q.")

    def clean(self, value):
        value = super().clean(value)
        if value[8] != vin_check_digit(value):
            raise ValidationError(_("The check character (9th) of this VIN is wrong. Please check "
                                    "the number on the registration certificate."))
        return value

    def example(self, identity):
        return "LSVAU218XN2183294"


@register
class CreditCodeField(Field):
    type = "credit_code"
    default_max_length = 18
    pattern = CREDIT_CODE_PATTERN
    autocomplete = "off"

    def clean(self, value):
        if not isinstance(value, str):
            raise ValidationError(_("Enter the unified social credit code."))
        return validate_credit_code(value)

    def example(self, identity):
        return "91370100MA3C5QTX17"


@register
class PassportNoField(PatternField):
    type = "passport_no"
    default_max_length = 17
    pattern = r"^[A-Z0-9]{5,17}$"
    message = gettext_lazy("Enter the passport number as printed: 5 to 17 letters and digits.")

    def example(self, identity):
        return "X12345678"
