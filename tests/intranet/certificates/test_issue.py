"""Issuing on the intranet: the record, the PDF (Chinese text, QR code, the code itself), and
the envelope to the portal, all in the caller's transaction."""

import base64
import io
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pypdf
import pytest
import segno
from django.conf import settings
from django.db import connection, transaction
from PIL import Image

from policeonline.certificates import codes, keys, services
from policeonline.certificates.models import Certificate
from policeonline.certificates.pdf import QR_BORDER, QR_SCALE
from policeonline.certificates.texts import no_criminal_record_body
from policeonline.exchange.models import OutboxEntry

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NAME, ID_NUMBER = "张三丰", "37010219900307106X"


def issue(**overrides):
    fields = {"receipt_no": "SQ2026112700012", "account_ref": "account:12", "item_code": "ZA-001",
              "title": "无犯罪记录证明", "holder_name": NAME, "holder_id_number": ID_NUMBER,
              "body": no_criminal_record_body(name=NAME, id_number=ID_NUMBER,
                                              checked_on=date(2026, 11, 27), purpose="出国留学",
                                              valid_days=90, bureau="我局"),
              "valid_days": 90, "issued_at": datetime(2026, 11, 27, 10, 30, tzinfo=SHANGHAI)}
    with transaction.atomic():  # as the case engine calls it
        return services.issue_certificate(**{**fields, **overrides})


def pdf_text(certificate) -> str:
    reader = pypdf.PdfReader(io.BytesIO(bytes(certificate.pdf)))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def envelope_body(entry) -> dict:
    return json.loads(bytes(entry.data).split(b"\n")[2])


def test_issue_creates_the_record_with_masked_fields_and_a_genuine_code():
    cert = issue()
    assert re.fullmatch(r"WFZ-2026-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", cert.serial)
    assert (cert.holder_name_masked, cert.holder_id_masked) == ("张**", "370102********106X")
    assert cert.valid_until == date(2027, 2, 25) and cert.status == "valid"
    result = codes.verify_code(cert.code, keys.verification_keys())
    assert result.genuine and result.payload.serial == cert.serial
    assert result.payload.content_digest == cert.content_digest
    assert result.payload.issued_on == date(2026, 11, 27)
    assert NAME not in cert.code and ID_NUMBER not in cert.code


def test_the_pdf_shows_the_holder_title_body_and_the_code_in_chinese():
    cert = issue()
    text = pdf_text(cert)
    for expected in ("无犯罪记录证明", f"持证人：{NAME}", f"公民身份号码：{ID_NUMBER}", "济南市公安局",
                     "经查询，截至2026年11月27日", "未发现有犯罪记录", "此证明用于出国留学。",
                     f"编号：{cert.serial}", "有效期至：2027年2月25日", "2026年11月27日",
                     f"{settings.PORTAL_BASE_URL}/certificates/verify/", "地址：山东省济南市"):
        assert expected in text, expected
    # The code is printed in full (in lines) under the QR code: it can be typed in or checked.
    printed = "".join(re.findall(r"^[A-Za-z0-9_.-]{20,}$", text, re.M))
    assert printed == cert.code


def test_the_qr_code_in_the_pdf_is_the_verification_url():
    """Read the QR image back from the PDF module by module and compare it with the symbol
    segno makes for the URL: the printed QR encodes exactly /c/<code> on the portal."""
    cert = issue()
    page = pypdf.PdfReader(io.BytesIO(bytes(cert.pdf))).pages[0]
    (image,) = page.images
    picture = image.image.convert("L")
    expected = segno.make(services.verify_url(cert.code), error="m", micro=False)
    size = expected.symbol_size(scale=QR_SCALE, border=QR_BORDER)[0]
    assert picture.size == (size, size)
    modules = [[picture.getpixel(((QR_BORDER + x) * QR_SCALE + QR_SCALE // 2,
                                  (QR_BORDER + y) * QR_SCALE + QR_SCALE // 2)) < 128
                for x in range(len(expected.matrix))] for y in range(len(expected.matrix))]
    assert modules == [[bool(bit) for bit in row] for row in expected.matrix]
    assert services.verify_url(cert.code) == f"{settings.PORTAL_BASE_URL}/c/{cert.code}"


def test_the_envelope_carries_the_record_and_the_pdf():
    cert = issue()
    entry = OutboxEntry.objects.get(type="certificate.issued")
    body = envelope_body(entry)
    assert body["serial"] == cert.serial and body["account_ref"] == "account:12"
    assert base64.b64decode(body["pdf"]) == bytes(cert.pdf)
    assert body["code"] == cert.code and body["valid_until"] == "2027-02-25"
    assert "content_salt" not in body and ID_NUMBER not in json.dumps(body)


def test_a_rollback_of_the_callers_transaction_leaves_neither_row_nor_envelope():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue_certificate(receipt_no="SQ1", account_ref="account:1", item_code="ZA-001",
                                   title="无犯罪记录证明", holder_name=NAME, holder_id_number=ID_NUMBER,
                                   body=["正文"], valid_days=90)
        assert Certificate.objects.count() == 1 and OutboxEntry.objects.count() == 1
        raise RuntimeError("the case engine's next step failed")
    assert Certificate.objects.count() == 0 and OutboxEntry.objects.count() == 0


def test_a_generic_item_without_expiry():
    cert = issue(item_code="ZA-002", title="特种行业许可证", valid_days=None,
                 body=["经审查，申请单位符合旅馆业特种行业许可条件，准予许可。", "许可范围：住宿服务。"])
    assert cert.serial.startswith("ZA002-2026-") and cert.valid_until is None
    text = pdf_text(cert)
    assert "特种行业许可证" in text and "准予许可" in text and "有效期：长期有效" in text


def test_the_pdf_is_encrypted_at_rest():
    cert = issue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pdf FROM certificates_certificate WHERE id = %s", [cert.pk])
        stored = bytes(cursor.fetchone()[0])
    assert not stored.startswith(b"%PDF") and ID_NUMBER.encode() not in stored
    assert bytes(Certificate.objects.get(pk=cert.pk).pdf).startswith(b"%PDF")


def test_revocation_is_recorded_once_and_sent_once():
    cert = issue()
    services.revoke_certificate(cert.serial, "申请人提供虚假材料")
    services.revoke_certificate(cert.serial, "again")
    cert.refresh_from_db()
    assert cert.status == "revoked" and cert.revoked_reason == "申请人提供虚假材料"
    (entry,) = OutboxEntry.objects.filter(type="certificate.revoked")
    assert envelope_body(entry)["serial"] == cert.serial
    with pytest.raises(LookupError):
        services.revoke_certificate("WFZ-2026-0000-0000", "x")
    with pytest.raises(ValueError):
        services.revoke_certificate(cert.serial, "  ")


def test_without_a_signing_key_issuing_fails_clearly(tmp_path, settings):
    from policeonline.exchange.keys import KeyringError

    settings.CERTIFICATE_KEY_DIR = str(tmp_path)
    with pytest.raises(KeyringError, match="certificates keys create"):
        issue()
    assert Certificate.objects.count() == 0


def test_codes_of_an_older_key_still_verify_after_rotation(certificate_keys):
    cert = issue()
    certificate_keys.create()  # rotate: the new key signs, the old one still verifies
    newer = issue()
    assert newer.key_id != cert.key_id
    verification = keys.verification_keys()
    assert codes.verify_code(cert.code, verification).genuine
    assert codes.verify_code(newer.code, verification).genuine


def test_the_page_image_is_a_real_png_qr():
    cert = issue()
    page = pypdf.PdfReader(io.BytesIO(bytes(cert.pdf))).pages[0]
    assert isinstance(page.images[0].image, Image.Image)
