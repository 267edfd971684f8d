"""The signed certificate code, as pure code: what verifies, and every way it must not."""

import base64
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policeonline.certificates import codes
from policeonline.certificates.codes import (
    GENUINE,
    MALFORMED,
    TAMPERED,
    UNKNOWN_KEY,
    CodePayload,
    extract_code,
    sign_code,
    verify_code,
)
from policeonline.exchange.crypto.contrib import ed25519  # noqa: F401
from policeonline.exchange.crypto.registry import get_suite

SUITE = get_suite("ed25519-sha256")
PRIVATE, PUBLIC = SUITE.generate()
OTHER_PRIVATE, OTHER_PUBLIC = SUITE.generate()
KID = "cert-20261127-a1b2c3"
KEYS = {KID: (SUITE, PUBLIC)}
PAYLOAD = CodePayload(serial="WFZ-2026-7K3Q-M9XD", item_code="ZA-001", title="无犯罪记录证明",
                      holder_name_masked="张*", holder_id_masked="370102********106X",
                      issued_on=date(2026, 11, 27), valid_until=date(2027, 2, 25),
                      content_digest="ab" * 32)
CODE = sign_code(PAYLOAD, PRIVATE, KID, SUITE)


def parts(code=CODE):
    return code.split(".")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def wire(code=CODE) -> dict:
    return json.loads(base64.urlsafe_b64decode(parts(code)[1] + "=="))


def test_a_signed_code_verifies_and_carries_only_masked_data():
    result = verify_code(CODE, KEYS)
    assert result.state == GENUINE and result.genuine
    assert result.payload == CodePayload(**{**PAYLOAD.__dict__, "key_id": KID})
    assert result.payload.as_dict()["holder_id_masked"] == "370102********106X"
    assert CODE.startswith("PSO1.") and len(CODE) < 600
    assert set(CODE) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def test_a_certificate_without_expiry_verifies():
    code = sign_code(CodePayload(**{**PAYLOAD.__dict__, "valid_until": None}), PRIVATE, KID, SUITE)
    assert verify_code(code, KEYS).payload.valid_until is None


@pytest.mark.parametrize("field, value", [("n", "李*"), ("id", "110101********0011"),
                                          ("exp", "2099-12-31"), ("t", "营业执照"), ("d", "00" * 32),
                                          ("s", "WFZ-2026-0000-0000")])
def test_a_changed_field_with_the_old_signature_is_tampered(field, value):
    raw = wire()
    raw[field] = value
    forged = f"PSO1.{b64(codes.canonical_json(raw))}.{parts()[2]}"
    assert verify_code(forged, KEYS).state == TAMPERED


def test_every_single_character_change_is_refused():
    alphabet = "AB9_-xq"
    for index, char in enumerate(CODE):
        replacement = next(c for c in alphabet if c != char)
        changed = CODE[:index] + replacement + CODE[index + 1:]
        result = verify_code(changed, KEYS)
        assert result.state in {TAMPERED, MALFORMED, UNKNOWN_KEY}, (index, result)  # (a changed key id)
        assert not result.genuine


def test_a_non_canonical_last_signature_character_is_refused():
    # The last base64 character of a 64-byte signature carries 2 unused bits: another
    # character with the same used bits decodes to the same bytes, and must still be refused.
    signature = parts()[2]
    last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".index(signature[-1])
    twin = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[last ^ 1]
    assert verify_code(CODE[:-1] + twin, KEYS).state == MALFORMED


def test_a_code_signed_with_another_key_under_our_key_id_is_tampered():
    forged = sign_code(PAYLOAD, OTHER_PRIVATE, KID, SUITE)
    assert verify_code(forged, KEYS).state == TAMPERED


def test_a_code_signed_with_an_unknown_key_id_is_unknown_key():
    forged = sign_code(PAYLOAD, OTHER_PRIVATE, "cert-20991231-ffffff", SUITE)
    result = verify_code(forged, KEYS)
    assert result.state == UNKNOWN_KEY and not result.genuine
    assert verify_code(forged, {**KEYS, "cert-20991231-ffffff": (SUITE, OTHER_PUBLIC)}).genuine


def test_prefix_swap_and_parts_are_checked():
    body, signature = parts()[1:]
    assert verify_code(f"PSO2.{body}.{signature}", KEYS).state == MALFORMED
    assert verify_code(f"PSO1.{body}", KEYS).state == MALFORMED
    assert verify_code(f"PSO1.{body}.{signature}.x", KEYS).state == MALFORMED
    assert verify_code(f"PSO1.{signature}.{body}", KEYS).state in {MALFORMED, TAMPERED}


@pytest.mark.parametrize("raw", [
    None, 42, b"PSO1.a.b", "", " ", "PSO1..", "PSO1.!!!.abc", "PSO1.e30.AAAA", "hello world",
    "PSO1." + "A" * 5000 + ".AAAA", "PSO1.\u4e2d\u6587.AAAA", "https://example.org/c/",
])
def test_garbage_is_malformed(raw):
    result = verify_code(raw, KEYS)
    assert result.state == MALFORMED and result.payload is None


def test_over_long_input_is_refused_before_any_work():
    assert verify_code(CODE + "A" * codes.MAX_CODE_LENGTH, KEYS).detail == "too long"


@pytest.mark.parametrize("mutate", [
    lambda raw: {**raw, "extra": 1},
    lambda raw: {k: v for k, v in raw.items() if k != "n"},
    lambda raw: {**raw, "v": 2},
    lambda raw: {**raw, "v": True},
    lambda raw: {**raw, "v": 1.0},
    lambda raw: {**raw, "iss": "2026-13-45"},
    lambda raw: {**raw, "n": ""},
    lambda raw: {**raw, "t": "x" * 65},
    lambda raw: {**raw, "n": ["张*"]},
])
def test_a_correctly_signed_but_invalid_payload_is_malformed(mutate):
    # Even the key holder cannot make an odd payload verify as a certificate.
    data = codes.canonical_json(mutate(wire()))
    signed = f"PSO1.{b64(data)}"
    code = f"{signed}.{b64(SUITE.sign(PRIVATE, signed.encode()))}"
    assert verify_code(code, KEYS).state == MALFORMED


def test_duplicate_json_keys_are_malformed():
    text = codes.canonical_json(wire()).decode()[:-1] + ',"n":"李*"}'
    signed = f"PSO1.{b64(text.encode())}"
    code = f"{signed}.{b64(SUITE.sign(PRIVATE, signed.encode()))}"
    assert verify_code(code, KEYS).state == MALFORMED


def test_sign_code_refuses_what_verify_would_refuse():
    with pytest.raises(ValueError):
        sign_code(CodePayload(**{**PAYLOAD.__dict__, "title": "x" * 100}), PRIVATE, KID, SUITE)


def test_the_content_digest_depends_on_every_field_and_the_salt():
    fields = {"holder_name": "张三", "holder_id_number": "37010219900307106X", "salt": "00"}
    digest = codes.content_digest(fields, SUITE)
    assert digest == codes.content_digest(dict(reversed(fields.items())), SUITE)
    assert digest != codes.content_digest({**fields, "holder_name": "张叁"}, SUITE)
    assert digest != codes.content_digest({**fields, "salt": "01"}, SUITE)


@pytest.mark.parametrize("text, expected", [
    (CODE, CODE), (f"  {CODE}\n", CODE), (f"https://portal.example.cn/c/{CODE}", CODE),
    (f"https://portal.example.cn/c/{CODE}?utm=x#top", CODE), (f"http://x/c/{CODE}/", CODE),
    (None, ""), ("", ""),
])
def test_extract_code_takes_the_code_out_of_a_url(text, expected):
    assert extract_code(text) == expected


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=2000), st.binary(max_size=300).map(lambda b: "PSO1." + b64(b) + ".AA"),
                 st.builds(lambda a, b: f"PSO1.{a}.{b}", st.text(max_size=300), st.text(max_size=100)),
                 st.integers(0, len(CODE) - 1).flatmap(
                     lambda i: st.text(min_size=1, max_size=3).map(lambda s: CODE[:i] + s + CODE[i + 1:]))))
def test_verify_never_raises_and_never_calls_garbage_genuine(text):
    result = verify_code(text, KEYS)
    assert result.state in {GENUINE, TAMPERED, UNKNOWN_KEY, MALFORMED}
    if result.genuine:
        assert text == CODE
