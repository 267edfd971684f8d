"""Personal data at rest: encrypted values plus keyed lookup digests.

ID and phone numbers are stored encrypted (Fernet, AES-128-CBC + HMAC) so a copied database
does not reveal them, and looked up through an HMAC-SHA256 digest so uniqueness and sign-in
work without decrypting every row. Several Fernet keys may be configured (newest first) so
keys can be rotated.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models


def _derived_key(purpose: str) -> bytes:
    # Development fallback only: the deploy check refuses it in production.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{purpose}".encode()).digest()


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        keys = (base64.urlsafe_b64encode(_derived_key("protected-data")).decode(),)
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(value: str) -> str:
    return _fernet(tuple(settings.PROTECTED_DATA_KEYS)).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(tuple(settings.PROTECTED_DATA_KEYS)).decrypt(token.encode()).decode()


def lookup_digest(kind: str, value: str) -> str:
    """Keyed digest of a normalised identifier; ``kind`` keeps ID and phone digests apart."""
    key = settings.LOOKUP_HMAC_KEY.encode() or _derived_key("lookup")
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; reads decrypt transparently."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
