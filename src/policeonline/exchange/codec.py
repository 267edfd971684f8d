"""Canonical JSON for what we write, strict JSON for what we read.

Writing: sorted keys, no spaces, UTF-8 — the same body always gives the same bytes.
Reading: duplicate keys are an error (two parsers could disagree on which one wins), as are
NaN/Infinity and anything that is not UTF-8.
"""

import json


class StrictJSONError(ValueError):
    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def _no_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise StrictJSONError("duplicate_keys", f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constants(name):
    raise StrictJSONError("malformed", f"{name} is not allowed")


def loads(data: bytes):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StrictJSONError("not_utf8", f"not UTF-8 at byte {exc.start}") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except StrictJSONError:
        raise
    except ValueError as exc:
        raise StrictJSONError("malformed", f"not valid JSON: {exc}") from None
