"""Jinan (鲁A) motor-vehicle plate numbers in the shapes GA 36-2018 allows.

- Ordinary plates (large 01 and small 02): 鲁A + five characters, digits and letters except
  I and O, at most two letters (鲁A12345, 鲁AB1C23).
- Small new-energy plates (52): 鲁A + D (battery electric) or F (other new energy) + a digit or
  letter + four digits (鲁AD12345, 鲁AFK1234).
- Large new-energy plates (51): 鲁A + five digits + D or F (鲁A12345D).
"""

import re
from itertools import combinations

PREFIX = "鲁A"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # I and O are never used (mistaken for 1 and 0)
_L = "A-HJ-NP-Z"
PATTERNS = {
    "01": re.compile(rf"^鲁A(?=(?:[0-9]*[{_L}]){{0,2}}[0-9]*$)[0-9{_L}]{{5}}$"),
    "02": re.compile(rf"^鲁A(?=(?:[0-9]*[{_L}]){{0,2}}[0-9]*$)[0-9{_L}]{{5}}$"),
    "51": re.compile(r"^鲁A[0-9]{5}[DF]$"),
    "52": re.compile(rf"^鲁A[DF][0-9{_L}][0-9]{{4}}$"),
}


def is_valid_plate(plate: str, plate_type: str) -> bool:
    pattern = PATTERNS.get(plate_type)
    return bool(pattern and pattern.fullmatch(plate or ""))


def _ordinary_blocks() -> list[tuple[tuple[int, ...], int]]:
    """Serials grouped by which positions hold letters: (letter positions, block size)."""
    return [(positions, len(LETTERS) ** n * 10 ** (5 - n))
            for n in range(3) for positions in combinations(range(5), n)]


_BLOCKS = _ordinary_blocks()
ORDINARY_SPACE = sum(size for _, size in _BLOCKS)          # 7,060,000 serials
NEW_ENERGY_SPACE = 2 * (10 + len(LETTERS)) * 10 ** 4       # 680,000 serials


def _block(index: int) -> tuple[tuple[int, ...], int]:
    """Which block an index falls in, and its offset inside the block."""
    for letter_positions, size in _BLOCKS:
        if 0 <= index < size:
            return letter_positions, index
        index -= size
    raise ValueError("plate index out of range")


def ordinary_plate(index: int) -> str:
    """The index-th ordinary serial (0 ≤ index < ORDINARY_SPACE): a bijection, so distinct
    indexes give distinct plates."""
    letter_positions, index = _block(index)
    chars = []
    for position in reversed(range(5)):
        if position in letter_positions:
            index, digit = divmod(index, len(LETTERS))
            chars.append(LETTERS[digit])
        else:
            index, digit = divmod(index, 10)
            chars.append(str(digit))
    return PREFIX + "".join(reversed(chars))


def new_energy_small_plate(index: int) -> str:
    """The index-th small new-energy serial (0 ≤ index < NEW_ENERGY_SPACE)."""
    if not 0 <= index < NEW_ENERGY_SPACE:
        raise ValueError("plate index out of range")
    kind, rest = divmod(index, NEW_ENERGY_SPACE // 2)
    second, digits = divmod(rest, 10 ** 4)
    return f"{PREFIX}{'DF'[kind]}{('0123456789' + LETTERS)[second]}{digits:04d}"
