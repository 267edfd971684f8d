"""The canonical log entry: ids, states and hashes of one case event, never personal data.

An entry is canonical JSON (keys sorted, no spaces, ASCII)::

    {"action":"accept","at":"2026-11-27T08:00:00.000000Z","body":"<64 hex>",
     "case":"<64 hex>","from":"submitted","prev":"<64 hex>","seq":2,"to":"accepted","v":1}

- ``case``: the case tag, SHA-256 over the receipt number and a random per-case salt. The
  applicant receives the salt in their proof bundle and can recompute the tag from their
  receipt; nobody else can link a receipt to its entries (the salt is 128 random bits).
- ``prev``: the leaf hash of the same case's previous entry (zeros for the first), so a
  case's entries form a chain: none can be dropped or reordered without breaking it.
- ``body``: SHA-256 over the salt and the event's other fields (actor, department, reason,
  note, visibility, detail): an edit of any of them shows, but the hash reveals nothing.
"""

import hashlib
import json
from datetime import UTC, datetime

VERSION = 1
ZERO = "0" * 64
TAG_PREFIX = b"pso-transparency/case\x00"
BODY_PREFIX = b"pso-transparency/body\x00"
MAX_ENTRY_CHARS = 600


def canonical(value: dict) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def case_tag(receipt_no: str, salt: bytes) -> str:
    return hashlib.sha256(TAG_PREFIX + receipt_no.encode("ascii") + b"\x00" + salt).hexdigest()


def body_hash(salt: bytes, fields: dict) -> str:
    return hashlib.sha256(BODY_PREFIX + salt + canonical(fields).encode("utf-8")).hexdigest()


def timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry(*, tag: str, seq: int, action: str, from_state: str, to_state: str, at: datetime,
          prev: str, body: str) -> str:
    return canonical({"v": VERSION, "case": tag, "seq": seq, "action": action,
                      "from": from_state, "to": to_state, "at": timestamp(at), "prev": prev,
                      "body": body})


FIELDS = {"v": int, "case": str, "seq": int, "action": str, "from": str, "to": str, "at": str,
          "prev": str, "body": str}


def parse(text: str) -> dict:
    """The entry's fields; ValueError unless it is a canonical version-1 entry."""
    if len(text) > MAX_ENTRY_CHARS:
        raise ValueError("entry too long")
    value = json.loads(text)
    if not isinstance(value, dict) or set(value) != set(FIELDS) or canonical(value) != text:
        raise ValueError("not a canonical log entry")
    for name, kind in FIELDS.items():
        if not isinstance(value[name], kind) or isinstance(value[name], bool):
            raise ValueError(f"entry field {name} has the wrong type")
    if value["v"] != VERSION:
        raise ValueError(f"unknown entry version {value['v']}")
    return value
