"""Check a transparency-log document without the internet and without Django.

    python -m policeonline.transparency.verify proof.json [--key log-key.pem]

The file is either a case's proof bundle (downloaded from the portal's "prove my case"
page) or a consistency document (two signed tree heads and the proof that the later one
extends the earlier). ``--key`` is the log's public key as published on the portal; without
it the key inside the document is used (which proves integrity, not who signed).
Exit status: 0 verified, 1 not verified (the first bad log index is named), 2 unusable input.
"""

import argparse
import json
import sys
from pathlib import Path

from . import bundle, consistency
from .heads import raw_from_pem

MESSAGES = {
    "format": "not a complete proof document",
    "key": "signed with a different key from the one given by --key",
    "signature": "the tree head's signature is not valid",
    "signature_first": "the first tree head's signature is not valid",
    "signature_second": "the second tree head's signature is not valid",
    "consistency": "the second tree head does NOT extend the first: the log was rewritten",
    "tag": "the case tag does not match the receipt number and salt",
    "empty": "the bundle holds no entries",
    "entry": "an entry is malformed",
    "case": "the entry belongs to another case",
    "seq": "an event of the case is missing or out of order",
    "chain": "the entry does not chain to the case's previous entry",
    "state": "the entry's starting state does not follow the previous entry",
    "inclusion": "the entry is NOT included in the signed tree head (edited, removed or moved)",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policeonline.transparency.verify",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("document", help="proof bundle or consistency document (JSON); - reads stdin")
    parser.add_argument("--key", help="the log's public key (PEM) to require")
    args = parser.parse_args(argv)
    try:
        text = sys.stdin.read() if args.document == "-" else Path(args.document).read_text("utf-8")
        document = json.loads(text)
        trusted = raw_from_pem(Path(args.key).read_text("utf-8")) if args.key else None
    except (OSError, ValueError, RecursionError) as exc:
        print(f"cannot read input: {exc}", file=sys.stderr)
        return 2
    if isinstance(document, dict) and document.get("format") == consistency.FORMAT:
        problems = consistency.check(document, trusted)
        if problems == ["format"]:
            print("UNUSABLE: " + MESSAGES["format"])
            return 2
        for code in problems:
            print(f"NOT VERIFIED: {MESSAGES[code]}")
        if not problems:
            print(f"VERIFIED: tree head {document['second']['size']} extends tree head "
                  f"{document['first']['size']} (nothing before it was changed)")
        return 1 if problems else 0
    result = bundle.check(document, trusted)
    if [p.code for p in result.problems] == ["format"]:
        print("UNUSABLE: " + MESSAGES["format"])
        return 2
    for problem in result.problems:
        where = f"log index {problem.index}: " if problem.index is not None else ""
        extra = f" ({problem.detail})" if problem.detail else ""
        print(f"NOT VERIFIED: {where}{MESSAGES[problem.code]}{extra}")
    if result.ok:
        print(f"VERIFIED: {len(result.entries)} events of case {document['receipt_no']} are in "
              f"the log, chained and unaltered, under tree head {result.size} "
              f"({result.timestamp}, root {result.root[:16]}…)")
        for item in result.entries:
            print(f"  #{item['index']} event {item['seq']}: {item['action']} "
                  f"{item['from'] or '-'} → {item['to']} at {item['at']}")
    elif result.first_bad_index is not None:
        print(f"FIRST BAD LOG INDEX: {result.first_bad_index}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
