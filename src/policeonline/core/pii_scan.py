"""Find personal data that should have been masked: full PRC resident ID numbers (GB 11643,
check digit valid, so a random run of 18 digits is not one) and full mainland mobile numbers.

Used by the permission-matrix tests on every page, API answer, export and log line an
unprivileged caller gets (docs/security.md). Masked forms (``370102********1234``,
``138****5678``) are not findings."""

import re
from dataclasses import dataclass
from datetime import date

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

# 6-digit region (not starting with 0), birth date 18xx–20xx, 3-digit sequence, check character;
# not part of a longer run of digits.
ID_NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]{5}(?:18|19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9Xx])"
                       r"(?![0-9Xx])")
# 1[3-9]x xxxx xxxx, written solid or grouped 3-4-4 with spaces or hyphens.
MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9])[ -]?([0-9]{4})[ -]?([0-9]{4})(?![0-9])")


@dataclass(frozen=True)
class Finding:
    kind: str  # "id_number" or "mobile"
    value: str
    start: int

    def __str__(self):
        return f"{self.kind} {self.value} at {self.start}"


def id_check_digit(body17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def is_id_number(candidate: str) -> bool:
    """A full 18-character resident ID number: a real birth date and a valid check digit."""
    if not re.fullmatch(r"[0-9]{17}[0-9Xx]", candidate):
        return False
    try:
        born = date(int(candidate[6:10]), int(candidate[10:12]), int(candidate[12:14]))
    except ValueError:
        return False
    return born.year >= 1800 and id_check_digit(candidate[:17]) == candidate[17].upper()


def scan_text(text: str) -> list[Finding]:
    findings = [Finding("id_number", m.group(1).upper(), m.start(1))
                for m in ID_NUMBER.finditer(text) if is_id_number(m.group(1))]
    taken = [(f.start, f.start + 18) for f in findings]
    for m in MOBILE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            findings.append(Finding("mobile", "".join(m.groups()), m.start()))
    return sorted(findings, key=lambda f: f.start)


def pdf_text(data: bytes) -> str:
    """The PDF's text, page by page; a file pypdf cannot read is scanned as raw bytes instead
    (so a broken PDF hides nothing)."""
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError):
        return data.decode("latin-1")


def body_text(data: bytes, content_type: str = "") -> str:
    """The text a reader of a response body or file sees: PDFs are read page by page, anything
    else is decoded as UTF-8 (undecodable bytes replaced, so binary files scan to nothing)."""
    if data[:5] == b"%PDF-" or "pdf" in content_type:
        return pdf_text(data)
    return data.decode("utf-8", errors="replace")


def scan_bytes(data: bytes, content_type: str = "") -> list[Finding]:
    return scan_text(body_text(data, content_type))
