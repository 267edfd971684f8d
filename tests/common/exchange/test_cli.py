"""`manage.py exchange …`: keys, status, probe, replay and resend as an operator uses them."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from policeonline.exchange.endpoint import default_endpoint, reset_default_endpoint
from policeonline.exchange.inbox import process
from policeonline.exchange.keys import Keyring
from policeonline.exchange.models import OutboxEntry, ProbeReceipt, QuarantinedEnvelope

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_keyring(tmp_path, settings, exchange_keys):
    """A keyring of this test's own, so rotating or trusting here changes no other test."""
    peer = "intranet" if settings.ZONE == "internet" else "internet"
    settings.EXCHANGE_KEY_DIR = str(tmp_path / "keys")
    reset_default_endpoint()
    ring = default_endpoint().keyring
    ring.create()
    ring.trust(exchange_keys[peer].export_public())
    yield ring
    reset_default_endpoint()


def run(*args) -> str:
    out = StringIO()
    call_command("exchange", *args, stdout=out)
    return out.getvalue()


def test_keys_create_is_idempotent_and_rotate_makes_a_new_active_key(settings):
    ring = default_endpoint().keyring
    first = ring.signing_key()[0]
    assert "Already has a signing key" in run("keys", "create")
    assert "is now active" in run("keys", "rotate")
    ring.reload()
    assert ring.signing_key()[0] != first
    listing = run("keys", "list")
    assert first in listing and "(active)" in listing


def test_export_trust_and_revoke_between_two_keyrings(tmp_path, settings):
    other = Keyring(tmp_path / "other", "intranet" if settings.ZONE == "internet" else "internet")
    other.create()
    path = tmp_path / "other.pub.json"
    path.write_text(other.export_public(), encoding="utf-8")
    assert "Now trusting" in run("keys", "trust", str(path))
    kid = json.loads(path.read_text())["kid"]
    assert kid in run("keys", "list")
    assert "Revoked" in run("keys", "revoke", kid)
    assert "REVOKED" in run("keys", "list")


def test_trusting_a_key_of_ones_own_zone_is_refused(tmp_path, settings):
    own = Keyring(tmp_path / "own", settings.ZONE)
    own.create()
    path = tmp_path / "own.pub.json"
    path.write_text(own.export_public(), encoding="utf-8")
    with pytest.raises(CommandError, match="does not trust its own keys"):
        run("keys", "trust", str(path))


def test_probe_then_status(settings):
    assert "Queued 3 probe" in run("probe", "--count", "3")
    status = json.loads(run("status", "--json"))
    assert status["outgoing"][0]["unshipped"] == 3
    assert "unshipped 3" in run("status")


def test_resend_marks_a_range_for_shipping_again():
    run("probe", "--count", "3")
    OutboxEntry.objects.update(shipped_at="2026-01-01T00:00:00Z")
    assert "2 envelope(s)" in run("resend", "--from", "2", "--to", "3")
    assert OutboxEntry.objects.filter(shipped_at=None).count() == 2
    with pytest.raises(CommandError):
        run("resend", "--from", "3", "--to", "2")


def test_resync_after_a_failover_numbers_past_what_the_lost_primary_may_have_sent():
    run("probe", "--count", "3")
    out = run("resync")
    assert "marked for resync" in out and "asked to re-send" in out
    assert "restored" in run("status")  # waiting for the other zone's confirmation
    run("probe")
    newest = OutboxEntry.objects.filter(type="exchange.probe").order_by("-seq").first()
    assert newest.seq > 4  # not #4, which the lost primary may already have sent


def test_replay_applies_an_envelope_once_its_key_is_trusted(exchange_keys, tmp_path, settings):
    from policeonline.exchange import types
    from policeonline.exchange.envelope import seal

    peer = "intranet" if settings.ZONE == "internet" else "internet"
    newcomer = Keyring(tmp_path / "new", peer)
    newcomer.create()  # the peer rotated, but we have not trusted its new key yet
    probe = types.get("exchange.probe", 1, peer)
    _, data = seal(probe, {"label": "late", "sent_at": "x"}, keyring=newcomer, seq=1)
    assert process(default_endpoint(), data, "spool").quarantined == 1
    assert QuarantinedEnvelope.objects.get().reason == "unknown_key"
    default_endpoint().keyring.trust(newcomer.export_public())
    out = run("replay", "--reason", "unknown_key")
    assert "applied 1" in out
    assert ProbeReceipt.objects.filter(label="late").count() == 1


def test_replay_needs_a_selection():
    with pytest.raises(CommandError, match="Name the envelopes"):
        run("replay")
