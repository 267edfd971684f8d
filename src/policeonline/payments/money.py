"""Money is an integer number of fen (分); yuan only for display and for catalog input."""

from decimal import ROUND_HALF_UP, Decimal


def yuan_to_fen(yuan: Decimal | str | int) -> int:
    value = Decimal(str(yuan))
    if value < 0:
        raise ValueError("negative amount")
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fen_to_yuan(fen: int) -> str:
    """``2000`` → ``"20.00"``."""
    return f"{fen // 100}.{fen % 100:02d}"
