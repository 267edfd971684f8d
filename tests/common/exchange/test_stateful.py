"""Hypothesis drives outbox → ship → ferry (with faults) → inbox → acks → re-send in random
orders. Invariants: nothing is applied twice and applications follow the sending order; once
the line is healthy again, everything sent is applied."""

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from policeonline.audit.models import AuditEvent
from policeonline.exchange import inbox
from policeonline.exchange.endpoint import Endpoint
from policeonline.exchange.ferry import Faults, Ferry
from policeonline.exchange.models import (
    ExchangeAlert,
    InboxEntry,
    IncomingStream,
    OutboxEntry,
    OutgoingStream,
    ProbeReceipt,
    QuarantinedEnvelope,
)
from policeonline.exchange.shipper import resend_due, ship
from policeonline.exchange.transports.contrib.spool import SpoolTransport

from .conftest import Pair, make_keyrings

faults = st.builds(Faults, drop=st.sampled_from([0, 0.3, 1.0]),
                   duplicate=st.sampled_from([0, 0.5, 1.0]), reorder=st.sampled_from([0, 0.5]),
                   corrupt=st.sampled_from([0, 0.2]))


def wipe_audit():
    """Between examples only: the app never deletes audit rows, and on PostgreSQL a trigger
    refuses DELETE of young ones; TRUNCATE (a test database's privilege) bypasses it."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE audit_auditevent, audit_auditseal")
        else:
            AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)


class Boundary(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        for model in (ProbeReceipt, QuarantinedEnvelope, ExchangeAlert, InboxEntry, OutboxEntry,
                      IncomingStream, OutgoingStream):
            model.objects.all().delete()
        wipe_audit()
        self.root = Path(tempfile.mkdtemp(prefix="pso-hyp-"))
        rings = make_keyrings(self.root)
        spool = self.root / "spool"
        ends = {z: Endpoint(zone=z, keyring=rings[z], transport=SpoolTransport(z, root=str(spool)),
                            resend_after=0.0, gap_alert_after=0.0) for z in rings}
        self.pair = Pair(ends["internet"], ends["intranet"], Ferry(spool, Faults(), seed=7))
        self.sent: list[str] = []

    def teardown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    @rule(count=st.integers(1, 4))
    def send(self, count):
        for _ in range(count):
            label = f"m{len(self.sent)}"
            self.pair.probe(label)
            self.sent.append(label)

    @rule()
    def ship_both(self):
        ship(self.pair.internet)
        ship(self.pair.intranet)

    @rule(fault=faults)
    def ferry(self, fault):
        self.pair.ferry.faults = fault
        self.pair.ferry.run_once()

    @rule()
    def receive_intranet(self):
        inbox.receive(self.pair.intranet)

    @rule()
    def receive_internet(self):
        inbox.receive(self.pair.internet)

    @rule()
    def resend(self):
        resend_due(self.pair.internet)

    @invariant()
    def applied_once_and_in_order(self):
        applied = list(ProbeReceipt.objects.order_by("id").values_list("label", flat=True))
        assert applied == self.sent[:len(applied)]

    def heal_and_drain(self):
        self.pair.ferry.faults = Faults()
        for _ in range(40):
            self.pair.pump(rounds=1, resend=True)
            if ProbeReceipt.objects.count() == len(self.sent):
                break
        applied = list(ProbeReceipt.objects.order_by("id").values_list("label", flat=True))
        assert applied == self.sent


class DrainingBoundary(Boundary):
    def teardown(self):
        try:
            self.heal_and_drain()
        finally:
            super().teardown()


@pytest.mark.django_db
def test_outbox_transport_inbox_under_faults():
    run_state_machine_as_test(DrainingBoundary, settings=settings(
        max_examples=60, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
