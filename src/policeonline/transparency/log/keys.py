"""The log's own Ed25519 signing key, in ``<CERTIFICATE_KEY_DIR>/transparency/`` (the same
keyring files as the exchange and certificates; key ids read ``tlog-20261127-a1b2c3``)."""

from pathlib import Path

from django.conf import settings

from policeonline.exchange.crypto.registry import get_suite
from policeonline.exchange.keys import Keyring, KeyringError

KEY_ZONE = "tlog"
SUITE = "ed25519-sha256"


def keyring() -> Keyring:
    return Keyring(Path(settings.CERTIFICATE_KEY_DIR) / "transparency", KEY_ZONE)


def ensure() -> tuple[bool, str]:
    """Create the key unless there is one; (created?, key id)."""
    ring = keyring()
    if ring.has_signing_key():
        return False, ring.signing_key()[0]
    return True, ring.create(SUITE).kid


def signing_key() -> tuple[str, object, bytes, bytes]:
    """(key id, suite, private key, raw public key) of the active key."""
    ring = keyring()
    if not ring.has_signing_key():
        raise KeyringError(f"no transparency-log key in {ring.dir}: run "
                           f"`manage.py transparency keys create` on the intranet")
    kid, suite, private = ring.signing_key()
    public = next(p.public_key for p in ring.own_public_keys() if p.kid == kid)
    return kid, get_suite(suite), private, public
