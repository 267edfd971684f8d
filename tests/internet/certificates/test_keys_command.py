"""The portal publishes only certificate keys it was given; it never creates one."""

import io

import pytest
from django.core.management import CommandError, call_command

from policeonline.exchange.keys import Keyring


def run(*args) -> str:
    out = io.StringIO()
    call_command("certificates", *args, stdout=out)
    return out.getvalue()


def test_the_portal_refuses_to_create_a_signing_key():
    with pytest.raises(CommandError, match="lives on the intranet"):
        run("keys", "create")


def test_trust_accepts_a_certificate_key_and_refuses_an_exchange_key(tmp_path, settings):
    settings.CERTIFICATE_KEY_DIR = str(tmp_path / "certs")
    bureau = Keyring(tmp_path / "bureau", "cert")
    pub = bureau.create()
    (tmp_path / "cert.json").write_text(bureau.export_public(), "utf-8")
    assert pub.kid in run("keys", "trust", str(tmp_path / "cert.json"))
    assert pub.kid in run("keys", "list")
    exchange = Keyring(tmp_path / "exchange", "intranet")
    exchange.create()
    (tmp_path / "exchange.json").write_text(exchange.export_public(), "utf-8")
    with pytest.raises(CommandError, match="not a certificate key"):
        run("keys", "trust", str(tmp_path / "exchange.json"))
    (tmp_path / "junk.json").write_text("{}", "utf-8")
    with pytest.raises(CommandError, match="Not a public key file"):
        run("keys", "trust", str(tmp_path / "junk.json"))
