"""Receipt numbers (受理回执号): ``JN-2026-7K3M-9QXD-2WT4``. The year, eleven random characters
and an ISO 7064 MOD 37,36 check character — random so a number reveals nothing about how many
applications there are or lets anyone step to a neighbour's, checked so a mistyped or tampered
number is recognised as such before any lookup."""

import re
import secrets

from stdnum.iso7064 import mod_37_36

# Crockford-style alphabet: no I, L, O, U, so a number read aloud or retyped is unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PATTERN = re.compile(r"^JN-(\d{4})-([0-9A-Z]{4})-([0-9A-Z]{4})-([0-9A-Z]{4})$")


def new_receipt_no(year: int) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(11))
    check = mod_37_36.calc_check_digit(f"{year}{body}")
    chars = body + check
    return f"JN-{year}-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", (text or "")).upper()[:40]


def is_valid(text: str) -> bool:
    match = PATTERN.match(normalise(text))
    if not match:
        return False
    return mod_37_36.is_valid("".join(match.groups()))
