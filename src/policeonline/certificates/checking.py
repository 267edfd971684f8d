"""What the public verification page says about a code: the signature (codes.py) plus the
zone's record of the certificate (revoked? expired? on file?)."""

from dataclasses import dataclass

from . import codes, keys
from .models import Certificate

# Verdicts, best first. Only the first four come from a genuine signature.
VALID, REVOKED, EXPIRED, UNCONFIRMED = "valid", "revoked", "expired", "unconfirmed"
NOT_GENUINE, UNKNOWN_KEY, MALFORMED = "not_genuine", "unknown_key", "malformed"


@dataclass(frozen=True)
class Verdict:
    state: str
    payload: codes.CodePayload | None = None  # shown only when the signature is genuine
    certificate: Certificate | None = None

    @property
    def genuine(self) -> bool:
        return self.state in {VALID, REVOKED, EXPIRED, UNCONFIRMED}


def check(text) -> Verdict:
    code = codes.extract_code(text)
    result = codes.verify_code(code, keys.verification_keys())
    if result.state == codes.TAMPERED:
        return Verdict(NOT_GENUINE)
    if result.state == codes.UNKNOWN_KEY:
        return Verdict(UNKNOWN_KEY)
    if not result.genuine:
        return Verdict(MALFORMED)
    certificate = Certificate.objects.light().filter(serial=result.payload.serial).first()
    if certificate is None or certificate.code != code:
        return Verdict(UNCONFIRMED, result.payload)
    return Verdict(certificate.state_on(), result.payload, certificate)
