"""When an item's fee is due and which variant an application pays (``data/fee_steps.yaml``,
ADR 0029). Both zones read it: the intranet decides and enforces (``payments.desk.services``),
the portal shows the applicant what will be due before it is asked."""

from functools import lru_cache
from pathlib import Path

import yaml

STEPS_FILE = Path(__file__).parent / "data" / "fee_steps.yaml"
ACCEPTANCE, ISSUE = "acceptance", "issue"
EXEMPT_FIELD, VARIANT_FIELD = "fee_exempt", "fee_variant"


@lru_cache(maxsize=1)
def fee_steps() -> dict:
    data = yaml.safe_load(STEPS_FILE.read_text(encoding="utf-8"))
    return {"before_acceptance": frozenset(data["before_acceptance"]),
            "variants": {code: (v["field"], dict(v["fees"])) for code, v in data["variants"].items()}}


def fee_stage(item_code: str) -> str:
    """The step the item's fee is due before: acceptance (ID cards) or issue (the rest)."""
    return ACCEPTANCE if item_code in fee_steps()["before_acceptance"] else ISSUE


def choose(item, data: dict) -> tuple[dict | None, str]:
    """(the catalog fee this application pays, "") or (None, why not: "exempt", "none",
    "hall" — several fees and no rule —, "unknown" — the answer does not choose one)."""
    if data.get(EXEMPT_FIELD) in (True, "true", "on", "1"):
        return None, "exempt"
    if item.fee_varies or not item.fees:
        return None, "none"
    fees = {f["code"]: f for f in item.fees}
    if data.get(VARIANT_FIELD) in fees:
        return fees[data[VARIANT_FIELD]], ""
    if len(item.fees) == 1:
        return item.fees[0], ""
    rule = fee_steps()["variants"].get(item.code)
    if rule is None:
        return None, "hall"
    field, by_answer = rule
    code = by_answer.get(str(data.get(field, "")))
    return (fees[code], "") if code in fees else (None, "unknown")
