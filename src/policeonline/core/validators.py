"""Validators for the identifiers Chinese public-security services handle.

The check-digit arithmetic comes from python-stdnum (GB 11643 resident ID numbers,
GB 32100 unified social credit codes); this module turns its exceptions into clear,
localised messages and normalises input the way citizens type it.
"""

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_id_number(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def validate_id_number(value: str) -> str:
    """Validate an 18-digit resident ID number (GB 11643); return it normalised."""
    number = normalize_id_number(value)
    if not number:
        raise ValidationError(_("Enter your resident ID number."), code="required")
    if len(number) != 18:
        raise ValidationError(_("A resident ID number has 18 characters; you entered %(n)d."),
                              code="length", params={"n": len(number)})
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("A resident ID number is 17 digits followed by a digit or X."),
                              code="format")
    problem = _ric_problem(number)
    if problem == "checksum":
        raise ValidationError(_("The last character (check digit) of this ID number is wrong. "
                                "Please check the number."), code="checksum")
    if problem == "birth_date":
        raise ValidationError(_("The date of birth in this ID number is not a valid date."),
                              code="birth_date")
    if problem == "region":
        # python-stdnum knows some region codes only partly (no county): not a valid place.
        raise ValidationError(_("The first six digits of this ID number are not a valid "
                                "region code."), code="region")
    return number


def _ric_problem(number: str) -> str | None:
    """What is wrong with a well-formed ID number (GB 11643), or None: python-stdnum's
    ``ric.validate`` in its order (check digit, birth date, place of birth at that date)."""
    if number[-1] != ric.calc_check_digit(number):
        return "checksum"
    try:
        ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        return "birth_date"
    return _place_problem(number[:10])


@lru_cache(maxsize=4096)
def _place_problem(region_and_year: str) -> str | None:
    """Whether the six-digit region code was a place of birth in that year. Held per process,
    keyed by region and year only (no one's number is kept): the answer never changes, and the
    lookup in python-stdnum's table costs ~0.1 ms, paid on every form with an ID number."""
    try:
        ric.get_birth_place(region_and_year + "01010000")
    except stdnum_errors.ValidationError:
        return "birth_date"  # as before: an unknown place reads as a bad date (python-stdnum's error)
    except KeyError:
        return "region"
    return None


def normalize_credit_code(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def validate_credit_code(value: str) -> str:
    """Validate an 18-character unified social credit code (GB 32100); return it normalised."""
    code = normalize_credit_code(value)
    if not code:
        raise ValidationError(_("Enter the unified social credit code."), code="required")
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters; you entered "
                                "%(n)d."), code="length", params={"n": len(code)})
    try:
        uscc.validate(code)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(_("The check character of this unified social credit code is "
                                "wrong. Please check the code."), code="checksum") from None
    except stdnum_errors.ValidationError:
        raise ValidationError(_("This is not a valid unified social credit code (it uses "
                                "digits and capital letters except I, O, S, V and Z)."),
                              code="format") from None
    return code


def normalize_phone(value: str) -> str:
    phone = re.sub(r"[\s-]", "", value or "")
    return phone[3:] if phone.startswith("+86") else phone


def validate_mobile(value: str) -> str:
    """Validate a mainland mobile number (11 digits, starting 13–19); return it normalised."""
    phone = normalize_phone(value)
    if not MOBILE_RE.fullmatch(phone):
        raise ValidationError(_("Enter an 11-digit mainland mobile number, e.g. 13800000000."),
                              code="mobile")
    return phone
