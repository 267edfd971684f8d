"""Bytes stored encrypted with the protected-data keys (ADR 8), e.g. a certificate's PDF."""

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import models

from policeonline.core.protected import _fernet  # the one key ring of personal data at rest


class EncryptedBinaryField(models.BinaryField):
    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return _fernet(tuple(settings.PROTECTED_DATA_KEYS)).decrypt(bytes(value))
        except InvalidToken:
            raise ValueError("stored PDF cannot be decrypted with PROTECTED_DATA_KEYS") from None

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return _fernet(tuple(settings.PROTECTED_DATA_KEYS)).encrypt(bytes(value))
