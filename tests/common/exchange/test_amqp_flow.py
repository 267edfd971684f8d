"""The same envelopes over the real RabbitMQ: no ferry, the broker is the gear."""

import socket
import time
import uuid

import pytest

from policeonline.exchange import inbox
from policeonline.exchange.endpoint import Endpoint
from policeonline.exchange.models import OutboxEntry, ProbeReceipt
from policeonline.exchange.shipper import resend_due, ship
from tests.conftest import need

from .conftest import Pair, make_keyrings

pytestmark = pytest.mark.django_db


def rabbitmq_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def amqp_pair(tmp_path):
    need(rabbitmq_up(), "RabbitMQ not reachable at 127.0.0.1:5672")
    from policeonline.exchange.transports.contrib.amqp import AmqpTransport

    prefix = f"test-{uuid.uuid4().hex[:8]}."
    rings = make_keyrings(tmp_path)
    ends = {z: Endpoint(zone=z, keyring=rings[z], resend_after=0.0,
                        transport=AmqpTransport(z, queue_prefix=prefix,
                                                exchange=f"{prefix}boundary"))
            for z in rings}
    yield Pair(ends["internet"], ends["intranet"], ferry=None)
    channel = ends["internet"].transport._channel()
    for zone in ("internet", "intranet"):
        channel.queue_delete(f"{prefix}pso.to.{zone}")
    channel.exchange_delete(f"{prefix}boundary")
    for end in ends.values():
        end.transport.close()


def pump(pair, rounds=3, resend=False):
    for _ in range(rounds):
        for end in (pair.internet, pair.intranet):
            ship(end)
            if resend:
                resend_due(end)
        for end in (pair.internet, pair.intranet):
            inbox.receive(end)


def pump_until(pair, done, seconds=15.0):
    """Pump as the zones' loops do until ``done()``: receiving takes only what the broker has
    pushed so far, so on a loaded machine the acks may need more than a fixed number of rounds."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        pump(pair, rounds=1)
        time.sleep(0.02)


def test_probes_cross_rabbitmq_once_and_in_order(amqp_pair):
    for n in range(50):
        amqp_pair.probe(f"p{n}")
    unacked = OutboxEntry.objects.filter(type="exchange.probe", acked_at=None)
    pump_until(amqp_pair, lambda: not unacked.exists())
    assert list(ProbeReceipt.objects.order_by("id").values_list("label", flat=True)) == \
        [f"p{n}" for n in range(50)]
    assert not OutboxEntry.objects.filter(type="exchange.probe", acked_at=None).exists()


def test_resending_over_rabbitmq_applies_nothing_twice(amqp_pair):
    for n in range(10):
        amqp_pair.probe(f"p{n}")
    ship(amqp_pair.internet)
    OutboxEntry.objects.update(shipped_at=None)  # as if the shipper died before marking them
    unacked = OutboxEntry.objects.filter(type="exchange.probe", acked_at=None)
    pump_until(amqp_pair, lambda: not unacked.exists())
    pump(amqp_pair, rounds=3)  # the second copies, if any are still on their way
    assert ProbeReceipt.objects.count() == 10
