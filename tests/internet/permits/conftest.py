"""Pass permits on the portal: zones loaded from the data file, the portal's permit key, and
the intranet played by a test that sends the registry's answers (sealed with its key)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache

from policeonline.accounts.citizens.models import User
from policeonline.core.permit_zones import load_into
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process
from policeonline.permits import facts
from policeonline.permits.models import PermitZone
from tests.conftest import make_id_number

PASSWORD = "Jinan#2026road"


@pytest.fixture(scope="session", autouse=True)
def permit_keys(tmp_path_factory):
    """The portal's permit-signing key in a temporary certificate key folder."""
    from django.test import override_settings

    from policeonline.certificates.keys import portal_keyring

    root = tmp_path_factory.mktemp("permit-keys")
    with override_settings(CERTIFICATE_KEY_DIR=str(root)):
        portal_keyring().create()
        yield root


@pytest.fixture(autouse=True)
def zones(db):
    cache.clear()
    load_into(PermitZone)
    return {z.code: z for z in PermitZone.objects.all()}


def make_citizen(n: int, password=PASSWORD) -> User:
    user = User.objects.create_citizen(name=f"市民{n}", id_number=make_id_number(f"37010219800101{n:03d}"),
                                       phone=f"138{n:08d}", password=password)
    User.objects.filter(pk=user.pk).update(verification=User.Verification.VERIFIED)
    user.refresh_from_db()
    return user


def truck(plate="鲁A7H2K8", vehicle_type="H3", emission=6, inspection=None, unpaid=0,
          in_use=True, plate_type="02") -> dict:
    inspection = inspection if inspection is not None else date.today() + timedelta(days=200)
    return {"plate": plate, "plate_type": plate_type, "vehicle_type": vehicle_type,
            "emission_standard": emission,
            "inspection_valid_until": inspection.isoformat() if inspection else None,
            "unpaid_violations": unpaid, "in_use": in_use}


class Intranet:
    """Plays the vehicle registry's side: answers the portal's fact requests."""

    def __init__(self, keyring):
        self.keyring, self.seq = keyring, 0

    def send(self, type_name, body):
        self.seq += 1
        _, data = seal(types.get(type_name, 1, "intranet"), body, keyring=self.keyring,
                       seq=self.seq, correlation_id=body.get("request_id"))
        return process(default_endpoint(), data, "test")

    def answer(self, user, vehicles, as_of=None, request_id=None):
        request_id = request_id or facts.request_facts(user)
        return self.send("permits.vehicles.result", {
            "request_id": request_id, "account_ref": user.account_ref,
            "as_of": (as_of or datetime.now(UTC)).isoformat().replace("+00:00", "Z"),
            "vehicles": vehicles})


@pytest.fixture
def intranet(exchange_keys, db):
    return Intranet(exchange_keys["intranet"])


@pytest.fixture
def citizen(db):
    return make_citizen(1)


@pytest.fixture
def other(db):
    return make_citizen(2)
