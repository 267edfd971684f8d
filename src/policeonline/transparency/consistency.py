"""A consistency document: two signed tree heads of the log and the RFC 9162 proof that the
later one extends the earlier (no entry edited, removed or inserted in between)."""

import binascii

from . import merkle
from .heads import check_signature, raw_from_pem

FORMAT = "pso-transparency-consistency/1"
MAX_PROOF = 64


def check(document, trusted_key: bytes | None = None) -> list[str]:
    """Problem codes, empty when the second head consistently extends the first:
    format, key, signature_first, signature_second, consistency."""
    try:
        if document.get("format") != FORMAT:
            raise ValueError("format")
        first, second = document["first"], document["second"]
        public = raw_from_pem(document["public_key"]["pem"])
        proof = document["proof"]
        if not isinstance(proof, list) or len(proof) > MAX_PROOF:
            raise ValueError("proof")
        path = [bytes.fromhex(h) for h in proof]
        sizes = int(first["size"]), int(second["size"])
        roots = bytes.fromhex(first["root"]), bytes.fromhex(second["root"])
        if any(len(h) != 32 for h in (*path, *roots)):
            raise ValueError("hash length")
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
        return ["format"]
    problems = []
    if trusted_key is not None and trusted_key != public:
        problems.append("key")
    if not check_signature(public, first):
        problems.append("signature_first")
    if not check_signature(public, second):
        problems.append("signature_second")
    if not merkle.verify_consistency(sizes[0], sizes[1], roots[0], roots[1], path):
        problems.append("consistency")
    return problems
