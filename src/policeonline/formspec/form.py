"""A compiled form at run time: validation, uploads, prefill, summary and examples."""

import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .fields import FIELD_TYPES, Field, localise
from .json_schema import form_json_schema
from .uploads import CONTENT_TYPES, UploadRefused, check_content

EXAMPLE_IDENTITY = {"name": "张三", "id_number": "370102199003071238", "phone": "13800000000",
                    "email": "applicant@example.com", "company_name": "济南示例科技有限公司",
                    "credit_code": "91370100MA3C5QTX17"}


@dataclass(frozen=True)
class Slot:
    name: str
    labels: dict
    required: bool
    max_bytes: int
    accept: frozenset
    when: dict | None = None   # asked for, and required if ``required``, only while this holds

    @property
    def label(self) -> str:
        return localise(self.labels)

    @property
    def accept_attr(self) -> str:
        """For ``<input type=file accept=…>``."""
        exts = {"pdf": ".pdf", "jpeg": ".jpg,.jpeg", "png": ".png"}
        return ",".join([exts[k] for k in sorted(self.accept)] +
                        [CONTENT_TYPES[k] for k in sorted(self.accept)])

    @property
    def max_mib(self) -> float:
        return self.max_bytes / 1048576


class Form:
    def __init__(self, spec: dict):
        self.spec = spec
        self.fields: list[Field] = [FIELD_TYPES[f["type"]](f) for f in spec["fields"]]
        self.by_name = {f.name: f for f in self.fields}
        self.slots = [Slot(s["name"], s["label"], s["required"], s["max_bytes"],
                           frozenset(s["accept"]), s.get("when")) for s in spec.get("slots", [])]
        self.slots_by_name = {s.name: s for s in self.slots}

    # --- structure -------------------------------------------------------------------------
    @property
    def groups(self) -> list[tuple[str, list[Field]]]:
        """(localised title, fields) per fieldset, in order."""
        return [(localise(group["title"]), [f for f in self.fields if f.group == index])
                for index, group in enumerate(self.spec["groups"])]

    def _shown(self, field: Field | Slot, cleaned: dict) -> bool:
        """Whether the field (or upload slot) applies, given the cleaned values before it."""
        if not field.when:
            return True
        controller = self.by_name[field.when["field"]]
        if not self._shown(controller, cleaned) or field.when["field"] not in cleaned:
            return False
        value = cleaned[field.when["field"]]
        wanted = field.when["in"] if "in" in field.when else [field.when["equals"]]
        if isinstance(value, list):
            return any(v in wanted for v in value)
        return value in wanted

    # --- validation ------------------------------------------------------------------------
    def validate(self, data: dict, *, for_submit: bool = True, identity: dict | None = None):
        """(cleaned data, errors by field name). Never raises on bad input.

        With ``identity``, read-only prefilled fields take the identity's values whatever was
        posted (the page cannot be trusted to keep them)."""
        errors: dict[str, list[str]] = {}
        if not isinstance(data, dict):
            return {}, {"__all__": [_("The form data must be an object of field names and values.")]}
        data = dict(data)
        if identity:
            for field in self.fields:
                if field.readonly and field.prefill and identity.get(field.prefill):
                    data[field.name] = identity[field.prefill]
        unknown = sorted(str(key) for key in data if key not in self.by_name)
        if unknown:
            errors["__all__"] = [_("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)}]
        cleaned: dict = {}
        for field in self.fields:
            if not self._shown(field, cleaned):
                continue
            value = data.get(field.name)
            if field.is_empty(value):
                if for_submit and field.required:
                    errors[field.name] = [_("This field is required.") if field.type != "boolean"
                                          else _("Tick this box to continue.")]
                continue
            try:
                cleaned[field.name] = field.clean(value)
            except ValidationError as exc:
                errors[field.name] = [str(m) for m in exc.messages]
            except (TypeError, ValueError, AttributeError, KeyError):
                errors[field.name] = [_("This value is not valid.")]
        return cleaned, errors

    # --- uploads ---------------------------------------------------------------------------
    def check_upload(self, slot_name: str, filename: str, content: bytes) -> str:
        slot = self.slots_by_name.get(slot_name)
        if slot is None:
            raise UploadRefused(_("This application does not take that document."))
        return check_content(filename, content, slot.accept, slot.max_bytes)

    def missing_uploads(self, present_slots: set[str], data: dict | None = None, *,
                        cleaned: dict | None = None) -> list[Slot]:
        """Required slots without a file. A slot with a condition counts only when ``data`` (the
        application's data) is given and the condition holds for it; a caller that has just
        validated the data passes its ``cleaned`` values instead (the same, not computed twice)."""
        if cleaned is None:
            cleaned = self.validate(data, for_submit=False)[0] if data is not None else None
        return [slot for slot in self.slots
                if slot.required and slot.name not in present_slots
                and (not slot.when or (cleaned is not None and self._shown(slot, cleaned)))]

    def slots_for(self, data: dict) -> list[Slot]:
        """The slots that apply to this data (those whose condition, if any, holds)."""
        cleaned = self.validate(data, for_submit=False)[0]
        return [slot for slot in self.slots if self._shown(slot, cleaned)]

    # --- other views of the form -----------------------------------------------------------
    def json_schema(self) -> dict:
        return form_json_schema(self)

    def prefill(self, identity: dict) -> dict:
        return {f.name: identity[f.prefill] for f in self.fields
                if f.prefill and identity.get(f.prefill) not in (None, "")}

    def summary(self, cleaned: dict) -> list[tuple[str, str]]:
        return [(f.label, f.display(cleaned[f.name])) for f in self.fields if f.name in cleaned]

    def semantic_values(self, cleaned: dict) -> dict[str, str]:
        values = {}
        for field in self.fields:
            if field.semantic and field.name in cleaned:
                values[field.semantic] = field.semantic_text(cleaned[field.name])
        return values

    def example(self, identity: dict | None = None) -> dict:
        """A valid, deterministic data object: every field shown by the first options filled."""
        identity = {**EXAMPLE_IDENTITY, **(identity or {})}
        data: dict = {}
        for field in self.fields:
            if not self._shown(field, data):
                continue
            if field.prefill and identity.get(field.prefill):
                data[field.name] = field.clean(identity[field.prefill])
            else:
                data[field.name] = field.example(identity)
        return data

    def data_from_post(self, post) -> dict:
        """A data object from a posted HTML form (QueryDict) rendered by formspec/fields.html:
        empty inputs are left out, check-box groups become lists, addresses objects."""
        data: dict = {}
        for field in self.fields:
            if field.type == "multichoice":
                value = post.getlist(field.name)
            elif field.type == "address":
                value = {"district": post.get(f"{field.name}-district", ""),
                         "detail": post.get(f"{field.name}-detail", "")}
            elif field.type == "boolean":
                # An unticked box posts nothing: that is "no", or "not agreed" for a consent.
                value = post.get(field.name) or (None if field.spec.get("must_be_true") else "false")
            else:
                value = post.get(field.name)
            if not field.is_empty(value):
                data[field.name] = value
        return data


_CACHE: dict[tuple[str, str], Form] = {}


def form_for(item) -> Form:
    """The form of a catalog Item (its ``form`` JSON), cached per item code and content digest."""
    text = json.dumps(item.form, sort_keys=True, ensure_ascii=False)
    key = (item.code, hashlib.sha256(text.encode()).hexdigest())
    form = _CACHE.get(key)
    if form is None:
        if len(_CACHE) > 1000:
            _CACHE.clear()
        form = _CACHE[key] = Form(json.loads(text))
    return form
