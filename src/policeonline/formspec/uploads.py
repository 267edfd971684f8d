"""Upload checks: only PDF, JPEG and PNG, within the slot's size, and the content must be what
the file name says and must actually open (a magic number alone proves nothing)."""

import io
import os
import warnings

from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}
SUFFIX = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}
MAX_PIXELS = 50_000_000  # a 5 MiB image with more pixels than this is a decompression bomb


class UploadRefused(Exception):
    """The file is not accepted; ``message`` is localised and fit to show the citizen."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def sniff(content: bytes) -> str | None:
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def _parse_pdf(content: bytes) -> None:
    if b"%%EOF" not in content[-2048:]:
        raise UploadRefused(_("This PDF file is incomplete (it may not have finished uploading). "
                              "Please upload it again."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                raise UploadRefused(_("This PDF is protected by a password; officers could not "
                                      "open it. Please upload a copy without a password."))
            if len(reader.pages) < 1:
                raise UploadRefused(_("This PDF file has no pages."))
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError):
        raise UploadRefused(_("This PDF file is damaged and cannot be opened. Please save or scan "
                              "it again.")) from None


def _parse_image(content: bytes, kind: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != kind.upper():
                    raise OSError("format mismatch")
                if image.width * image.height > MAX_PIXELS:
                    raise OSError("too many pixels")
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()  # verify() does not decode: a truncated image fails only here
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise UploadRefused(_("This image is damaged or incomplete and cannot be opened. Please "
                              "take or save it again.")) from None


def check_content(filename: str, content: bytes, accept, max_bytes: int) -> str:
    """The detected content type of an acceptable file, or UploadRefused."""
    if not content:
        raise UploadRefused(_("The file is empty."))
    if len(content) > max_bytes:
        raise UploadRefused(_("The file is %(size).1f MB; at most %(max).1f MB is accepted here. "
                              "Please reduce it (e.g. scan at a lower resolution).")
                            % {"size": len(content) / 1048576, "max": max_bytes / 1048576})
    kinds = [k for k in CONTENT_TYPES if k in accept]
    named = EXTENSIONS.get(os.path.splitext(filename or "")[1].lower())
    if named is None or named not in accept:
        raise UploadRefused(_("Only these file types are accepted here: %(types)s. The file "
                              "name should end in %(extensions)s.")
                            % {"types": ", ".join(k.upper() for k in kinds),
                               "extensions": ", ".join(SUFFIX[k] for k in kinds)})
    found = sniff(content)
    if found is None:
        raise UploadRefused(_("This file is not really a PDF, JPEG or PNG file, whatever its name "
                              "says. Please upload a scan or photo in one of these formats."))
    if found != named:
        raise UploadRefused(_("The file name says %(named)s but the file is %(found)s. Please "
                              "rename it or save it in the right format.")
                            % {"named": named.upper(), "found": found.upper()})
    if found == "pdf":
        _parse_pdf(content)
    else:
        _parse_image(content, found)
    return CONTENT_TYPES[found]
