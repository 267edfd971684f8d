"""The bureau's certificate-signing keys, separate from the exchange keys.

The intranet holds the private key (``<CERTIFICATE_KEY_DIR>/intranet/own/``); the internet zone
holds only public keys it was told to trust (``<CERTIFICATE_KEY_DIR>/internet/trusted/``) and
publishes them at ``/certificates/keys/`` so anyone can verify offline. The files and
operations are the exchange's ``Keyring``; key ids read ``cert-20261127-a1b2c3``.
"""

import base64
from pathlib import Path

from django.conf import settings

from policeonline.exchange.crypto.registry import get_suite
from policeonline.exchange.keys import Keyring, KeyringError, PublicKey

KEY_ZONE = "cert"  # the "zone" written into certificate keys; never an exchange zone
# Keys the portal itself signs with, for documents it issues instantly (pass permits, ADR 0020);
# such a key vouches only for permits (``codes.KEY_SCOPES``).
PORTAL_KEY_ZONE = "permit"


def portal_keyring() -> Keyring:
    return Keyring(Path(settings.CERTIFICATE_KEY_DIR) / "internet-portal", PORTAL_KEY_ZONE)


def keyring() -> Keyring:
    zone = KEY_ZONE if settings.ZONE == "intranet" else settings.ZONE
    return Keyring(Path(settings.CERTIFICATE_KEY_DIR) / settings.ZONE, zone)


def signing_key() -> tuple[str, object, bytes]:
    """(key id, suite, private key) of the active certificate key; intranet only."""
    if settings.ZONE != "intranet":
        raise KeyringError("certificates are signed on the intranet only")
    ring = keyring()
    if not ring.has_signing_key():
        raise KeyringError(f"no certificate signing key in {ring.dir}: run "
                           f"`manage.py certificates keys create` on the intranet")
    kid, suite, private = ring.signing_key()
    return kid, get_suite(suite), private


def public_keys() -> list[PublicKey]:
    """The keys this zone verifies with (and, on the internet, publishes)."""
    ring = keyring()
    if settings.ZONE == "intranet":
        return ring.own_public_keys() if (ring.dir / "own").exists() else []
    portal = portal_keyring()
    own = portal.own_public_keys() if (portal.dir / "own").exists() else []
    return [pub for pub in ring.trusted().values() if not pub.revoked and pub.zone == KEY_ZONE] + own


def verification_keys() -> dict:
    return {pub.kid: (get_suite(pub.suite), pub.public_key) for pub in public_keys()}


def trust(text: str) -> PublicKey:
    """Internet zone: accept a certificate public key exported on the intranet."""
    if settings.ZONE != "internet":
        raise KeyringError("the intranet verifies with its own keys; trust them on the internet")
    pub = PublicKey.from_json(text)
    if pub.zone != KEY_ZONE:
        raise KeyringError(f"{pub.kid} is not a certificate key (zone {pub.zone!r}); exchange "
                           f"keys are never trusted for certificates")
    return keyring().trust(text)


def published_document() -> dict:
    """The JSON published at /certificates/keys/ (and read by the offline verifier)."""
    return {"format": "PSO1", "issuer": settings.BUREAU_NAME, "issuer_en": settings.BUREAU_NAME_EN,
            "verify_url": f"{settings.PORTAL_BASE_URL}/certificates/verify/",
            "keys": [{"kid": pub.kid, "suite": pub.suite,
                      "public_key": base64.b64encode(pub.public_key).decode("ascii"),
                      **({"pem": _pem(pub.public_key)} if pub.suite == "ed25519-sha256" else {})}
                     for pub in public_keys()]}


def _pem(raw: bytes) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    return Ed25519PublicKey.from_public_bytes(raw).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")
