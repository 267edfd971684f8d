"""The simulator's key directory: ``gateway.key``/``gateway.pub`` (its own) and
``merchants/<merchant_id>.pub`` (merchants it accepts requests from)."""

import os
import re

from django.conf import settings

from . import signing

MERCHANT_ID = re.compile(r"^[A-Z0-9-]{3,32}$")


def create() -> bytes:
    directory = settings.GATEWAY_KEY_DIR
    (directory / "merchants").mkdir(parents=True, exist_ok=True)
    if not (directory / "gateway.key").exists():
        private, public = signing.new_key()
        path = directory / "gateway.key"
        path.write_bytes(private)
        os.chmod(path, 0o600)
        (directory / "gateway.pub").write_bytes(public)
    return (directory / "gateway.pub").read_bytes()


def private_key():
    return signing.load_private(settings.GATEWAY_KEY_DIR / "gateway.key")


def trust_merchant(merchant_id: str, pem: bytes) -> None:
    if not MERCHANT_ID.match(merchant_id):
        raise ValueError("bad merchant id")
    signing.load_public(pem)  # refuse anything that is not a public key
    (settings.GATEWAY_KEY_DIR / "merchants").mkdir(parents=True, exist_ok=True)
    (settings.GATEWAY_KEY_DIR / "merchants" / f"{merchant_id}.pub").write_bytes(pem)


def merchant_key(merchant_id: str):
    if not MERCHANT_ID.match(merchant_id or ""):
        return None
    path = settings.GATEWAY_KEY_DIR / "merchants" / f"{merchant_id}.pub"
    return signing.load_public(path.read_bytes()) if path.exists() else None
