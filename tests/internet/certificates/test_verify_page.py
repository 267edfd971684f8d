"""The public verification page: each verdict, in Chinese and English, never a server error,
nothing personal beyond the masked fields, throttled per client address."""

import json
from datetime import date, timedelta

import pytest

from policeonline.certificates.codes import verify_code
from policeonline.certificates.keyfile import parse_key_document
from policeonline.exchange.crypto.registry import get_suite
from policeonline.exchange.keys import Keyring

pytestmark = pytest.mark.django_db


def page(client, code, via="form"):
    response = client.get(f"/c/{code}") if via == "qr" else \
        client.get("/certificates/verify/", {"code": code})
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_alone(client):
    html = client.get("/certificates/verify/").content.decode()
    assert "核验电子证照" in html or "Verify an electronic certificate" in html
    assert 'name="code"' in html and 'role="status"' not in html


@pytest.mark.parametrize("via", ["form", "qr"])
def test_a_genuine_valid_certificate(client, intranet, via):
    code = intranet.code()
    intranet.issue(code)
    html = page(client, code, via)
    assert "verdict-valid" in html
    assert "WFZ-2026-7K3Q-M9XD" in html and "张**" in html and "370102********106X" in html
    assert "无犯罪记录证明" in html


def test_the_qr_url_pasted_into_the_form_works(client, intranet):
    code = intranet.code()
    intranet.issue(code)
    assert "verdict-valid" in page(client, f"https://portal.example.cn/c/{code}")


def test_a_revoked_certificate(client, intranet):
    code = intranet.code()
    intranet.issue(code)
    intranet.revoke("WFZ-2026-7K3Q-M9XD", reason="申请人提供虚假材料")
    html = page(client, code, "qr")
    assert "verdict-revoked" in html
    assert "申请人提供虚假材料" not in html  # the reason is the holder's business


def test_an_expired_certificate(client, intranet):
    code = intranet.code(issued_on=date.today() - timedelta(days=100),
                         valid_until=date.today() - timedelta(days=10))
    intranet.issue(code)
    assert "verdict-expired" in page(client, code)


def test_a_certificate_without_expiry_stays_valid(client, intranet):
    code = intranet.code(issued_on=date(2020, 1, 1), valid_until=None)
    intranet.issue(code)
    assert "verdict-valid" in page(client, code)


def test_a_genuine_code_not_yet_on_file(client, intranet):
    html = page(client, intranet.code())
    assert "verdict-unconfirmed" in html and "WFZ-2026-7K3Q-M9XD" in html


def test_a_code_with_one_character_changed_is_not_genuine(client, intranet):
    code = intranet.code()
    intranet.issue(code)
    at = code.rindex(".") + 5
    changed = code[:at] + ("A" if code[at] != "A" else "B") + code[at + 1:]
    html = page(client, changed)
    assert "verdict-not_genuine" in html and "张**" not in html


def test_a_forged_code_under_our_key_id_is_not_genuine(client, intranet):
    forged = intranet.code(private=get_suite().generate()[0])  # another key, the bureau's key id
    assert "verdict-not_genuine" in page(client, forged)


def test_a_code_signed_by_an_unpublished_key_is_not_recognised(client, intranet, tmp_path):
    other = Keyring(tmp_path / "other", "cert")
    other.create()
    html = page(client, intranet.code(signer=other))
    assert "verdict-unknown_key" in html and "张**" not in html


@pytest.mark.parametrize("text", ["hello", "PSO1.abc.def", "PSO1..", "%00%ff", "<script>x</script>",
                                  "PSO1." + "A" * 20000, "张三" * 50])
def test_garbage_gets_a_clear_answer(client, intranet, text):
    html = page(client, text)
    assert "verdict-malformed" in html
    assert "<script>x</script>" not in html


def test_garbage_in_the_qr_path(client, intranet):
    assert "verdict-malformed" in page(client, "not-a-code", "qr")
    assert "verdict-malformed" in page(client, "PSO1." + "A" * 5000 + ".AA", "qr")


def test_the_answer_in_english(client, intranet):
    code = intranet.code()
    intranet.issue(code)
    client.cookies["lang"] = "en"
    html = page(client, code)
    assert "Genuine and valid" in html and 'lang="en"' in html


def test_checks_are_throttled_per_address(client, intranet, settings):
    settings.CERTIFICATE_VERIFY_LIMIT = 3
    code = intranet.code()
    for _ in range(3):
        assert client.get(f"/c/{code}").status_code == 200
    response = client.get(f"/c/{code}")
    assert response.status_code == 429 and "verdict-throttled" in response.content.decode()
    assert response["Retry-After"] == str(settings.CERTIFICATE_VERIFY_WINDOW_SECONDS)
    # Another address is not affected; the empty form is never throttled.
    assert client.get(f"/c/{code}", REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get("/certificates/verify/").status_code == 200


def test_the_published_keys_verify_codes_offline(client, intranet):
    response = client.get("/certificates/keys/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    (key,) = document["keys"]
    assert key["kid"] == intranet.signer.signing_key()[0]
    assert key["pem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert verify_code(intranet.code(), parse_key_document(response.content.decode())).genuine
