"""The kinds of letter as data (``data/kinds.yaml``): deadline, anonymity, public Q&A, routing."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

KINDS_FILE = Path(__file__).parent / "data" / "kinds.yaml"
KIND_CODES = ("consultation", "complaint", "mailbox")


@dataclass(frozen=True)
class Kind:
    code: str
    answer_within_working_days: int
    anonymous: bool
    public_qa: bool
    department: str | None


@dataclass(frozen=True)
class Rules:
    kinds: dict
    other_department: str

    def kind(self, code: str) -> Kind:
        return self.kinds[code]


@cache
def rules() -> Rules:
    raw = yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8"))
    kinds = {}
    for code in KIND_CODES:
        entry = raw["kinds"][code]
        days = int(entry["answer_within_working_days"])
        if not 1 <= days <= 60:
            raise ValueError(f"{KINDS_FILE}: {code} deadline must be 1..60 working days")
        kinds[code] = Kind(code, days, bool(entry.get("anonymous")), bool(entry.get("public_qa")),
                           entry.get("department"))
    return Rules(kinds, raw["other_department"])
