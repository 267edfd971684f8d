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


# Realistic, synthetic values for the demo seed and the tests' example data, by field name
# (a label is not a value: 品牌型号 must not read 品牌型号). Names only: the values are Chinese,
# as a citizen of Jinan would type them whatever the page language.
_PERSON = "李明"
TEXT_EXAMPLES = {
    "access_provider": "中国联通济南分公司", "accident_place": "济南市历下区经十路与舜耕路路口",
    "applicant_name": "张三", "archive_no": "370100123456", "assessor": "山东省信息安全测评中心",
    "bank_account": "6222021602001234567", "bank_name": "中国工商银行济南泉城路支行",
    "birth_certificate_no": "P370123456", "brand_model": "大众牌FV7152FBDBG",
    "carrier": "济南安达危险货物运输有限公司",
    "change_detail": "单位地址由历下区泉城路100号变更为历城区工业北路200号。",
    "chemical_name": "乙醇", "child_ethnicity": "汉族", "child_name": "张小明",
    "circumstances": "2026年11月20日在泉城广场附近遗失，已寻找未果。",
    "clinic": "济南市第一人民医院", "company_name": "济南示例科技有限公司", "contact_name": _PERSON,
    "contract_no": "JNDY2026-0815", "correct_value": "张三", "counterparty": "济南华泰商贸有限公司",
    "country": "加拿大", "current_hukou": "济南市历下区泉城路1号101室",
    "damage": "证件塑封开裂，照片模糊不清。", "decision_no": "3701022026001234",
    "delivery_address": "济南市历下区泉城路188号2单元501室", "delivery_recipient": "张三",
    "description": "小区门口道路夜间照明不足，多次发生剐蹭，建议增设路灯。",
    "design_approval_no": "济公消审字〔2026〕第0123号", "designer": "山东省建筑设计研究院有限公司",
    "destination": "济南市历城区港沟街道化工园区",
    "destination_address": "青岛市市南区香港中路10号1单元302室",
    "destination_country": "日本", "detail": "因工作调动需要，申请办理相关手续。",
    "determination_no": "第370102120260001号", "domain": "example.com.cn",
    "driving_school": "济南长城驾驶员培训学校", "emergency_contact_name": "王芳",
    "employer": "济南泉安保安服务有限公司", "employer_name": "济南示例科技有限公司",
    "employer_or_school": "山东大学", "endorsement_text": "曾用名：张山", "engraver": "济南金印印章有限公司",
    "event_name": "2026泉城新年音乐会",
    "explanation": "记录中的违法行为发生时车辆已转让，驾驶人并非本人，附转让合同。",
    "fireworks": "组合烟花（500发）20箱；礼花弹（3英寸）50枚。", "firing_company": "济南礼花燃放有限公司",
    "foreign_licence_country": "德国", "foreign_licence_no": "B072RRE2I55",
    "foreigner_name": "JOHN SMITH", "goods": "乙醇（95%）：200升，桶装；丙酮：100升，桶装。",
    "guarantor_name": "王芳", "host_name": "张建国", "hukou_place": "济南市历下区泉城路1号101室",
    "icp_no": "鲁ICP备2026012345号", "inspection_station": "济南市机动车检测中心",
    "institution": "山东大学", "ip_ranges": "202.102.128.0/24",
    "issued_in": "山东省青岛市", "legal_representative": _PERSON,
    "loss_circumstances": "2026年11月20日乘坐公交车时遗失，已登报声明。", "loss_place": "泉城广场",
    "mortgagee_name": "中国建设银行济南分行", "nationality": "美国", "needed_for": "办理入学手续",
    "new_name": "张晨", "new_value": "济南市历城区工业北路200号", "old_permit_no": "C12345678",
    "origin": "济南市章丘区明水经济开发区", "other_insurer": "中国人民财产保险股份有限公司",
    "other_name": "王强", "other_parent_name": "李娟", "other_place": "青岛市",
    "own_insurer": "中国平安财产保险股份有限公司", "packaging": "钢桶密封包装，每桶200升",
    "party_name": "张三", "permit_no": "370100202600123", "previous_owner": "王强",
    "previous_value": "济南市历下区泉城路100号", "project_name": "泉城花园二期住宅楼",
    "property_cert_no": "鲁（2026）济南市不动产权第0012345号", "proposed_name": "张晨",
    "purpose": "工业清洗", "purpose_detail": "办理出国留学签证",
    "reason": "登记的出生日期与出生医学证明不一致，申请按出生医学证明更正。",
    "reasons": "罚款决定认定的停车地点设有临时停车标志，附现场照片。",
    "recipient": "济南示例科技有限公司", "recorded_value": "1990年3月8日",
    "recycler": "济南再生资源回收有限公司",
    "relative_id_no": "A123456(7)", "relative_name": "陈大文",
    "request": "请求撤销原处罚决定。", "residence_permit_no": "370100202600123",
    "road_name": "经十路", "route": "经十路（舜耕路至燕山立交），每日22时至次日6时",
    "route_from": "济南市天桥区北园大街", "route_to": "济南市历城区港沟街道",
    "safety_manager": _PERSON, "school": "山东大学", "section": "经十路舜耕路口至燕山立交桥",
    "security_head": _PERSON, "security_officer": _PERSON,
    "service_area": "济南市历下区泉城路188号商业综合体",
    "site_manager": _PERSON, "site_name": "泉城示例网", "subject_name": "张三",
    "supplier": "济南化工贸易有限公司", "system_name": "济南示例科技客户服务系统",
    "tenant_name": "王强", "transfer_permit_no": "鲁迁字第2026001234号", "travel_agency": "山东省中国旅行社",
    "urls": "https://example.com.cn/shop，微信号 example2026",
    "use_site": "济南市章丘区明水经济开发区工业园3号厂房",
    "venue_name": "泉城大酒店", "vin_last6": "056789", "violation_place": "经十路与舜耕路路口",
    "work_scope": "泉城花园二期基坑土石方爆破，约2,000立方米。",
}


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
        value = TEXT_EXAMPLES.get(self.name) or (
            "示例内容" if self.type == "text" else "此处为演示填写的示例说明。")
        return value[: self.max_length]


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
