"""Which workflow template runs an item's cases: the item names it in the catalog
(``workflow:``); ``default_workflow`` is the rule the catalog's choices were made by, used for
an item loaded from an older catalog file that names none."""

from .spec import template

INSPECTED_CATEGORIES = {"XF"}  # fire-safety checks are on-site by law


def default_workflow(item) -> str:
    if item.online_level in ("one_visit", "appointment"):
        return "inspection" if item.category.code in INSPECTED_CATEGORIES else "visit"
    if item.time_limit_working_days <= 1:
        return "simple"
    return "review"


def workflow_of(item) -> str:
    code = getattr(item, "workflow", "") or default_workflow(item)
    template(code)  # raises for an unknown template: never a case with a workflow nobody runs
    return code
