"""Tracking numbers of letters (信件查询码): ``XJ-2026-7K3M-9QXD``. Random like receipt numbers
(they reveal no count and no neighbour), with a MOD 37,36 check character so a mistyped
number is recognised before any lookup. An anonymous writer checks a letter with it and the
contact phone."""

import re
import secrets

from stdnum.iso7064 import mod_37_36

# Crockford-style, as receipt numbers: no I, L, O, U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PATTERN = re.compile(r"^XJ-(\d{4})-([0-9A-Z]{4})-([0-9A-Z]{4})$")
REGEX = r"^XJ-[0-9]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"


def new_tracking_no(year: int) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(7))
    chars = body + mod_37_36.calc_check_digit(f"{year}{body}")
    return f"XJ-{year}-{chars[:4]}-{chars[4:]}"


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", (text or "")).upper()[:40]


def is_valid(text: str) -> bool:
    match = PATTERN.match(normalise(text))
    return bool(match) and mod_37_36.is_valid("".join(match.groups()))

