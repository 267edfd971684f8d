"""The guarantor rules as data (``data/rules.yaml``), loaded once and checked on load."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).parent / "data" / "rules.yaml"


@dataclass(frozen=True)
class Rules:
    items: tuple[str, ...]
    not_self: bool
    verified_account: bool
    name_matches_account: bool
    yearly_limit: int
    response_working_days: int
    jinan_household: bool
    no_criminal_record: bool
    no_wanted_notice: bool
    fields: dict

    @property
    def field_names(self) -> list[str]:
        return sorted(self.fields.values())


def parse(data: dict) -> Rules:
    rules = Rules(items=tuple(data["items"]), fields=dict(data["fields"]),
                  **{k: data[k] for k in ("not_self", "verified_account", "name_matches_account",
                                          "yearly_limit", "response_working_days",
                                          "jinan_household", "no_criminal_record",
                                          "no_wanted_notice")})
    if set(rules.fields) != {"name", "id_number", "phone"}:
        raise ValueError("guarantor rules: fields must name name, id_number and phone")
    if not (1 <= rules.yearly_limit <= 100 and 1 <= rules.response_working_days <= 60):
        raise ValueError("guarantor rules: yearly_limit 1..100, response_working_days 1..60")
    return rules


@lru_cache(maxsize=1)
def rules() -> Rules:
    return parse(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))


def needs_guarantor(item) -> bool:
    return "guarantor" in item.needs and item.code in rules().items
