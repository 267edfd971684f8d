"""A case's proof bundle: its log entries, each with an inclusion proof against one signed
tree head, and the key that signed it. ``check`` is what the verifier and the portal run.

What a valid bundle proves: the log, as committed to by the signed head, holds exactly
these entries for this receipt number, numbered 1..n without gap, each chained to the one
before; the case's states follow on from each other. What it cannot prove: events after the
head was signed, or that the bureau logged an event at all before the head (see ADR 0028).
"""

import base64
import binascii
from dataclasses import dataclass, field

from . import merkle
from .entries import ZERO, case_tag, parse
from .heads import check_signature, raw_from_pem

FORMAT = "pso-transparency-proof/1"
MAX_ENTRIES = 2000


@dataclass(frozen=True)
class Problem:
    code: str  # format, key, signature, tag, entry, case, seq, chain, state, inclusion, empty
    index: int | None = None  # the log index of the entry concerned, if any
    detail: str = ""


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)  # parsed entries, with "index"
    size: int = 0
    root: str = ""
    timestamp: str = ""
    kid: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad_index(self) -> int | None:
        indexed = [p.index for p in self.problems if p.index is not None]
        return indexed[0] if indexed else None


def _hex32(value) -> bytes:
    if not isinstance(value, str) or len(value) != 64:
        raise ValueError("not a 32-byte hex hash")
    return bytes.fromhex(value)


def check(bundle, trusted_key: bytes | None = None) -> Result:
    """Check a bundle completely; every problem found is listed, the first bad entry first."""
    result = Result()
    try:
        head, key = bundle["tree_head"], bundle["public_key"]
        receipt, salt = str(bundle["receipt_no"]), bytes.fromhex(bundle["salt"])
        tag = str(bundle["case_tag"])
        items = bundle["entries"]
        if bundle.get("format") != FORMAT or not isinstance(items, list) or len(items) > MAX_ENTRIES:
            raise ValueError("format")
        size, root = int(head["size"]), _hex32(head["root"])
        public = raw_from_pem(key["pem"])
        result.size, result.root, result.timestamp = size, head["root"], str(head["timestamp"])
        result.kid = str(head.get("kid", ""))
    except (KeyError, TypeError, ValueError, AttributeError, UnicodeEncodeError, binascii.Error):
        result.problems.append(Problem("format"))
        return result
    if trusted_key is not None and trusted_key != public:
        result.problems.append(Problem("key", detail="the bundle's key is not the trusted key"))
    if not check_signature(public, head):
        result.problems.append(Problem("signature"))
    try:
        if case_tag(receipt, salt) != tag:
            result.problems.append(Problem("tag"))
    except UnicodeEncodeError:
        result.problems.append(Problem("tag"))
    if not items:
        result.problems.append(Problem("empty"))
    previous_leaf, previous_state, expected_seq = ZERO, "", 1
    for item in items:
        try:
            index = int(item["index"])
            text = item["entry"]
            path = [_hex32(h) for h in item["audit_path"]]
            fields = parse(text)
        except (KeyError, TypeError, ValueError, AttributeError):
            result.problems.append(Problem("entry", item.get("index") if isinstance(item, dict)
                                           and isinstance(item.get("index"), int) else None))
            break
        leaf = merkle.leaf_hash(text.encode("ascii"))
        result.entries.append({**fields, "index": index})
        if fields["case"] != tag:
            result.problems.append(Problem("case", index))
        if fields["seq"] != expected_seq:
            result.problems.append(Problem("seq", index, f"expected event {expected_seq}, "
                                                         f"found {fields['seq']}"))
        if fields["prev"] != previous_leaf:
            result.problems.append(Problem("chain", index))
        if fields["from"] != previous_state:
            result.problems.append(Problem("state", index))
        if not merkle.verify_inclusion(leaf, index, size, path, root):
            result.problems.append(Problem("inclusion", index))
        previous_leaf, previous_state, expected_seq = leaf.hex(), fields["to"], fields["seq"] + 1
    result.problems.sort(key=lambda p: (p.index is not None, p.index or 0))  # whole-bundle first
    return result


def audit_path_hex(path: list[bytes]) -> list[str]:
    return [h.hex() for h in path]


def signature_b64(signature: bytes) -> str:
    return base64.b64encode(signature).decode("ascii")
