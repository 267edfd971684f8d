"""Reading published certificate keys (pure Python, used by the offline verifier too).

A key document is either the portal's published list (``/certificates/keys/``)::

    {"format": "PSO1", "issuer": "...", "keys": [{"kid": ..., "suite": ..., "public_key": base64}]}

or one exported key (``manage.py certificates keys export-public``). Revoked keys are skipped.
"""

import base64
import json

from policeonline.exchange.crypto.registry import get_suite


def parse_key_document(text: str) -> dict:
    """``{kid: (suite, public key bytes)}``; ValueError when the document is unusable."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"not a JSON key document: {exc}") from None
    entries = raw.get("keys") if isinstance(raw, dict) and "keys" in raw else [raw]
    if not isinstance(entries, list):
        raise ValueError("keys must be a list")
    keys = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("revoked"):
            continue
        try:
            suite = get_suite(str(entry["suite"]))
            keys[str(entry["kid"])] = (suite, base64.b64decode(entry["public_key"], validate=True))
        except (KeyError, LookupError, ValueError) as exc:
            raise ValueError(f"unusable key entry: {exc}") from None
    if not keys:
        raise ValueError("no usable key in the document")
    return keys
