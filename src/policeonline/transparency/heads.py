"""Signed tree heads: (size, root, timestamp) signed with the log's Ed25519 key.

The signed bytes are canonical JSON: ``{"log":"pso-transparency/1","root":"<hex>",
"size":N,"timestamp":"...Z"}``; the signature is raw Ed25519 over them, in base64.
"""

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .entries import canonical

LOG_ID = "pso-transparency/1"


def signed_bytes(size: int, root_hex: str, timestamp: str) -> bytes:
    return canonical({"log": LOG_ID, "size": size, "root": root_hex,
                      "timestamp": timestamp}).encode("ascii")


def check_signature(public_key: bytes, sth: dict) -> bool:
    """True only if ``sth`` (size, root, timestamp, signature) is signed by ``public_key``."""
    try:
        key = Ed25519PublicKey.from_public_bytes(public_key)
        key.verify(base64.b64decode(sth["signature"], validate=True),
                   signed_bytes(int(sth["size"]), str(sth["root"]), str(sth["timestamp"])))
        return True
    except (InvalidSignature, ValueError, KeyError, TypeError, binascii.Error):
        return False


def pem(public_key: bytes) -> str:
    return Ed25519PublicKey.from_public_bytes(public_key).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def raw_from_pem(text: str) -> bytes:
    key = serialization.load_pem_public_key(text.encode("ascii"))
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
