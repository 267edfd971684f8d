"""The catalog file format (docs/catalog-format.md) as Pydantic models.

Everything a file can get wrong is refused here, before anything touches the database.
"""

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from policeonline.formspec.declaration import ACCEPT, FormSpec, When

FORMAT_VERSION = 1
NEEDS = ("info_comparison", "payment", "guarantor", "appointment", "delivery", "certificate",
         "plate_selection")
ICONS = ("household", "id-card", "residence", "passport", "car", "licence", "traffic", "shield",
         "hazard", "fire", "network")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*$", max_length=32)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class I18nText(Strict):
    zh: Text
    en: Text


class Keywords(Strict):
    zh: list[Text] = []
    en: list[Text] = []


class Material(Strict):
    zh: Text
    en: Text
    on_site: bool = False
    # Upload slot (docs/catalog-format.md, "Forms"): by default a material brought on site is
    # not uploaded and any other is a required upload, which then needs a slot name.
    slot: Slug | None = None
    upload: Literal["required", "optional", "none"] | None = None
    max_mib: float | None = Field(None, gt=0, le=5)
    accept: list[Literal[ACCEPT]] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    when: When | None = None   # the upload is asked for (and required) only while this holds

    @property
    def effective_upload(self) -> str:
        return self.upload or ("none" if self.on_site else "required")

    @model_validator(mode="after")
    def slot_when_uploaded(self):
        if self.on_site and self.upload not in (None, "none"):
            raise ValueError("a material brought on site cannot be uploaded")
        if self.effective_upload != "none" and not self.slot:
            raise ValueError("an uploaded material needs a slot name (or 'upload: none')")
        if self.effective_upload == "none" and (self.max_mib or self.accept or self.when):
            raise ValueError("max_mib, accept and when apply only to uploaded materials")
        return self


class Fee(Strict):
    code: Slug
    name: I18nText
    amount_cny: Annotated[str, StringConstraints(pattern=r"^\d{1,6}\.\d{2}$")]

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_cny)


class ItemSpec(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,4}-\d{3}$")]
    name: I18nText
    summary: I18nText
    department: Slug | None = None
    applicant: Literal["citizen", "company", "both"]
    online_level: Literal["full_online", "one_visit", "appointment"]
    materials: list[Material]
    fees: list[Fee]
    fee_varies: bool
    time_limit_working_days: int = Field(ge=1, le=365)
    workflow: Slug  # the workflow template its cases run on (src/policeonline/workflow/data/)
    legal_basis: I18nText
    needs: list[Literal[NEEDS]]  # type: ignore[valid-type]
    keywords: Keywords = Keywords()
    facts_verified: bool
    form: FormSpec

    @field_validator("needs")
    @classmethod
    def needs_unique(cls, needs):
        if len(set(needs)) != len(needs):
            raise ValueError("lists a need twice")
        return needs

    @field_validator("workflow")
    @classmethod
    def known_workflow(cls, code):
        from policeonline.workflow import templates

        if code not in templates():
            raise ValueError(f"unknown workflow template {code!r}; known: {sorted(templates())}")
        return code

    @field_validator("fees")
    @classmethod
    def fee_codes_unique(cls, fees):
        codes = [fee.code for fee in fees]
        if len(set(codes)) != len(codes):
            raise ValueError("fee variant codes must be unique within the item")
        return fees

    @model_validator(mode="after")
    def consistent(self):
        charged = bool(self.fees) or self.fee_varies
        if charged != ("payment" in self.needs):
            raise ValueError("'payment' must be in needs exactly when the item has fees "
                             "or fee_varies is true")
        if self.fees and self.fee_varies:
            raise ValueError("an item with fixed fee variants cannot also have fee_varies")
        if self.online_level == "appointment" and "appointment" not in self.needs:
            raise ValueError("an appointment-level item must list 'appointment' in needs")
        return self


class CategorySpec(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,4}$")]
    name: I18nText
    summary: I18nText
    department: Slug
    icon: Literal[ICONS]  # type: ignore[valid-type]
    items: list[ItemSpec] = Field(min_length=1)


class DepartmentSpec(Strict):
    code: Slug
    name: I18nText


class IndexSpec(Strict):
    format: int
    edition: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    departments: list[DepartmentSpec] = Field(min_length=1)
    categories: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,4}$")]]

    @field_validator("format")
    @classmethod
    def known_format(cls, value):
        if value != FORMAT_VERSION:
            raise ValueError(f"format {value} is not supported (this version reads "
                             f"format {FORMAT_VERSION})")
        return value


def item_code_at(raw: dict, loc: tuple) -> str | None:
    """The code of the item an error location points into, for messages."""
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        items = raw.get("items") or []
        if loc[1] < len(items) and isinstance(items[loc[1]], dict):
            return str(items[loc[1]].get("code") or f"#{loc[1] + 1}")
    return None


CODE_RE = re.compile(r"^([A-Z]{2,4})-\d{3}$")
