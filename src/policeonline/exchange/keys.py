"""Each zone's keyring: its own signing keys and the public keys it trusts.

Layout of a key directory (EXCHANGE_KEY_DIR):

    own/<kid>.key        private key, mode 0600, never leaves the zone
    own/<kid>.pub.json   the matching public key, to hand to the other zone
    own/ACTIVE           the key id used for signing now
    trusted/<kid>.pub.json   public keys of the other zone ("revoked": true stops one)

Rotation creates a new key and makes it active; the old one stays trusted by the other side
until an operator revokes it there, so envelopes in flight still verify.
"""

import base64
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .crypto.registry import DEFAULT_SUITE, get_suite


@dataclass(frozen=True)
class PublicKey:
    kid: str
    zone: str
    suite: str
    public_key: bytes
    revoked: bool = False

    def to_json(self) -> str:
        return json.dumps({"kid": self.kid, "zone": self.zone, "suite": self.suite,
                           "public_key": base64.b64encode(self.public_key).decode(),
                           "revoked": self.revoked}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "PublicKey":
        raw = json.loads(text)
        return cls(kid=raw["kid"], zone=raw["zone"], suite=raw["suite"],
                   public_key=base64.b64decode(raw["public_key"]),
                   revoked=bool(raw.get("revoked", False)))


class KeyringError(Exception):
    """A keyring problem an operator must fix (missing key, unknown id)."""


class Keyring:
    def __init__(self, directory: Path | str, zone: str):
        self.dir = Path(directory)
        self.zone = zone
        self._signing: tuple[str, str, bytes] | None = None
        self._trusted: dict[str, PublicKey] | None = None

    # --- own keys -------------------------------------------------------------------------
    def create(self, suite: str = DEFAULT_SUITE) -> PublicKey:
        """A new signing key, made active."""
        private, public = get_suite(suite).generate()
        kid = f"{self.zone}-{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(3)}"
        own = self.dir / "own"
        own.mkdir(parents=True, exist_ok=True)
        key_path = own / f"{kid}.key"
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(private)
        pub = PublicKey(kid=kid, zone=self.zone, suite=suite, public_key=public)
        (own / f"{kid}.pub.json").write_text(pub.to_json(), encoding="utf-8")
        (own / "ACTIVE").write_text(kid + "\n", encoding="utf-8")
        self._signing = None
        return pub

    def has_signing_key(self) -> bool:
        return (self.dir / "own" / "ACTIVE").exists()

    def signing_key(self) -> tuple[str, str, bytes]:
        """(key id, suite name, private key bytes) of the active key."""
        if self._signing is None:
            try:
                kid = (self.dir / "own" / "ACTIVE").read_text(encoding="utf-8").strip()
                pub = PublicKey.from_json((self.dir / "own" / f"{kid}.pub.json").read_text("utf-8"))
                private = (self.dir / "own" / f"{kid}.key").read_bytes()
            except FileNotFoundError:
                raise KeyringError(f"zone {self.zone} has no signing key in {self.dir}: run "
                                f"`manage.py exchange keys create`") from None
            self._signing = (kid, pub.suite, private)
        return self._signing

    def own_public_keys(self) -> list[PublicKey]:
        return [PublicKey.from_json(p.read_text("utf-8"))
                for p in sorted((self.dir / "own").glob("*.pub.json"))]

    def export_public(self, kid: str | None = None) -> str:
        kid = kid or self.signing_key()[0]
        path = self.dir / "own" / f"{kid}.pub.json"
        if not path.exists():
            raise KeyringError(f"no own key {kid}")
        return path.read_text(encoding="utf-8")

    # --- trusted keys of the other zone ---------------------------------------------------
    def trust(self, text: str) -> PublicKey:
        pub = PublicKey.from_json(text)
        if pub.zone == self.zone:
            raise KeyringError("a zone does not trust its own keys for incoming envelopes")
        get_suite(pub.suite)  # refuse keys of suites this build cannot verify
        trusted = self.dir / "trusted"
        trusted.mkdir(parents=True, exist_ok=True)
        (trusted / f"{pub.kid}.pub.json").write_text(pub.to_json(), encoding="utf-8")
        self._trusted = None
        return pub

    def revoke(self, kid: str) -> PublicKey:
        path = self.dir / "trusted" / f"{kid}.pub.json"
        if not path.exists():
            raise KeyringError(f"no trusted key {kid}")
        pub = PublicKey.from_json(path.read_text("utf-8"))
        revoked = PublicKey(pub.kid, pub.zone, pub.suite, pub.public_key, revoked=True)
        path.write_text(revoked.to_json(), encoding="utf-8")
        self._trusted = None
        return revoked

    def trusted(self) -> dict[str, PublicKey]:
        if self._trusted is None:
            self._trusted = {}
            for path in sorted((self.dir / "trusted").glob("*.pub.json")):
                pub = PublicKey.from_json(path.read_text("utf-8"))
                self._trusted[pub.kid] = pub
        return self._trusted

    def reload(self) -> None:
        self._signing = self._trusted = None
