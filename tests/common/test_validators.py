import pytest
from django.core.exceptions import ValidationError

from policeonline.core.masking import mask_id_number, mask_name, mask_phone
from policeonline.core.validators import validate_credit_code, validate_id_number, validate_mobile
from tests.conftest import make_credit_code, make_id_number


@pytest.mark.parametrize("number", [
    "37010219900307106X",          # check digit X
    "370102198506150021",
    " 37010219900307106x ",        # typed with spaces and a lower-case x
])
def test_valid_id_numbers_are_accepted_and_normalised(number):
    assert validate_id_number(number) == number.strip().upper()


@pytest.mark.parametrize(("number", "code"), [
    ("", "required"),
    ("3701021990030700", "length"),
    ("37010219900307001A", "format"),
    ("370102199003070010", "checksum"),     # right shape, wrong check digit
    (make_id_number("37010219901332001"), "birth_date"),  # month 13
    ("130120199001010018", "region"),  # a region python-stdnum knows without a county
])
def test_invalid_id_numbers_say_what_is_wrong(number, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert exc.value.code == code
    assert str(exc.value.messages[0])  # a sentence, not an empty error


def test_credit_codes():
    good = make_credit_code("91370100MA3C00000")
    assert validate_credit_code(good.lower()) == good
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(bad_check)
    assert exc.value.code == "checksum"
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("91370100MA3C0000")
    assert exc.value.code == "length"


@pytest.mark.parametrize("phone", ["13800000001", "+86 138-0000-0001", "138 0000 0001"])
def test_mobile_numbers_are_normalised(phone):
    assert validate_mobile(phone) == "13800000001"


@pytest.mark.parametrize("phone", ["12800000001", "1380000000", "010-12345678", "abc"])
def test_bad_mobile_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_mobile(phone)


def test_masks_hide_the_middle():
    assert mask_id_number("37010219900307106X") == "370102********106X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张三丰") == "张**"
