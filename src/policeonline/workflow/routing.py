"""Which workflow template runs an item's cases: the item names it in the catalog
(``workflow:``, checked against the templates when the catalog loads). ``default_workflow`` is
the rule the catalog's first choices were made by (the exceptions — on-site inspections for
special-trade, event, security and blasting licences — were chosen item by item); it serves
an item object that has no ``workflow`` attribute, e.g. a spec read before loading."""

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
