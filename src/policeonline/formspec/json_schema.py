"""The JSON Schema (Draft 2020-12) of a form's data object, as published by the API.

Closed and bounded; conditional fields are required when their condition holds and absent
otherwise (the server drops hidden fields), expressed with if/then/else.
"""

from .fields import localise
from .uploads import CONTENT_TYPES

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _condition(when: dict, controller_type: str) -> dict:
    values = when["in"] if "in" in when else [when["equals"]]
    controller = {"enum": values}
    if controller_type == "multichoice":
        controller = {"type": "array", "contains": {"enum": values}}
    return {"properties": {when["field"]: controller}, "required": [when["field"]]}


def form_json_schema(form) -> dict:
    properties = {}
    required = []
    conditions = []
    for field in form.fields:
        schema = {"title": field.label, **field.value_schema()}
        if field.help:
            schema["description"] = field.help
        if field.readonly:
            schema["readOnly"] = True
        properties[field.name] = schema
        if not field.when:
            if field.required:
                required.append(field.name)
            continue
        then = {"required": [field.name]} if field.required else {}
        controller_type = form.by_name[field.when["field"]].type
        conditions.append({"if": _condition(field.when, controller_type), "then": then,
                           "else": {"not": {"required": [field.name]}}})
    schema = {
        "$schema": DIALECT,
        "title": localise(form.spec.get("title")) or None,
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": required,
        "x-uploads": [{"name": slot.name, "title": slot.label, "required": slot.required,
                       "maxBytes": slot.max_bytes,
                       "contentTypes": sorted(CONTENT_TYPES[k] for k in slot.accept),
                       **({"when": slot.when} if slot.when else {})}
                      for slot in form.slots],
    }
    if schema["title"] is None:
        del schema["title"]
    if conditions:
        schema["allOf"] = conditions
    return schema
