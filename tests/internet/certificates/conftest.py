import base64
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from policeonline.certificates import codes
from policeonline.exchange import types
from policeonline.exchange.crypto.registry import get_suite
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process

ISSUED = types.get("certificate.issued", 1, "intranet")
REVOKED = types.get("certificate.revoked", 1, "intranet")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="session", autouse=True)
def certificate_keys(tmp_path_factory):
    """The bureau's certificate key as the intranet holds it (``<dir>/intranet``), and the
    portal trusting its public half (``<dir>/internet``), as an operator sets them up."""
    from django.test import override_settings

    from policeonline.certificates import keys
    from policeonline.exchange.keys import Keyring

    root = tmp_path_factory.mktemp("certificate-keys")
    signer = Keyring(root / "intranet", keys.KEY_ZONE)
    signer.create()
    with override_settings(CERTIFICATE_KEY_DIR=str(root)):
        keys.trust(signer.export_public())
        yield signer


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


class Intranet:
    """Plays the intranet: signs codes with the bureau's key and sends signed envelopes."""

    def __init__(self, signer, exchange_keyring):
        self.signer, self.exchange = signer, exchange_keyring
        self.seq = 0

    def code(self, serial="WFZ-2026-7K3Q-M9XD", issued_on=None, valid_until="default", signer=None,
             private=None):
        kid, suite, own_private = (signer or self.signer).signing_key()
        private = private or own_private
        issued_on = issued_on or date.today()
        if valid_until == "default":
            valid_until = issued_on + timedelta(days=90)
        payload = codes.CodePayload(serial=serial, item_code="ZA-001", title="无犯罪记录证明",
                                    holder_name_masked="张**", holder_id_masked="370102********106X",
                                    issued_on=issued_on, valid_until=valid_until,
                                    content_digest="ab" * 32)
        return codes.sign_code(payload, private, kid, get_suite(suite))

    def send(self, message_type, body):
        self.seq += 1
        _, data = seal(message_type, body, keyring=self.exchange, seq=self.seq)
        return process(default_endpoint(), data, "test")

    def issue(self, code, account_ref="account:1", pdf=b"%PDF-1.4 test certificate"):
        from policeonline.certificates.keys import verification_keys

        payload = codes.verify_code(code, verification_keys()).payload
        return self.send(ISSUED, {
            "serial": payload.serial, "receipt_no": "SQ2026112700012", "account_ref": account_ref,
            "item_code": payload.item_code, "title": payload.title,
            "holder_name_masked": payload.holder_name_masked,
            "holder_id_masked": payload.holder_id_masked,
            "issued_at": datetime.combine(payload.issued_on, datetime.min.time(),
                                          tzinfo=SHANGHAI).isoformat(),
            "valid_until": payload.valid_until.isoformat() if payload.valid_until else None,
            "key_id": payload.key_id, "code": code, "content_digest": payload.content_digest,
            "pdf": base64.b64encode(pdf).decode()})

    def revoke(self, serial, reason="申请人提供虚假材料"):
        return self.send(REVOKED, {"serial": serial, "reason": reason,
                                   "revoked_at": datetime.now(SHANGHAI).isoformat()})


@pytest.fixture
def intranet(db, certificate_keys, exchange_keys):
    return Intranet(certificate_keys, exchange_keys["intranet"])
