"""Loading the catalog files into a zone's database: validate everything, then write all at once.

A bad entry anywhere fails the whole load with messages that name the file, the item and the
field; the database keeps the catalog it had (the write is one transaction).
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from pydantic import ValidationError

from policeonline.formspec.declaration import FormDeclarationError, FormSpec, KitsFile, compile_form

from . import cache, fragments
from .models import CatalogEdition, Category, Department, Item
from .schema import CODE_RE, CategorySpec, IndexSpec, ItemSpec, item_code_at

DATA_DIR = Path(__file__).resolve().parent / "data"


class CatalogError(Exception):
    """The catalog files are invalid; ``problems`` lists every message."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Catalog:
    index: IndexSpec
    categories: list[CategorySpec]
    digest: str
    forms: dict[str, dict]  # item code -> compiled form (plain JSON)

    @property
    def items(self) -> list[ItemSpec]:
        return [item for category in self.categories for item in category.items]


def _read_yaml(path: Path, problems: list[str], label: str):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{label}: file is missing")
    except yaml.YAMLError as exc:
        problems.append(f"{label}: not valid YAML: {exc}")
    return None


def _describe(label: str, raw: dict, exc: ValidationError) -> list[str]:
    messages = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        code = item_code_at(raw, loc)
        where = f"item {code}: " if code else ""
        field = ".".join(str(part) for part in (loc[2:] if code else loc)) or "(entry)"
        messages.append(f"{label}: {where}{field}: {error['msg']}")
    return messages


def read_catalog(data_dir: Path = DATA_DIR) -> Catalog:
    """Parse and check every file; raise CatalogError listing all problems found."""
    problems: list[str] = []
    hasher = hashlib.sha256()
    raw_index = _read_yaml(data_dir / "catalog.yaml", problems, "catalog.yaml")
    if problems:
        raise CatalogError(problems)
    try:
        index = IndexSpec.model_validate(raw_index)
    except ValidationError as exc:
        raise CatalogError(_describe("catalog.yaml", raw_index or {}, exc)) from None
    hasher.update((data_dir / "catalog.yaml").read_bytes())
    kits = _read_kits(data_dir, problems, hasher)

    departments = {d.code for d in index.departments}
    categories: list[CategorySpec] = []
    seen_items: dict[str, str] = {}
    forms: dict[str, dict] = {}
    for code in index.categories:
        label = f"categories/{code}.yaml"
        path = data_dir / "categories" / f"{code}.yaml"
        raw = _read_yaml(path, problems, label)
        if raw is None:
            continue
        hasher.update(path.read_bytes())
        try:
            category = CategorySpec.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_describe(label, raw if isinstance(raw, dict) else {}, exc))
            continue
        if category.code != code:
            problems.append(f"{label}: code: is {category.code}, must equal the file name {code}")
        if category.department not in departments:
            problems.append(f"{label}: department: unknown department '{category.department}'")
        for item in category.items:
            if kits is not None:
                try:
                    materials = [m.model_dump(by_alias=True, exclude_none=True)
                                 for m in item.materials]
                    forms[item.code] = compile_form(item.form, kits.kits, materials, kits.always)
                    forms[item.code]["title"] = item.name.model_dump()
                except FormDeclarationError as exc:
                    problems.extend(f"{label}: item {item.code}: form: {p}" for p in exc.problems)
            prefix = CODE_RE.match(item.code).group(1)
            if prefix != category.code:
                problems.append(f"{label}: item {item.code}: code: must start with "
                                f"'{category.code}-'")
            if item.code in seen_items:
                problems.append(f"{label}: item {item.code}: code: already used in "
                                f"{seen_items[item.code]}")
            seen_items[item.code] = label
            if item.department and item.department not in departments:
                problems.append(f"{label}: item {item.code}: department: unknown department "
                                f"'{item.department}'")
        categories.append(category)
    if len(set(index.categories)) != len(index.categories):
        problems.append("catalog.yaml: categories: a category is listed twice")
    if problems:
        raise CatalogError(problems)
    return Catalog(index=index, categories=categories, digest=hasher.hexdigest(), forms=forms)


def _read_kits(data_dir: Path, problems: list[str], hasher) -> KitsFile | None:
    """The reusable field groups of forms.yaml, or None (with problems) when it is invalid."""
    raw = _read_yaml(data_dir / "forms.yaml", problems, "forms.yaml")
    if raw is None:
        return None
    hasher.update((data_dir / "forms.yaml").read_bytes())
    try:
        kits_file = KitsFile.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_describe("forms.yaml", {}, exc))
        return None
    kits = kits_file.kits
    for name, kit in kits.items():
        try:  # names, tags and conditions within the kit (conditions stay inside the kit)
            compile_form(FormSpec(kits=[name]), {name: kit}, [])
        except FormDeclarationError as exc:
            problems.extend(f"forms.yaml: kit {name}: {p}" for p in exc.problems)
    return kits_file


def _search_text(item: ItemSpec, category: CategorySpec) -> str:
    parts = [item.code, item.name.zh, item.name.en, category.name.zh, category.name.en,
             *item.keywords.zh, *item.keywords.en, item.summary.zh, item.summary.en]
    return "\n".join(parts).lower()


@transaction.atomic
def load_catalog(data_dir: Path = DATA_DIR) -> CatalogEdition:
    """Validate the files and make them the zone's catalog. Idempotent."""
    catalog = read_catalog(data_dir)
    current = CatalogEdition.objects.first()
    if current and current.digest == catalog.digest:
        return current

    departments = {}
    for spec in catalog.index.departments:
        departments[spec.code], _ = Department.objects.update_or_create(
            code=spec.code, defaults={"name_zh": spec.name.zh, "name_en": spec.name.en})
    kept_items = []
    for position, spec in enumerate(catalog.categories):
        category, _ = Category.objects.update_or_create(code=spec.code, defaults={
            "position": position, "name_zh": spec.name.zh, "name_en": spec.name.en,
            "summary_zh": spec.summary.zh, "summary_en": spec.summary.en, "icon": spec.icon,
            "department": departments[spec.department]})
        for item_position, item in enumerate(spec.items):
            Item.objects.update_or_create(code=item.code, defaults={
                "category": category, "position": item_position,
                "department": departments[item.department or spec.department],
                "name_zh": item.name.zh, "name_en": item.name.en,
                "summary_zh": item.summary.zh, "summary_en": item.summary.en,
                "applicant": item.applicant, "online_level": item.online_level,
                "materials": [m.model_dump(by_alias=True, exclude_none=True)
                              for m in item.materials],
                "fees": [f.model_dump() for f in item.fees], "fee_varies": item.fee_varies,
                "time_limit_working_days": item.time_limit_working_days, "workflow": item.workflow,
                "legal_basis_zh": item.legal_basis.zh, "legal_basis_en": item.legal_basis.en,
                "needs": list(item.needs), "keywords_zh": list(item.keywords.zh),
                "keywords_en": list(item.keywords.en), "facts_verified": item.facts_verified,
                "form": catalog.forms[item.code], "search_text": _search_text(item, spec)})
            kept_items.append(item.code)
    # Items withdrawn from the catalog disappear from the portal. (Cases that refer to them
    # will keep their own snapshot of the guide; see the applications issue.)
    Item.objects.exclude(code__in=kept_items).delete()
    Category.objects.exclude(code__in=[c.code for c in catalog.categories]).delete()
    transaction.on_commit(cache.forget)  # nothing read mid-load outlives the new edition
    transaction.on_commit(fragments.forget)
    return CatalogEdition.objects.create(edition=catalog.index.edition, digest=catalog.digest,
                                         item_count=len(kept_items))
