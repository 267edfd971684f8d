"""Choosing the certificate's Chinese font.

ReportLab embeds TrueType-outline fonts only (``.ttf``, or ``.ttc`` with a font index); the Noto
CJK collections Debian ships (fonts-noto-cjk) have PostScript (CFF) outlines and are refused,
so ``auto`` looks for a TrueType CJK font (WenQuanYi Zen Hei, AR PL UMing, Droid Sans Fallback,
SimSun…) and otherwise uses ``STSong-Light``: a standard Adobe CID font that every PDF reader
supplies itself — the text is correct and extractable, only the glyphs are not embedded.
"""

import logging
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

logger = logging.getLogger(__name__)
CID_FALLBACK = "STSong-Light"
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts")
NAME_HINTS = ("wqy", "uming", "ukai", "droidsansfallback", "simsun", "simhei", "msyh", "cjk",
              "sourcehan", "notosanssc", "notoserifsc")


@lru_cache(maxsize=8)
def certificate_font(setting: str) -> str:
    """Register and return the font name for ``setting`` (CERTIFICATE_FONT)."""
    setting = (setting or "auto").strip()
    if setting == CID_FALLBACK:
        return _cid()
    candidates = _candidates() if setting == "auto" else [setting]
    for candidate in candidates:
        name = _truetype(candidate)
        if name:
            return name
    if setting != "auto":
        logger.warning("CERTIFICATE_FONT %s is not a usable TrueType font; using %s",
                       setting, CID_FALLBACK)
    return _cid()


def is_embedded(font_name: str) -> bool:
    return font_name != CID_FALLBACK


def _cid() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CID_FALLBACK


def _truetype(spec: str) -> str | None:
    path, _, index = spec.partition("#")
    if not Path(path).is_file():
        return None
    name = f"CertCJK-{Path(path).stem}-{index or 0}"
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=int(index or 0)))
    except (TTFError, ValueError, OSError) as exc:  # CFF outlines, bad index, unreadable
        logger.info("certificate font %s skipped: %s", spec, exc)
        return None
    return name


def _candidates() -> list[str]:
    """Chinese-capable font files: fontconfig's answer, else a scan of the usual folders."""
    files: list[str] = []
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True,  # noqa: S603, S607
                                 timeout=10, check=False).stdout
            files = [line.split(":", 1)[0].strip() for line in out.splitlines() if line.strip()]
        except (OSError, subprocess.SubprocessError):
            files = []
    if not files:
        for folder in FONT_DIRS:
            if Path(folder).is_dir():
                files += [str(p) for p in Path(folder).rglob("*")
                          if p.suffix.lower() in {".ttf", ".ttc"}
                          and any(hint in p.name.lower() for hint in NAME_HINTS)]
    # TrueType files first (.otf/CFF collections are refused by ReportLab anyway).
    files = [f for f in files if f.lower().endswith((".ttf", ".ttc"))]
    return sorted(set(files), key=lambda f: (not f.lower().endswith(".ttf"), "bold" in f.lower(), f))
