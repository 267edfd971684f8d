"""The certificate key commands on the intranet, and the choice of the PDF's Chinese font."""

import io
import json
from pathlib import Path

import pypdf
import pytest
from django.core.management import CommandError, call_command

from policeonline.certificates.fonts import CID_FALLBACK, certificate_font
from policeonline.certificates.pdf import CertificateContent, render_pdf


def run(*args) -> str:
    out = io.StringIO()
    call_command("certificates", *args, stdout=out)
    return out.getvalue()


def test_keys_create_is_idempotent_and_exports_a_certificate_key(tmp_path, settings):
    settings.CERTIFICATE_KEY_DIR = str(tmp_path)
    assert "New certificate signing key cert-" in run("keys", "create")
    assert "Already has" in run("keys", "create")
    exported = json.loads(run("keys", "export-public"))
    assert exported["zone"] == "cert" and exported["kid"].startswith("cert-")
    private = next((tmp_path / "intranet" / "own").glob("*.key"))
    assert private.stat().st_mode & 0o077 == 0
    assert "(active)" in run("keys", "list")


def test_the_intranet_does_not_trust_keys(tmp_path, settings):
    settings.CERTIFICATE_KEY_DIR = str(tmp_path)
    with pytest.raises(CommandError, match="intranet verifies with its own keys"):
        run("keys", "trust", str(tmp_path / "x.json"))


@pytest.mark.django_db
def test_revoke_command(tmp_path):
    with pytest.raises(CommandError, match="no certificate"):
        run("revoke", "WFZ-2026-0000-0000", "--reason", "错误")


def content(title="无犯罪记录证明"):
    from datetime import date

    return CertificateContent(serial="WFZ-2026-7K3Q-M9XD", title=title, holder_name="张三",
                              holder_id_number="37010219900307106X", body=["正文第一段。"],
                              issued_on=date(2026, 11, 27), valid_until=None, code="PSO1.x.y",
                              url="https://police.jinan.example/c/PSO1.x.y")


def test_a_postscript_outline_collection_falls_back_to_the_cid_font(settings):
    # fonts-noto-cjk ships CFF outlines, which ReportLab cannot embed.
    noto = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
    if not Path(noto).exists():
        pytest.skip("fonts-noto-cjk not installed")
    assert certificate_font(noto) == CID_FALLBACK
    settings.CERTIFICATE_FONT = noto
    pdf = render_pdf(content())
    assert "无犯罪记录证明" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_a_missing_font_file_falls_back_too(settings):
    settings.CERTIFICATE_FONT = "/nonexistent/font.ttf"
    assert certificate_font(settings.CERTIFICATE_FONT) == CID_FALLBACK
    assert "张三" in pypdf.PdfReader(io.BytesIO(render_pdf(content()))).pages[0].extract_text()


def test_a_configured_truetype_font_is_embedded(settings):
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Latin only: checks the mechanism
    if not Path(font).exists():
        pytest.skip("DejaVu fonts not installed")
    settings.CERTIFICATE_FONT = font
    pdf = render_pdf(content(title="Certificate"))
    assert b"/FontFile2" in pdf  # the subset is embedded in the file
    assert "Certificate" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_auto_finds_an_embeddable_cjk_font_when_one_is_installed():
    name = certificate_font("auto")
    if name == CID_FALLBACK:
        pytest.skip("no TrueType-outline CJK font installed (e.g. fonts-wqy-zenhei); using "
                    "STSong-Light, which readers supply")
    assert name.startswith("CertCJK-")
