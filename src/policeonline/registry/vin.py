"""Vehicle identification numbers (ISO 3779 / GB 16735): 17 characters without I, O and Q,
position 9 a check digit (weights and transliteration as in GB 16735 and FMVSS 565)."""

CHARSET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
_VALUES = {**{str(d): d for d in range(10)},
           **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
           **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
           **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
# Model-year codes (position 10) repeat every 30 years from 1980; no I, O, Q, U, Z or 0.
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"


def check_digit(vin: str) -> str:
    """The check digit for a 17-character VIN (position 9 is ignored)."""
    total = sum(_VALUES[c] * w for c, w in zip(vin, _WEIGHTS, strict=True))
    return "X" if total % 11 == 10 else str(total % 11)


def with_check_digit(vin: str) -> str:
    return vin[:8] + check_digit(vin) + vin[9:]


def model_year_code(year: int) -> str:
    return _YEAR_CODES[(year - 1980) % 30]


def is_valid_vin(vin: str) -> bool:
    return (len(vin or "") == 17 and all(c in CHARSET for c in vin)
            and vin[8] == check_digit(vin))
