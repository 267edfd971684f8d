"""The AMQP transport against the real RabbitMQ at 127.0.0.1:5672 (no Django database needed).

Each test uses its own exchange and queue names (a uuid prefix) and deletes them afterwards.
"""

import socket
import time
import uuid

import pika
import pytest
from pika.exceptions import AMQPConnectionError, ChannelClosedByBroker, UnroutableError

from policeonline.exchange.transports.contrib.amqp import AmqpTransport
from policeonline.exchange.transports.registry import get_transport_class
from tests.conftest import need

BROKER_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
ODD_BYTES = bytes(range(256)) + b"\xff\xfe\x80\xc3\x28" + "公安".encode("gb18030")


def broker_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5672), timeout=2):
            return True
    except OSError:
        return False


class Broker:
    """Makes transports on isolated names and inspects the broker directly."""

    def __init__(self):
        self.prefix = f"test-{uuid.uuid4().hex}."
        self.exchange = f"{self.prefix}pso.boundary"
        self.transports: list[AmqpTransport] = []
        self.connection = pika.BlockingConnection(pika.URLParameters(BROKER_URL))

    def transport(self, zone: str, **options) -> AmqpTransport:
        transport = AmqpTransport(zone, url=BROKER_URL, exchange=self.exchange, queue_prefix=self.prefix,
                                  **options)
        self.transports.append(transport)
        return transport

    def queue(self, zone: str) -> str:
        return f"{self.prefix}pso.to.{zone}"

    def channel(self):
        return self.connection.channel()

    def cleanup(self):
        for transport in self.transports:
            transport.close()
        channel = self.connection.channel()
        for zone in ("internet", "intranet"):
            channel.queue_delete(self.queue(zone))
        channel.exchange_delete(self.exchange)
        self.connection.close()


@pytest.fixture
def broker():
    need(broker_reachable(), "RabbitMQ not reachable at 127.0.0.1:5672")
    broker = Broker()
    yield broker
    broker.cleanup()


def take(transport: AmqpTransport, limit: int, ack: bool = False) -> list:
    """One receive() call. Sends were confirmed, so their messages are queued; the broker
    pushes them to a consumer within milliseconds (the pause lets them land)."""
    if transport._rx is not None:
        time.sleep(0.05)
        transport._connection.process_data_events(time_limit=0)
    items = []
    for item in transport.receive(limit):
        items.append(item)
        if ack:
            item.ack()
    return items


# -- without a broker ---------------------------------------------------------------------------


def test_registered_and_peer_derived_from_zone():
    assert get_transport_class("amqp") is AmqpTransport
    internet, intranet = AmqpTransport("internet"), AmqpTransport("intranet")
    assert (internet.peer, intranet.peer) == ("intranet", "internet")
    assert internet.queue_name(internet.zone) == "pso.to.internet"
    assert AmqpTransport("dmz", peer="intranet").peer == "intranet"
    with pytest.raises(ValueError):
        AmqpTransport("dmz")
    with pytest.raises(ValueError):
        AmqpTransport("internet", peer="internet")


def test_connects_lazily_and_send_raises_when_broker_is_down():
    transport = AmqpTransport("internet", url="amqp://guest:guest@127.0.0.1:1/%2F")  # nothing listens
    with pytest.raises(AMQPConnectionError):
        transport.send("env-1", b"x")
    transport.close()


# -- with the real broker -----------------------------------------------------------------------


def test_round_trip_of_arbitrary_bytes_both_ways(broker):
    internet, intranet = broker.transport("internet"), broker.transport("intranet")
    internet.send("env-up", ODD_BYTES)
    intranet.send("env-down", b"\x00reply\xff")

    assert [(item.name, item.data) for item in take(intranet, 10, ack=True)] == [("env-up", ODD_BYTES)]
    assert [(item.name, item.data) for item in take(internet, 10, ack=True)] == [
        ("env-down", b"\x00reply\xff")]
    assert take(intranet, 10) == [] and take(internet, 10) == []


def test_order_preserved_for_a_batch_of_1000(broker):
    internet, intranet = broker.transport("internet"), broker.transport("intranet")
    for i in range(1000):
        internet.send(f"env-{i:04d}", i.to_bytes(2, "big"))

    items = []
    for _ in range(10):  # at most prefetch (400) per call; acked as they come, like the inbox
        items += take(intranet, 1000, ack=True)
    assert [item.name for item in items] == [f"env-{i:04d}" for i in range(1000)]
    assert [int.from_bytes(item.data, "big") for item in items] == list(range(1000))


def test_unacked_delivery_is_redelivered_after_the_connection_closes(broker):
    internet, receiver = broker.transport("internet"), broker.transport("intranet")
    internet.send("env-1", b"payload")
    [item] = take(receiver, 10)
    receiver.close()  # e.g. the inbox crashed before committing: no ack

    again = broker.transport("intranet")
    assert [(i.name, i.data) for i in take(again, 10, ack=True)] == [("env-1", b"payload")]
    item.ack()  # acking on the closed connection is a harmless no-op
    assert take(again, 10) == []


def test_acked_delivery_is_not_redelivered(broker):
    internet, receiver = broker.transport("internet"), broker.transport("intranet")
    internet.send("env-acked", b"a")
    internet.send("env-pending", b"b")
    acked, pending = take(receiver, 10)
    assert (acked.name, pending.name) == ("env-acked", "env-pending")
    acked.ack()
    receiver.close()

    again = broker.transport("intranet")
    assert [item.name for item in take(again, 10)] == ["env-pending"]


def test_unacked_delivery_is_offered_again_by_the_next_receive(broker):
    """The inbox leaves a delivery unacked on a database error and expects to see it again."""
    internet, intranet = broker.transport("internet"), broker.transport("intranet")
    for name in ("env-1", "env-2", "env-3"):
        internet.send(name, b"x")
    first = take(intranet, 10)
    first[0].ack()
    first[2].ack()  # env-2 failed to commit

    [again] = take(intranet, 10)
    assert again.name == "env-2"
    first[1].ack()  # a stale ack of the handed-back delivery is ignored, not a channel error
    again.ack()
    assert take(intranet, 10) == []
    intranet.close()
    assert take(broker.transport("intranet"), 10) == []


def test_messages_are_persistent_in_durable_queues(broker):
    internet = broker.transport("internet")
    internet.send("env-1", b"keep me")

    channel = broker.channel()
    method, properties, body = channel.basic_get(broker.queue("intranet"), auto_ack=True)
    assert method is not None and body == b"keep me"
    assert properties.delivery_mode == 2
    assert properties.message_id == "env-1"
    for zone in ("internet", "intranet"):  # re-declaring as non-durable must clash
        with pytest.raises(ChannelClosedByBroker) as raised:
            broker.channel().queue_declare(broker.queue(zone), durable=False)
        assert raised.value.reply_code == 406
    with pytest.raises(ChannelClosedByBroker):
        broker.channel().exchange_declare(broker.exchange, exchange_type="direct", durable=False)


def test_unroutable_send_raises_and_the_queue_is_redeclared_on_retry(broker):
    internet, intranet = broker.transport("internet"), broker.transport("intranet")
    internet.send("env-1", b"first")
    broker.channel().queue_delete(broker.queue("intranet"))  # now nothing takes routing key "intranet"

    with pytest.raises(UnroutableError):
        internet.send("env-2", b"lost?")
    internet.send("env-2", b"retried")  # the outbox retries; reconnecting re-declares the queue
    assert [(item.name, item.data) for item in take(intranet, 10)] == [("env-2", b"retried")]


def test_limit_and_prefetch_are_respected_and_an_empty_queue_returns_promptly(broker):
    internet, intranet = broker.transport("internet"), broker.transport("intranet", prefetch=3)
    started = time.monotonic()
    assert take(intranet, 10) == []
    assert time.monotonic() - started < 0.5

    for i in range(8):
        internet.send(f"env-{i}", b"x")
    batches = [[item.name for item in take(intranet, limit, ack=True)] for limit in (2, 2, 10, 10, 10)]
    assert batches == [["env-0", "env-1"], ["env-2", "env-3"], ["env-4", "env-5", "env-6"], ["env-7"], []]
    assert take(intranet, 0) == []


def test_reconnects_after_the_connection_dropped(broker):
    internet, intranet = broker.transport("internet"), broker.transport("intranet")
    internet.send("env-1", b"a")
    internet._connection.close()  # as if the broker or the network dropped it
    internet.send("env-2", b"b")
    assert [item.name for item in take(intranet, 10)] == ["env-1", "env-2"]


def test_a_batch_is_committed_as_a_whole_in_order(broker):
    internet, intranet = broker.transport("internet"), broker.transport("intranet")
    internet.send_batch([(f"env-{i:03d}", i.to_bytes(2, "big")) for i in range(300)])

    channel = broker.channel()  # durable and persistent, like single sends
    assert channel.queue_declare(broker.queue("intranet"), passive=True).method.message_count == 300
    items = []
    for _ in range(5):
        items += take(intranet, 1000, ack=True)
    assert [item.name for item in items] == [f"env-{i:03d}" for i in range(300)]
    assert [int.from_bytes(item.data, "big") for item in items] == list(range(300))


def test_an_unroutable_batch_raises_and_goes_through_on_retry(broker):
    internet, intranet = broker.transport("internet"), broker.transport("intranet")
    internet.send_batch([("env-0", b"a"), ("env-1", b"b")])
    assert [item.name for item in take(intranet, 10, ack=True)] == ["env-0", "env-1"]
    broker.channel().queue_delete(broker.queue("intranet"))

    with pytest.raises(UnroutableError):
        internet.send_batch([("env-2", b"c"), ("env-3", b"d")])
    internet.send_batch([("env-2", b"c"), ("env-3", b"d")])  # the outbox retries the batch
    assert [item.name for item in take(intranet, 10, ack=True)] == ["env-2", "env-3"]
