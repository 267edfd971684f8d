"""Ed25519 signatures over the canonical JSON of a message (every field but ``sign``, keys
sorted, no spaces), base64 in ``sign`` — the simulator's version of RSA2 signing."""

import base64
import json
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def canonical(message: dict) -> bytes:
    return json.dumps({k: v for k, v in message.items() if k != "sign"}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False).encode()


def sign(message: dict, key: Ed25519PrivateKey) -> dict:
    return {**message, "sign": base64.b64encode(key.sign(canonical(message))).decode()}


def verify(message: dict, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(base64.b64decode(str(message.get("sign", "")), validate=True), canonical(message))
    except (InvalidSignature, ValueError):
        return False
    return True


def new_key() -> tuple[bytes, bytes]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


def load_private(path: Path) -> Ed25519PrivateKey:
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def load_public(data: bytes) -> Ed25519PublicKey:
    return serialization.load_pem_public_key(data)
