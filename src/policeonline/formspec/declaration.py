"""How a form is declared in the catalog files, and its compilation to plain JSON.

An item's ``form:`` names reusable kits (catalog/data/forms.yaml) and adds its own fields; its
materials with ``slot:`` become upload slots. ``compile_form`` expands the kits, checks everything
that spans fields (names, conditions, tags, slots) and returns the JSON stored on the item.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .fields import FIELD_TYPES

FORMAT_VERSION = 1
SEMANTICS = ("applicant.name", "applicant.id_number", "applicant.phone", "subject.name",
             "subject.id_number", "vehicle.plate", "vehicle.vin", "driver.licence_no",
             "address.hukou", "company.name", "company.credit_code")
PREFILL_KEYS = ("name", "id_number", "phone", "email", "company_name", "credit_code")
ACCEPT = ("pdf", "jpeg", "png")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
COMMON_KEYS = {"name", "type", "label", "help", "required", "when", "semantic", "prefill",
               "readonly"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Label(Strict):
    zh: Text
    en: Text


class Option(Strict):
    value: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=40)]
    label: Label


class When(Strict):
    field: Name
    equals: str | bool | None = None
    in_: list[str] | None = Field(None, alias="in", min_length=1)

    @model_validator(mode="after")
    def one_test(self):
        if (self.equals is None) == (self.in_ is None):
            raise ValueError("a condition has exactly one of 'equals' and 'in'")
        return self

    def values(self) -> list:
        return list(self.in_) if self.in_ is not None else [self.equals]


class FieldSpec(Strict):
    name: Name
    type: str
    label: Label
    help: Label | None = None
    required: bool = True
    when: When | None = None
    semantic: Literal[SEMANTICS] | None = None  # type: ignore[valid-type]
    prefill: Literal[PREFILL_KEYS] | None = None  # type: ignore[valid-type]
    readonly: bool = False
    max_length: int | None = Field(None, ge=1, le=5000)
    min: int | None = Field(None, ge=-1_000_000_000, le=1_000_000_000)
    max: int | None = Field(None, ge=-1_000_000_000, le=1_000_000_000)
    past: bool = False
    future: bool = False
    options: list[Option] | None = Field(None, max_length=40)
    must_be_true: bool = False

    @model_validator(mode="after")
    def fits_its_type(self):
        cls = FIELD_TYPES.get(self.type)
        if cls is None:
            raise ValueError(f"unknown field type '{self.type}' (known: {', '.join(FIELD_TYPES)})")
        extra = self.model_fields_set - COMMON_KEYS - cls.allows
        if extra:
            raise ValueError(f"a {self.type} field does not take {', '.join(sorted(extra))}")
        if self.readonly and not self.prefill:
            raise ValueError("only a prefilled field can be read-only")
        cls.check_declaration(self.model_dump(exclude_unset=True, by_alias=True))
        return self


class Kit(Strict):
    title: Label
    position: Literal["start", "end"] = "start"   # before or after the item's own fields
    fields: list[FieldSpec] = Field(min_length=1)


class KitsFile(Strict):
    format: int
    always: list[Name] = []                        # kits that close every form
    kits: dict[Name, Kit]

    @model_validator(mode="after")
    def known_format(self):
        if self.format != FORMAT_VERSION:
            raise ValueError(f"format {self.format} is not supported (this version reads format "
                             f"{FORMAT_VERSION})")
        unknown = [name for name in self.always if name not in self.kits]
        if unknown:
            raise ValueError(f"always: unknown kit {', '.join(unknown)}")
        return self


class KitRef(Strict):
    kit: Name
    title: Label | None = None
    when: When | None = None    # applies to each of the kit's fields that has no condition
    position: Literal["start", "end"] | None = None   # overrides the kit's


class FormSpec(Strict):
    kits: list[Name | KitRef] = []
    title: Label | None = None      # heading of the item's own fields
    fields: list[FieldSpec] = []


class FormDeclarationError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


DEFAULT_TITLE = {"zh": "申请事项", "en": "About the application"}


def _dump(spec: FieldSpec, group: int) -> dict:
    data = spec.model_dump(exclude_unset=True, by_alias=True, exclude={"when"})
    data["required"] = spec.required
    if spec.when:
        data["when"] = ({"field": spec.when.field, "in": list(spec.when.in_)}
                        if spec.when.in_ is not None else
                        {"field": spec.when.field, "equals": spec.when.equals})
    data["group"] = group
    return data


def _check_when(field: dict, earlier: dict[str, dict], problems: list[str], what: str = "field"):
    when = field.get("when")
    if not when:
        return
    target = earlier.get(when["field"])
    name = f"{what} '{field['name']}'"
    if target is None:
        problems.append(f"{name}: condition names '{when['field']}', which is not a field "
                        "declared before it")
        return
    values = when["in"] if "in" in when else [when["equals"]]
    if target["type"] == "boolean":
        if values != [True] and values != [False]:
            problems.append(f"{name}: condition on yes/no field '{when['field']}' must be "
                            "'equals: true' or 'equals: false'")
    elif target["type"] in ("choice", "multichoice"):
        known = {o["value"] for o in target["options"]}
        for value in values:
            if value not in known:
                problems.append(f"{name}: condition names option '{value}', which field "
                                f"'{when['field']}' does not have")
    else:
        problems.append(f"{name}: a condition can only test a choice, multichoice or "
                        f"yes/no field, not '{when['field']}' ({target['type']})")


def _kit_fields(ref: KitRef, kit: Kit, group: int) -> list[dict]:
    fields = []
    for spec in kit.fields:
        if ref.when and not spec.when:
            spec = spec.model_copy(update={"when": ref.when})
        fields.append(_dump(spec, group))
    return fields


def compile_form(form: FormSpec, kits: dict[str, Kit], materials: list[dict],
                 always: list[str] = ()) -> dict:
    """The form as plain JSON (see Form in form.py), or FormDeclarationError listing problems."""
    problems: list[str] = []
    refs: list[KitRef] = []
    for ref in [*form.kits, *(name for name in always if name not in form.kits)]:
        ref = KitRef(kit=ref) if isinstance(ref, str) else ref
        if ref.kit not in kits:
            problems.append(f"unknown kit '{ref.kit}' (known: {', '.join(sorted(kits))})")
        elif ref.kit in {r.kit for r in refs}:
            problems.append(f"kit '{ref.kit}' is used twice")
        else:
            refs.append(ref)
    groups: list[dict] = []
    fields: list[dict] = []
    def position(ref: KitRef) -> str:
        return ref.position or kits[ref.kit].position

    for ref in [r for r in refs if position(r) == "start"]:
        groups.append({"kit": ref.kit, "title": (ref.title or kits[ref.kit].title).model_dump()})
        fields.extend(_kit_fields(ref, kits[ref.kit], len(groups) - 1))
    if form.fields:
        groups.append({"kit": None, "title": (form.title or Label(**DEFAULT_TITLE)).model_dump()})
        fields.extend(_dump(spec, len(groups) - 1) for spec in form.fields)
    for ref in [r for r in refs if position(r) == "end"]:
        groups.append({"kit": ref.kit, "title": (ref.title or kits[ref.kit].title).model_dump()})
        fields.extend(_kit_fields(ref, kits[ref.kit], len(groups) - 1))
    if not fields:
        problems.append("the form has no fields")

    earlier: dict[str, dict] = {}
    tags: dict[str, str] = {}
    for field in fields:
        name = field["name"]
        if name in earlier:
            problems.append(f"field name '{name}' is used twice")
        _check_when(field, earlier, problems)
        earlier[name] = field
        if field.get("semantic"):
            if field["semantic"] in tags:
                problems.append(f"semantic tag '{field['semantic']}' is on both '{tags[field['semantic']]}' "
                                f"and '{name}'")
            tags[field["semantic"]] = name

    slots = []
    for material in materials:
        upload = material.get("upload") or ("none" if material.get("on_site") else "required")
        if upload == "none":
            continue
        slots.append({"name": material["slot"], "label": {"zh": material["zh"], "en": material["en"]},
                      "required": upload == "required",
                      "max_bytes": int(material.get("max_mib") * 1024 * 1024)
                      if material.get("max_mib") else MAX_UPLOAD_BYTES,
                      "accept": list(material.get("accept") or ACCEPT)})
        if material.get("when"):
            when = material["when"]
            slots[-1]["when"] = ({"field": when["field"], "in": list(when["in"])}
                                 if when.get("in") is not None else
                                 {"field": when["field"], "equals": when["equals"]})
            _check_when(slots[-1], earlier, problems, "upload slot")
    names = [slot["name"] for slot in slots]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"upload slot '{name}' is used twice")
    if problems:
        raise FormDeclarationError(problems)
    return {"version": FORMAT_VERSION, "groups": groups, "fields": fields, "slots": slots}
