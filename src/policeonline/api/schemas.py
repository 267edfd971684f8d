"""API shapes. Texts come in both languages so a mobile app can switch without a new call."""

from ninja import Schema


class I18n(Schema):
    zh: str
    en: str


class DepartmentOut(Schema):
    code: str
    name: I18n


class CategoryOut(Schema):
    code: str
    name: I18n
    summary: I18n
    icon: str
    department: DepartmentOut
    item_count: int


class ItemSummaryOut(Schema):
    code: str
    category: str
    name: I18n
    applicant: str
    online_level: str
    time_limit_working_days: int
    fee_min_cny: str | None
    fee_varies: bool


class MaterialOut(Schema):
    zh: str
    en: str
    on_site: bool


class FeeOut(Schema):
    code: str
    name: I18n
    amount_cny: str


class StepOut(Schema):
    title: I18n
    text: I18n


class ItemOut(ItemSummaryOut):
    summary: I18n
    department: DepartmentOut
    materials: list[MaterialOut]
    fees: list[FeeOut]
    legal_basis: I18n
    needs: list[str]
    process: list[StepOut]
    facts_verified: bool


class Error(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: Error
