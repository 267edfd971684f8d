import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from policeonline.accounts.officers.models import Officer
from policeonline.catalog.models import Department

PASSWORD = "Police#Strong2026"


@pytest.fixture(scope="session", autouse=True)
def certificate_keys(tmp_path_factory):
    """The bureau's certificate signing key in a temporary CERTIFICATE_KEY_DIR (every intranet
    test may complete a case that issues a certificate)."""
    from django.test import override_settings

    from policeonline.certificates import keys

    root = tmp_path_factory.mktemp("certificate-keys")
    with override_settings(CERTIFICATE_KEY_DIR=str(root)):
        ring = keys.keyring()
        ring.create()
        yield ring


def current_code(officer) -> str:
    device = TOTPDevice.objects.get(user=officer)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def make_officer(number, department_code, roles):
    officer = Officer.objects.create_user(
        username=number, password=PASSWORD, last_name="测", first_name="试",
        department=Department.objects.filter(code=department_code).first(), roles=roles)
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    return officer


@pytest.fixture
def clerk(db):
    return make_officer("100101", "population", ["clerk"])


@pytest.fixture
def admin_officer(db):
    return make_officer("900100", None, ["admin"])


def sign_in(client, officer, code=None, password=PASSWORD):
    return client.post("/officers/login/", {"username": officer.username, "password": password,
                                            "otp_token": code or current_code(officer)})
