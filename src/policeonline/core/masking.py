"""Masking of personal data for display: only owners and authorised officers see it whole."""


def mask_id_number(number: str) -> str:
    """370102199001011234 → 370102********1234 (region kept, birth date hidden)."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678."""
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else "*" * len(phone)


def mask_name(name: str) -> str:
    """张三丰 → 张** ; keeps the family name only."""
    return name[:1] + "*" * (len(name) - 1) if name else ""
