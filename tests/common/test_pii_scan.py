"""The personal-data scanner the permission matrix applies to every unprivileged response."""

from io import BytesIO

from reportlab.pdfgen import canvas

from policeonline.core.masking import mask_id_number, mask_phone
from policeonline.core.pii_scan import is_id_number, scan_bytes, scan_text
from tests.conftest import make_id_number

VALID = "37010219900307106X"  # the demo citizen's number: check digit X is right


def kinds(text):
    return [(f.kind, f.value) for f in scan_text(text)]


def test_a_valid_id_number_is_found_in_html_json_csv_and_log_lines():
    for text in (f"<td>{VALID}</td>", f'{{"id_number": "{VALID}"}}', f"张三,{VALID},济南",
                 f"INFO policeonline.cases applicant={VALID} opened"):
        assert kinds(text) == [("id_number", VALID)], text


def test_lower_case_x_is_found_and_reported_upper_case():
    assert kinds("身份证 37010219900307106x。") == [("id_number", VALID)]


def test_a_wrong_check_digit_is_not_an_id_number():
    for wrong in "0123456789":
        assert not is_id_number(VALID[:17] + wrong)
        assert kinds(f"order {VALID[:17]}{wrong} paid") == []


def test_random_digit_runs_and_impossible_dates_are_not_flagged():
    assert kinds("trade 202611270000000012345678 ok") == []  # 28 digits: no 18-digit run
    assert kinds("T" + "1" * 18) == []  # check digit wrong
    assert not is_id_number(make_id_number("37010219901332106"))  # month 13
    assert not is_id_number(make_id_number("37010219900230106"))  # 30 February
    assert kinds(make_id_number("37010219900230106")) == []


def test_every_generated_valid_number_is_found():
    for body in ("11010119491001001", "440305200002290012", "65010218000101001"):
        number = make_id_number(body[:17])
        assert is_id_number(number)
        assert kinds(f"x{number}y") == [("id_number", number)]


def test_an_id_number_inside_a_longer_digit_run_is_not_flagged():
    assert kinds("9" + VALID[:17] + "9") == []


def test_masked_forms_are_not_flagged():
    for text in ("3701**********106X", mask_id_number(VALID), "370102********106X", "138****0001",
                 mask_phone("13800000001"), "1380000****"):
        assert kinds(text) == [], text


def test_full_mobile_numbers_are_found_solid_or_grouped():
    assert kinds("电话 13800000001") == [("mobile", "13800000001")]
    assert kinds("tel: 138 0000 0001;") == [("mobile", "13800000001")]
    assert kinds("tel: 138-0000-0001") == [("mobile", "13800000001")]
    assert kinds('"phone":"19912345678"') == [("mobile", "19912345678")]


def test_numbers_that_are_not_mobiles_are_not_flagged():
    assert kinds("0531-12345678 12345678901 23800000001 138000000012") == []


def test_the_mobile_pattern_does_not_double_report_an_id_number():
    assert kinds(VALID) == [("id_number", VALID)]


def test_pdf_text_is_scanned():
    out = BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, f"Applicant ID {VALID}, phone 13800000001")
    page.save()
    assert [(f.kind, f.value) for f in scan_bytes(out.getvalue(), "application/pdf")] == [
        ("id_number", VALID), ("mobile", "13800000001")]


def test_binary_bytes_do_not_break_the_scan():
    assert scan_bytes(b"\x89PNG\r\n\x1a\n\x00\xff" * 10, "image/png") == []


def test_a_pdf_that_cannot_be_parsed_is_scanned_as_raw_bytes():
    found = scan_bytes(f"%PDF-1.4 broken {VALID}".encode(), "application/pdf")
    assert [(f.kind, f.value) for f in found] == [("id_number", VALID)]
