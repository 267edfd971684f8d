"""The merchant keys of the platform with its gateway (like the exchange keys, per zone):

    <PAYMENT_KEY_DIR>/merchant.key   our signing key (0600), merchant.pub its public half
    <PAYMENT_KEY_DIR>/gateway.pub    the gateway's public key: callbacks and answers must verify
"""

import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import conf


def create() -> bytes:
    directory = conf.key_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "merchant.key"
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        os.chmod(path, 0o600)
        (directory / "merchant.pub").write_bytes(key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return (directory / "merchant.pub").read_bytes()


def trust_gateway(pem: bytes) -> None:
    serialization.load_pem_public_key(pem)  # refuse anything that is not a public key
    conf.key_dir().mkdir(parents=True, exist_ok=True)
    (conf.key_dir() / "gateway.pub").write_bytes(pem)


def merchant_key():
    return serialization.load_pem_private_key((conf.key_dir() / "merchant.key").read_bytes(), None)


def gateway_key():
    return serialization.load_pem_public_key((conf.key_dir() / "gateway.pub").read_bytes())
