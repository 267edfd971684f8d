"""Booking numbers (预约号): ``YY-7K3M-9QXD``, random, so they reveal no counts."""

import secrets

from policeonline.applications.receipts import ALPHABET


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"YY-{chars[:4]}-{chars[4:]}"
