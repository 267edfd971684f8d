"""Uploads: PDF, JPEG and PNG that really are what their names say, whole, and not too large."""

import io

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from policeonline.formspec import UploadRefused

from .conftest import form_of


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Household register booklet, page 1")
    page.save()
    return buffer.getvalue()


def image_bytes(kind: str, size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


@pytest.fixture
def form():
    return form_of("CRJ-014")  # passport (any type), photo (JPEG or PNG only), ...


def test_real_files_are_accepted_with_their_content_type(form):
    assert form.check_upload("passport", "passport.pdf", pdf_bytes()) == "application/pdf"
    assert form.check_upload("passport", "passport.JPG", image_bytes("JPEG")) == "image/jpeg"
    assert form.check_upload("photo", "me.png", image_bytes("PNG")) == "image/png"


def refused(form, slot, name, content) -> str:
    with pytest.raises(UploadRefused) as exc:
        form.check_upload(slot, name, content)
    return exc.value.message


def test_a_program_renamed_pdf_is_refused(form):
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
    assert "not really a PDF, JPEG or PNG" in refused(form, "passport", "scan.pdf", exe)


def test_a_png_named_pdf_is_refused(form):
    message = refused(form, "passport", "scan.pdf", image_bytes("PNG"))
    assert "The file name says PDF but the file is PNG" in message


def test_a_pdf_in_a_photo_slot_is_refused(form):
    message = refused(form, "photo", "photo.pdf", pdf_bytes())
    assert "accepted here: JPEG, PNG. The file name should end in .jpg, .png." in message


def test_other_extensions_are_refused(form):
    assert "PDF, JPEG, PNG" in refused(form, "passport", "scan.docx", pdf_bytes())
    assert ".pdf, .jpg, .png" in refused(form, "passport", "scan", pdf_bytes())


def test_a_truncated_pdf_is_refused(form):
    content = pdf_bytes()
    assert "incomplete" in refused(form, "passport", "scan.pdf", content[: len(content) // 2])


def test_a_pdf_header_with_garbage_is_refused(form):
    fake = b"%PDF-1.7\n" + b"garbage " * 100 + b"\n%%EOF\n"
    assert "damaged" in refused(form, "passport", "scan.pdf", fake)


def test_truncated_images_are_refused(form):
    for kind, name in (("JPEG", "photo.jpg"), ("PNG", "photo.png")):
        content = image_bytes(kind, (400, 300))
        assert "damaged or incomplete" in refused(form, "photo", name, content[: len(content) // 2])


def test_an_empty_file_is_refused(form):
    assert refused(form, "passport", "scan.pdf", b"") == "The file is empty."


def test_an_oversize_file_is_refused(form):
    big = pdf_bytes() + b"%" + b"0" * (5 * 1024 * 1024)
    message = refused(form, "passport", "scan.pdf", big)
    assert "at most 5.0 MB" in message


def test_an_unknown_slot_is_refused(form):
    assert "does not take" in refused(form, "nonsense", "a.pdf", pdf_bytes())


def test_missing_uploads_lists_required_slots_only(form):
    assert [s.name for s in form.missing_uploads(set())] == \
        ["passport", "photo", "reason_documents", "accommodation_registration"]
    assert [s.name for s in form.missing_uploads({"passport", "photo", "reason_documents"})] == \
        ["accommodation_registration"]
    optional = form_of("CRJ-015")
    assert "health_certificate" not in {s.name for s in optional.missing_uploads(set())}
    assert not optional.slots_by_name["health_certificate"].required


def test_identity_documents_of_a_verified_applicant_are_not_uploaded():
    form = form_of("SF-002")
    assert form.slots == []


def test_a_conditional_slot_is_required_only_when_its_condition_holds():
    form = form_of("CRJ-001")
    example = form.example()
    assert form.slots_by_name["state_approval"].when == {"field": "state_employee", "equals": True}
    assert form.missing_uploads(set()) == []  # without the data, a conditional slot is not demanded
    assert [s.name for s in form.missing_uploads(set(), {**example, "state_employee": True})] == \
        ["state_approval"]
    assert form.missing_uploads(set(), {**example, "state_employee": False}) == []
    assert form.missing_uploads({"state_approval"}, {**example, "state_employee": True}) == []
    assert [s.name for s in form.slots_for({**example, "state_employee": False})] == []


def test_level_three_systems_upload_more():
    form = form_of("WA-003")
    example = form.example()
    level2 = {s.name for s in form.missing_uploads(set(), {**example, "level": "l2"})}
    level3 = {s.name for s in form.missing_uploads(set(), {**example, "level": "l3"})}
    assert level2 == {"filing_form"}
    assert level3 == {"filing_form", "topology", "security_organisation", "protection_design",
                      "product_list", "assessment_report", "expert_review"}
