"""GA 36-2018 plate-number rules for self-selection, for any issuing authority (both zones).

A plate is the authority prefix (province character + authority letter, 鲁A) and a serial:

- ordinary, large (01) and small (02): five characters, digits and letters except I and O,
  at most two letters (鲁A12345, 鲁AB1C23);
- small new-energy (52): D (battery electric) or F (other) + a digit or letter + four digits;
- large new-energy (51): five digits + D or F.

Pure Python with no Django models: the internet zone may not import ``registry``, so this is
the one copy both zones validate and enumerate with.
"""

import re
import unicodedata
from itertools import combinations, product

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # I and O are never used (mistaken for 1 and 0)
ALNUM = "0123456789" + LETTERS
_L = "A-HJ-NP-Z"

# The issuing authorities this bureau releases numbers for (发牌机关代号).
AUTHORITIES = {"鲁A": gettext_lazy("Jinan vehicle administration office (鲁A)")}

TYPES = {
    "02": gettext_lazy("Small car (blue plate)"),
    "52": gettext_lazy("Small new-energy car (green plate)"),
    "01": gettext_lazy("Large vehicle (yellow plate)"),
    "51": gettext_lazy("Large new-energy vehicle (yellow-green plate)"),
}
SERIALS = {
    "01": re.compile(rf"^(?=(?:[0-9]*[{_L}]){{0,2}}[0-9]*$)[0-9{_L}]{{5}}$"),
    "02": re.compile(rf"^(?=(?:[0-9]*[{_L}]){{0,2}}[0-9]*$)[0-9{_L}]{{5}}$"),
    "52": re.compile(rf"^[DF][0-9{_L}][0-9]{{4}}$"),
    "51": re.compile(r"^[0-9]{5}[DF]$"),
}
PREFIX = re.compile(rf"^[{PROVINCES}][{_L}]$")


def hint(plate_type: str) -> str:
    """What the citizen may type, in words."""
    if plate_type == "52":
        return _("6 characters: D (electric) or F (hybrid), then a digit or letter, then 4 digits, "
                 "e.g. D12345 or FK1234.")
    if plate_type == "51":
        return _("6 characters: 5 digits, then D (electric) or F (hybrid), e.g. 12345D.")
    return _("5 characters: digits and letters (no I or O), at most two letters, e.g. 12345 or B1C23.")


def normalise(serial: str) -> str:
    """Full-width characters to ASCII, upper case, spaces and dots dropped (鲁A·12345)."""
    text = unicodedata.normalize("NFKC", serial or "").upper()
    return "".join(c for c in text if c not in " ·.-")


def serial_error(plate_type: str, serial: str) -> str | None:
    """Why ``serial`` is not a valid serial for this plate type (localised), or None."""
    if plate_type not in SERIALS:
        return _("Unknown plate type.")
    if not serial:
        return _("Enter the characters of the number you want.")
    if "I" in serial or "O" in serial:
        return _("The letters I and O are not used on plates (they look like 1 and 0).")
    if not SERIALS[plate_type].match(serial):
        return _("This is not a valid number for this plate type. %(hint)s") % {"hint": hint(plate_type)}
    return None


def is_valid(prefix: str, plate_type: str, plate: str) -> bool:
    return (bool(PREFIX.match(prefix)) and plate.startswith(prefix)
            and serial_error(plate_type, plate[len(prefix):]) is None)


# Enumeration: every valid serial of a type has an index, so a release can draw numbers
# uniformly (count) without building the whole space.
_BLOCKS = [(positions, len(LETTERS) ** n * 10 ** (5 - n))
           for n in range(3) for positions in combinations(range(5), n)]
SPACE = {"01": sum(size for _, size in _BLOCKS), "02": sum(size for _, size in _BLOCKS),
         "52": 2 * len(ALNUM) * 10 ** 4, "51": 2 * 10 ** 5}


def serial_at(plate_type: str, index: int) -> str:
    if not 0 <= index < SPACE[plate_type]:
        raise ValueError("serial index out of range")
    if plate_type == "52":
        kind, rest = divmod(index, len(ALNUM) * 10 ** 4)
        second, digits = divmod(rest, 10 ** 4)
        return f"{'DF'[kind]}{ALNUM[second]}{digits:04d}"
    if plate_type == "51":
        kind, digits = divmod(index, 10 ** 5)
        return f"{digits:05d}{'DF'[kind]}"
    block = 0
    while index >= _BLOCKS[block][1]:
        index -= _BLOCKS[block][1]
        block += 1
    letter_positions, chars = _BLOCKS[block][0], []
    for position in reversed(range(5)):
        base, alphabet = (len(LETTERS), LETTERS) if position in letter_positions else (10, "0123456789")
        index, digit = divmod(index, base)
        chars.append(alphabet[digit])
    return "".join(reversed(chars))


def expand(plate_type: str, pattern: str, limit: int) -> list[str]:
    """Every valid serial matching ``pattern`` (``?`` any digit, ``*`` any digit or letter);
    raises ValueError when the pattern is malformed or matches more than ``limit``."""
    pattern = normalise(pattern)
    length = 6 if plate_type in ("51", "52") else 5
    if len(pattern) != length or any(c not in ALNUM + "?*" for c in pattern):
        raise ValueError(_("The pattern must have %(n)d characters: digits, letters, ? (any digit) "
                           "or * (any digit or letter).") % {"n": length})
    choices = [("0123456789" if c == "?" else ALNUM if c == "*" else c) for c in pattern]
    total = 1
    for options in choices:
        total *= len(options)
    if total > 64 * limit:
        raise ValueError(_("The pattern is too broad; release at most %(n)d numbers at once.") % {"n": limit})
    found = [s for s in ("".join(p) for p in product(*choices)) if SERIALS[plate_type].match(s)]
    if len(found) > limit:
        raise ValueError(_("The pattern is too broad; release at most %(n)d numbers at once.") % {"n": limit})
    return found
