"""The signed code printed as the certificate's QR code — pure Python, no Django, so the offline
verifier runs it too.

    PSO1.<base64url(canonical JSON payload)>.<base64url(signature)>

The signature covers the exact ASCII bytes ``PSO1.<payload part>``. The payload carries only
masked personal data plus a salted digest of the certificate's full content, which binds the
printed text to the code without revealing it. Keys and algorithms come through the exchange's
crypto-suite interface (``Suite.sign``/``verify``), so an SM2 suite can replace Ed25519.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import date

PREFIX = "PSO1"
VERSION = 1
MAX_CODE_LENGTH = 1200  # a URL carrying it stays well inside one QR code
GENUINE, TAMPERED, UNKNOWN_KEY, MALFORMED = "genuine", "tampered", "unknown_key", "malformed"

# Key families that may sign only some kinds of document, by key id prefix: the portal's own
# pass-permit key (ADR 0020) vouches for permits (item TXZ) and nothing else, offline too.
KEY_SCOPES = {"permit-": frozenset({"TXZ"})}

_B64URL = re.compile(r"^[A-Za-z0-9_-]+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Wire keys are short: every byte makes the QR code denser.
_LIMITS = {"s": 32, "i": 32, "t": 64, "n": 32, "id": 32, "k": 64, "d": 128}


@dataclass(frozen=True)
class CodePayload:
    serial: str
    item_code: str
    title: str
    holder_name_masked: str
    holder_id_masked: str
    issued_on: date
    valid_until: date | None
    content_digest: str
    key_id: str = ""
    version: int = VERSION

    def to_wire(self, kid: str) -> dict:
        return {"v": VERSION, "s": self.serial, "i": self.item_code, "t": self.title,
                "n": self.holder_name_masked, "id": self.holder_id_masked,
                "iss": self.issued_on.isoformat(),
                "exp": self.valid_until.isoformat() if self.valid_until else None,
                "k": kid, "d": self.content_digest}

    @classmethod
    def from_wire(cls, raw: dict) -> "CodePayload":
        """Strict: exactly the known keys, bounded strings, real dates; ValueError otherwise."""
        if not isinstance(raw, dict) or set(raw) != {*_LIMITS, "v", "iss", "exp"}:
            raise ValueError("unexpected payload fields")
        if type(raw["v"]) is not int or raw["v"] != VERSION:
            raise ValueError("unknown payload version")
        for key, limit in _LIMITS.items():
            if not isinstance(raw[key], str) or not 0 < len(raw[key]) <= limit:
                raise ValueError(f"bad field {key}")
        return cls(serial=raw["s"], item_code=raw["i"], title=raw["t"], holder_name_masked=raw["n"],
                   holder_id_masked=raw["id"], issued_on=_date(raw["iss"]),
                   valid_until=None if raw["exp"] is None else _date(raw["exp"]),
                   content_digest=raw["d"], key_id=raw["k"], version=raw["v"])

    def as_dict(self) -> dict:
        """Readable form, for printing and templates."""
        return {"version": self.version, "serial": self.serial, "item_code": self.item_code,
                "title": self.title, "holder_name_masked": self.holder_name_masked,
                "holder_id_masked": self.holder_id_masked, "issued_on": self.issued_on.isoformat(),
                "valid_until": self.valid_until.isoformat() if self.valid_until else None,
                "key_id": self.key_id, "content_digest": self.content_digest}


@dataclass(frozen=True)
class VerifyResult:
    state: str  # GENUINE, TAMPERED, UNKNOWN_KEY or MALFORMED
    payload: CodePayload | None = None  # None when MALFORMED
    detail: str = ""

    @property
    def genuine(self) -> bool:
        return self.state == GENUINE


def canonical_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def content_digest(fields: dict, suite) -> str:
    """Digest of the certificate's full content (names, numbers, body text, a random salt):
    the salt keeps the masked fields plus the digest from being brute-forced back to the person."""
    return suite.digest(canonical_json(fields))


def sign_code(payload: CodePayload, private_key: bytes, kid: str, suite) -> str:
    CodePayload.from_wire(payload.to_wire(kid))  # refuse to sign what verify would refuse
    body = _b64encode(canonical_json(payload.to_wire(kid)))
    signed = f"{PREFIX}.{body}"
    code = f"{signed}.{_b64encode(suite.sign(private_key, signed.encode('ascii')))}"
    if len(code) > MAX_CODE_LENGTH:
        raise ValueError(f"code would be {len(code)} characters (limit {MAX_CODE_LENGTH})")
    return code


def verify_code(code, public_keys: dict) -> VerifyResult:
    """Check a code against ``{kid: (suite, public key bytes)}``. Never raises."""
    try:
        return _verify(code, public_keys)
    except Exception as exc:  # noqa: BLE001 - any surprise in hostile input is "malformed"
        return VerifyResult(MALFORMED, detail=f"unreadable ({type(exc).__name__})")


def extract_code(text) -> str:
    """The code from what a person pastes or a scanner reads: the code itself or the QR's URL."""
    if not isinstance(text, str):
        return ""
    text = text.strip()[: MAX_CODE_LENGTH + 200]
    marker = text.rfind("/c/")
    if marker >= 0:
        text = text[marker + 3:]
    return text.split("?", 1)[0].split("#", 1)[0].strip().rstrip("/")


def _verify(code, public_keys: dict) -> VerifyResult:
    if not isinstance(code, str) or not code:
        return VerifyResult(MALFORMED, detail="empty")
    if len(code) > MAX_CODE_LENGTH:
        return VerifyResult(MALFORMED, detail="too long")
    parts = code.split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        return VerifyResult(MALFORMED, detail="not a PSO1 code")
    try:
        body, signature = _b64decode(parts[1]), _b64decode(parts[2])
        raw = json.loads(body.decode("utf-8"), object_pairs_hook=_no_duplicates,
                         parse_constant=_refuse_constant)
    except ValueError as exc:
        return VerifyResult(MALFORMED, detail=str(exc)[:100])
    kid = raw.get("k") if isinstance(raw, dict) else None
    if not isinstance(kid, str):
        return VerifyResult(MALFORMED, detail="no key id")
    try:
        payload = CodePayload.from_wire(raw)
    except (ValueError, TypeError) as exc:
        payload, problem = None, str(exc)[:100]
    else:
        problem = ""
    if kid not in public_keys:
        return VerifyResult(UNKNOWN_KEY, payload, detail="key not known") if payload else \
            VerifyResult(MALFORMED, detail=problem)
    suite, public_key = public_keys[kid]
    if not suite.verify(public_key, signature, f"{PREFIX}.{parts[1]}".encode("ascii")):
        return VerifyResult(TAMPERED, payload, detail="signature does not match")
    if payload is None:  # signed by us, yet unreadable: never produced by sign_code
        return VerifyResult(MALFORMED, detail=problem)
    scope = next((items for prefix, items in KEY_SCOPES.items() if kid.startswith(prefix)), None)
    if scope is not None and payload.item_code not in scope:
        return VerifyResult(TAMPERED, payload, detail="this key may not sign this kind of document")
    return VerifyResult(GENUINE, payload)


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _b64decode(text: str) -> bytes:
    """Strict base64url without padding: the only encoding of each byte string is accepted (a
    changed unused bit in the last character must not verify as the same signature)."""
    if not _B64URL.match(text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error:
        raise ValueError("not base64url") from None
    if _b64encode(data) != text:
        raise ValueError("non-canonical base64url")
    return data


def _date(text) -> date:
    if not isinstance(text, str) or not _DATE.match(text):
        raise ValueError("bad date")
    return date.fromisoformat(text)


def _no_duplicates(pairs):
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate keys")
    return dict(pairs)


def _refuse_constant(name):
    raise ValueError(f"non-standard number {name}")
