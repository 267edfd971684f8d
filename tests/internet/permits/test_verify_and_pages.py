"""The e-permit: its QR code verifies on the public page (valid, cancelled, expired, altered,
forged) and offline with the published keys; the citizen's pages and API; nobody sees another
citizen's permit (404 by serial, for the page, the PDF, the API and cancelling)."""

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from policeonline.certificates import codes
from policeonline.certificates.keys import portal_keyring
from policeonline.exchange.crypto.registry import get_suite
from policeonline.exchange.keys import Keyring
from policeonline.permits import services
from policeonline.permits.models import Permit

from .conftest import PASSWORD, truck

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[3] / "src"
ZONE = "QCL-FRJ"


def sign_in(client, user):
    assert client.post("/accounts/login/", {"username": user.phone,
                                            "password": PASSWORD}).status_code == 302


@pytest.fixture
def permit(citizen, intranet):
    intranet.answer(citizen, [truck()])
    return services.issue(citizen, plate="鲁A7H2K8", zone_code=ZONE,  # tomorrow: cancellable
                          day=timezone.localdate() + timedelta(days=1))


def verdict(client, code) -> str:
    response = client.get(f"/c/{code}")
    assert response.status_code == 200
    return response.context["verdict"].state


def test_a_genuine_permit_verifies_as_valid_with_masked_holder(client, permit):
    html = client.get(f"/c/{permit.code}").content.decode()
    assert "verdict-valid" in html
    assert "鲁A7H2K8" in html and "市**" in html and permit.serial in html
    assert "370102********" in html and "市民1" not in html


def test_an_altered_code_is_not_genuine(client, permit):
    prefix, body, signature = permit.code.split(".")
    payload = json.loads(codes._b64decode(body))
    payload["t"] = payload["t"].replace("鲁A7H2K8", "鲁A9Z9Z9")
    altered = f"{prefix}.{codes._b64encode(codes.canonical_json(payload))}.{signature}"
    assert verdict(client, altered) == "not_genuine"


def test_a_forged_code_under_the_permit_key_id_is_not_genuine(client, permit, tmp_path):
    payload = codes.verify_code(permit.code, {}).payload  # unknown key: payload still read
    forger = Keyring(tmp_path, "permit")
    forger.create()
    _, suite, private = forger.signing_key()
    forged = codes.sign_code(payload, private, payload.key_id, get_suite(suite))
    assert verdict(client, forged) == "not_genuine"


def test_the_portal_key_never_vouches_for_a_bureau_certificate(client, permit):
    kid, suite, private = portal_keyring().signing_key()
    payload = codes.CodePayload(serial="WFZ-2026-AAAA-BBBB", item_code="ZA-001", title="无犯罪记录证明",
                                holder_name_masked="张**", holder_id_masked="370102********106X",
                                issued_on=date.today(), valid_until=None, content_digest="ab" * 32)
    assert verdict(client, codes.sign_code(payload, private, kid, get_suite(suite))) == "not_genuine"


def test_an_expired_and_a_cancelled_permit(client, permit, citizen, monkeypatch):
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: real() + timedelta(days=2))
    assert verdict(client, permit.code) == "expired"
    monkeypatch.setattr(timezone, "localdate", real)
    services.cancel(citizen, permit.serial)
    assert verdict(client, permit.code) == "revoked"


def offline(client, tmp_path, code):
    keyfile = tmp_path / "keys.json"
    keyfile.write_bytes(client.get("/certificates/keys/").content)
    run = ("import runpy, sys\nsys.argv = ['verify_offline', *sys.argv[1:]]\n"
           "runpy.run_module('policeonline.certificates.verify_offline', run_name='__main__')\n")
    return subprocess.run([sys.executable, "-c", run, "--key", str(keyfile), code],
                          capture_output=True, text=True, env={"PYTHONPATH": str(SRC)}, timeout=60,
                          check=False)


def test_the_offline_verifier_accepts_a_permit_with_the_published_keys(client, permit, tmp_path):
    done = offline(client, tmp_path, permit.code)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "GENUINE" in done.stdout and permit.serial in done.stdout


def test_offline_too_the_portal_key_never_vouches_for_a_bureau_certificate(client, permit,
                                                                          tmp_path):
    kid, suite, private = portal_keyring().signing_key()
    payload = codes.CodePayload(serial="WFZ-2026-AAAA-BBBB", item_code="ZA-001", title="无犯罪记录证明",
                                holder_name_masked="张**", holder_id_masked="370102********106X",
                                issued_on=date.today(), valid_until=None, content_digest="ab" * 32)
    done = offline(client, tmp_path, codes.sign_code(payload, private, kid, get_suite(suite)))
    assert done.returncode == 1 and "NOT GENUINE" in done.stdout


def test_apply_see_and_cancel_on_the_portal(client, citizen, intranet):
    sign_in(client, citizen)
    page = client.get("/permits/")
    assert page.status_code == 200 and page.context["fresh"] is False
    client.post("/permits/", {"action": "refresh"})
    assert client.get("/permits/").context["pending"] is True
    intranet.answer(citizen, [truck()], request_id=citizen.permit_facts.request_id)
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = client.post("/permits/", {"action": "apply", "plate": "鲁A7H2K8", "zone": "JSL-X",
                                        "day": day})
    assert refused.status_code == 422 and not Permit.objects.exists()
    done = client.post("/permits/", {"action": "apply", "plate": "鲁A7H2K8", "zone": ZONE, "day": day})
    permit = Permit.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/permits/{permit.serial}/"
    detail = client.get(done["Location"]).content.decode()
    assert "<svg" in detail and "鲁A7H2K8" in detail
    pdf = client.get(f"/certificates/{permit.serial}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.post(f"/permits/{permit.serial}/cancel/")
    permit.refresh_from_db()
    assert permit.status == "cancelled"


def test_the_api(client, citizen, intranet):
    sign_in(client, citizen)
    assert len(client.get("/api/v1/permits/zones").json()) == 3
    assert client.post("/api/v1/permits/vehicles/refresh").status_code == 202
    citizen.refresh_from_db()
    intranet.answer(citizen, [truck(), truck(plate="鲁A66666", unpaid=1)],
                    request_id=citizen.permit_facts.request_id)
    assert [v["plate"] for v in client.get("/api/v1/permits/vehicles").json()["vehicles"]] == [
        "鲁A66666", "鲁A7H2K8"]
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = client.post("/api/v1/permits", {"plate": "鲁A66666", "zone": ZONE, "day": day},
                          content_type="application/json")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "violations"
    made = client.post("/api/v1/permits", {"plate": "鲁A7H2K8", "zone": ZONE, "day": day},
                       content_type="application/json")
    assert made.status_code == 201 and made.json()["code"].startswith("PSO1.")
    again = client.post("/api/v1/permits", {"plate": "鲁A7H2K8", "zone": ZONE, "day": day},
                        content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "duplicate"
    serial = made.json()["serial"]
    assert [p["serial"] for p in client.get("/api/v1/permits").json()] == [serial]
    cancelled = client.post(f"/api/v1/permits/{serial}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_another_citizen_gets_not_found(client, permit, other):
    sign_in(client, other)
    assert client.get(f"/permits/{permit.serial}/").status_code == 404
    assert client.post(f"/permits/{permit.serial}/cancel/").status_code == 404
    assert client.get(f"/certificates/{permit.serial}/pdf/").status_code == 404
    assert client.get(f"/api/v1/permits/{permit.serial}").status_code == 404
    assert client.post(f"/api/v1/permits/{permit.serial}/cancel").status_code == 404
    assert client.get("/api/v1/permits").json() == []
    permit.refresh_from_db()
    assert permit.status == "valid"


def test_an_unverified_citizen_is_told_to_verify_first(client, citizen):
    type(citizen).objects.filter(pk=citizen.pk).update(verification="unverified")
    sign_in(client, citizen)
    refused = client.post("/api/v1/permits/vehicles/refresh")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "not_verified"


def test_pages_need_sign_in(client):
    assert client.get("/permits/").status_code == 302
    assert client.get("/api/v1/permits").status_code == 401
