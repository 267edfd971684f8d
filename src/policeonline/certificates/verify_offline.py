"""Verify a certificate code without the internet and without Django.

    python -m policeonline.certificates.verify_offline --key bureau-public.json CODE_OR_URL

``--key`` is the document published at ``/certificates/keys/`` (or one exported key; repeat
the option for several). Exit status: 0 genuine, 1 not genuine (altered, or an unknown key),
2 unusable input (not a code, unreadable key file). Revocation is not known offline.
"""

import argparse
import json
import sys
from pathlib import Path

from policeonline.exchange.crypto.contrib import ed25519  # noqa: F401  (registers the suite)

from .codes import GENUINE, MALFORMED, TAMPERED, UNKNOWN_KEY, extract_code, verify_code
from .keyfile import parse_key_document

VERDICTS = {
    GENUINE: "GENUINE: signed by the bureau (revocation can only be checked online)",
    TAMPERED: "NOT GENUINE: the code was altered or signed by someone else",
    UNKNOWN_KEY: "NOT RECOGNISED: signed with a key that is not in the key file",
    MALFORMED: "MALFORMED: this is not a complete certificate code",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="verify_offline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--key", action="append", required=True, help="public key JSON file")
    parser.add_argument("code", help="the code (PSO1.…) or the QR code's URL; - reads stdin")
    args = parser.parse_args(argv)
    keys = {}
    try:
        for path in args.key:
            keys.update(parse_key_document(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        print(f"cannot use key file: {exc}", file=sys.stderr)
        return 2
    text = sys.stdin.read() if args.code == "-" else args.code
    result = verify_code(extract_code(text), keys)
    print(VERDICTS[result.state])
    if result.payload is not None and result.genuine:
        print(json.dumps(result.payload.as_dict(), ensure_ascii=False, indent=2))
    elif result.detail:
        print(f"detail: {result.detail}")
    return {GENUINE: 0, TAMPERED: 1, UNKNOWN_KEY: 1}.get(result.state, 2)


if __name__ == "__main__":
    sys.exit(main())
