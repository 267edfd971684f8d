"""Unique, valid resident ID numbers (GB 11643) without remembering every number issued.

A number is region + birth date + a three-digit sequence (odd for men, even for women) + a
check digit. The allocator keeps one small counter per (region, day, sex) in a flat array
(about 9 MB whatever the population), and maps counter k to a sequence through a per-slot
offset so that numbers do not all end in 001, 003, ...
"""

from array import array
from datetime import date

from stdnum.cn import ric

from .dates import BIRTH_DAYS, FIRST_BIRTH
from .regions import ALL_CODES, CODE_INDEX

SLOTS = {True: 500, False: 499}  # men 001…999 (odd), women 002…998 (even)


def with_check_digit(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")  # stdnum expects a placeholder


class IdAllocator:
    def __init__(self, reserved=()):
        self._used = array("H", [0]) * (len(ALL_CODES) * BIRTH_DAYS * 2)
        self._reserved = frozenset(reserved)

    def allocate(self, code: str, born: date, male: bool) -> str | None:
        """A fresh number, or None when that region, day and sex are exhausted."""
        day = (born - FIRST_BIRTH).days
        slot = (CODE_INDEX[code] * BIRTH_DAYS + day) * 2 + male
        slots = SLOTS[male]
        offset = (slot * 7919) % slots
        while (k := self._used[slot]) < slots:
            self._used[slot] = k + 1
            sequence = 2 * ((k + offset) % slots) + (1 if male else 2)
            number = with_check_digit(f"{code}{born:%Y%m%d}{sequence:03d}")
            if number not in self._reserved:
                return number
        return None
