"""Ed25519 signatures with SHA-256 digests (the `cryptography` package, OpenSSL underneath)."""

import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..base import Suite
from ..registry import register


@register
class Ed25519Sha256(Suite):
    name = "ed25519-sha256"

    def __init__(self):
        self._private_cache: dict[bytes, Ed25519PrivateKey] = {}
        self._public_cache: dict[bytes, Ed25519PublicKey] = {}

    def digest(self, data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def generate(self) -> tuple[bytes, bytes]:
        key = Ed25519PrivateKey.generate()
        private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                               serialization.PublicFormat.Raw)
        return private, public

    def sign(self, private_key: bytes, data: bytes) -> bytes:
        key = self._private_cache.get(private_key)
        if key is None:  # parsing PEM costs more than signing: keep parsed keys
            key = self._private_cache[private_key] = serialization.load_pem_private_key(
                private_key, password=None)
        return key.sign(data)

    def verify(self, public_key: bytes, signature: bytes, data: bytes) -> bool:
        try:
            key = self._public_cache.get(public_key)
            if key is None:
                key = self._public_cache[public_key] = Ed25519PublicKey.from_public_bytes(public_key)
            key.verify(signature, data)
            return True
        except (InvalidSignature, ValueError):
            return False
