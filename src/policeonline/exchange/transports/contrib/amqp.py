"""AMQP transport: envelopes travel through RabbitMQ (pika BlockingConnection).

A durable direct exchange routes each envelope by its destination zone into a durable queue
``pso.to.<zone>``; a zone reads ``pso.to.<its zone>`` and sends with routing key ``<peer>``.

Why publisher confirms (or a transaction) and manual acks: ``send`` returns only after the
broker confirmed it has taken responsibility for the persistent message, and ``send_batch``
only after the broker committed the transaction holding the whole batch (RabbitMQ answers
``tx.commit-ok`` once the persistent messages are on disk — one round trip and one flush for
hundreds of envelopes instead of one each); a message no queue would take comes back as
unroutable and raises. So the outbox marks a row shipped only when the data cannot be lost
any more. On the other side a delivery is acked only when the inbox has
committed it; anything unacked when the connection closes is redelivered by RabbitMQ, and
anything one ``receive`` call yielded but nobody acked is handed back to the queue at the
start of the next call. Data accepted by the broker is therefore never lost, at the price of
duplicates, which the inbox drops by envelope id.

``receive`` consumes: the broker pushes up to ``prefetch`` unacknowledged deliveries ahead
(``basic.qos``), so taking one costs no round trip, and an empty queue returns at once. The
window is twice the inbox's batch, so one batch travels while the one before is applied. Like
pika itself, not thread-safe.

Nothing connects until the first ``send``/``receive``, so importing and configuring this
transport works while the broker is down. Connection options (``heartbeat``,
``socket_timeout``, ``blocked_connection_timeout``, TLS via ``amqps://``) go in the URL.
"""

import logging
import time
from collections import deque
from collections.abc import Iterator
from functools import partial

import pika
from pika.exceptions import AMQPError, UnroutableError

from ..base import Received, Transport
from ..registry import register

logger = logging.getLogger(__name__)

ZONES = ("internet", "intranet")
HAND_BACK_WAIT_SECONDS = 0.2  # how long receive() waits for deliveries it handed back
# Deliveries the broker may push ahead of our acks: twice the inbox's batch (200), so the next
# batch arrives while one is being applied instead of only after its acks reached the broker.
PREFETCH = 400


@register
class AmqpTransport(Transport):
    name = "amqp"

    def __init__(self, zone: str, url: str = "amqp://guest:guest@127.0.0.1:5672/%2F",
                 exchange: str = "pso.boundary", peer: str | None = None, prefetch: int = PREFETCH,
                 queue_prefix: str = "", **options):
        super().__init__(zone, **options)
        if peer is None:
            if zone not in ZONES:
                raise ValueError(f"unknown zone {zone!r}: pass peer= explicitly")
            peer = next(z for z in ZONES if z != zone)
        if peer == zone:
            raise ValueError("peer must differ from zone")
        self.peer = peer
        self.exchange = exchange
        self.prefetch = prefetch  # most deliveries held unacknowledged at once (basic.qos does
        # not apply to basic_get, so receive() enforces it)
        self.queue_prefix = queue_prefix
        self.params = pika.URLParameters(url)
        if self.params.blocked_connection_timeout is None:
            # A broker under a resource alarm blocks publishers; fail (and retry later) instead.
            self.params.blocked_connection_timeout = 60
        self._connection = None
        self._chan = None  # confirm mode: single sends, declarations
        self._tx = None  # transactional: batches (its acks would wait for a commit, so not here)
        self._rx = None  # consuming this zone's queue
        self._cancelled = False  # the broker cancelled the consumer
        self._returned: list[str] = []  # message ids the broker returned as unroutable
        self._pushed: deque = deque()  # deliveries on self._rx not yet yielded
        self._unacked: set[int] = set()  # delivery tags yielded on self._rx, not acked yet

    def queue_name(self, zone: str) -> str:
        return f"{self.queue_prefix}pso.to.{zone}"

    # -- connection ---------------------------------------------------------------------------

    def _channel(self):
        """The open channel, (re)connecting and (re)declaring the topology when needed."""
        if self._connection is not None and self._connection.is_open:
            try:
                self._connection.process_data_events(time_limit=0)  # notice a close by the broker
            except AMQPError:
                self._drop()
        if self._chan is None or not self._chan.is_open:
            self._drop()
            self._connection = pika.BlockingConnection(self.params)
            chan = self._connection.channel()
            chan.confirm_delivery()
            chan.exchange_declare(self.exchange, exchange_type="direct", durable=True)
            for zone in (self.zone, self.peer):  # the peer's too: we may send before it ever ran
                chan.queue_declare(self.queue_name(zone), durable=True)
                chan.queue_bind(self.queue_name(zone), self.exchange, routing_key=zone)
            self._chan = chan
        return self._chan

    def _tx_channel(self):
        self._channel()  # (re)connects and declares the topology first
        if self._tx is None or not self._tx.is_open:
            self._tx = self._connection.channel()
            self._tx.tx_select()
            self._tx.add_on_return_callback(
                lambda _chan, _method, properties, _body: self._returned.append(properties.message_id))
        return self._tx

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        self._chan = self._tx = self._rx = None
        self._cancelled = False
        self._pushed.clear()  # unacked on the broker: requeued when the connection closes
        self._unacked.clear()  # delivery tags belong to the channel
        if connection is not None and connection.is_open:
            try:
                connection.close()
            except AMQPError:
                logger.debug("closing a broken AMQP connection failed", exc_info=True)

    def close(self) -> None:
        self._drop()

    # -- plugin interface ---------------------------------------------------------------------

    def send(self, name: str, data: bytes) -> None:
        properties = pika.BasicProperties(delivery_mode=pika.DeliveryMode.Persistent, message_id=name,
                                          content_type="application/octet-stream")
        try:
            # With confirms on, this returns after the broker's ack; a nack raises NackError and
            # a message returned as unroutable (mandatory, no bound queue) raises UnroutableError.
            self._channel().basic_publish(self.exchange, self.peer, data, properties, mandatory=True)
        except AMQPError:
            # Reconnect (and re-declare, e.g. a deleted queue) on the next call; the outbox retries.
            self._drop()
            raise

    def send_batch(self, items: list[tuple[str, bytes]]) -> None:
        if len(items) == 1:
            self.send(*items[0])
            return
        if not items:
            return
        try:
            chan = self._tx_channel()
            self._returned.clear()
            for name, data in items:
                properties = pika.BasicProperties(delivery_mode=pika.DeliveryMode.Persistent,
                                                  message_id=name,
                                                  content_type="application/octet-stream")
                chan.basic_publish(self.exchange, self.peer, data, properties, mandatory=True)
            chan.tx_commit()
            # A return comes before the commit's answer; dispatching it calls our callback.
            self._connection.process_data_events(time_limit=0)
        except AMQPError:
            self._drop()
            raise
        if self._returned:
            returned, self._returned = self._returned, []
            self._drop()  # reconnecting re-declares the queues; the outbox sends the batch again
            raise UnroutableError([f"{len(returned)} of {len(items)} envelopes unroutable: "
                                   f"{returned[:3]}"])

    def receive(self, limit: int = 100) -> Iterator[Received]:
        fresh = self._rx is None or self._cancelled
        rx = self._consumer()
        try:
            if fresh:  # a new consumer: the first pushes follow its consume-ok within moments
                self._connection.process_data_events(time_limit=0.02)
            # What the last call yielded and the inbox did not ack (e.g. a database error) goes
            # back to the queue now, so it is offered again without waiting for a reconnect.
            handed_back = len(self._unacked)
            for tag in sorted(self._unacked):
                rx.basic_nack(tag, requeue=True)
            self._unacked.clear()
            self._connection.process_data_events(time_limit=0)  # what the broker pushed so far
            deadline = time.monotonic() + HAND_BACK_WAIT_SECONDS
            while len(self._pushed) < handed_back and time.monotonic() < deadline:
                self._connection.process_data_events(time_limit=0.01)  # they come back shortly
            for _ in range(min(limit, len(self._pushed))):
                method, properties, body = self._pushed.popleft()
                tag = method.delivery_tag
                self._unacked.add(tag)
                yield Received(properties.message_id or f"amqp-{tag}", body, partial(self._ack, rx, tag))
        except AMQPError:
            self._drop()  # unacked deliveries go back to the queue; the inbox dedups them
            raise

    def _consumer(self):
        """The receiving channel, consuming this zone's queue with at most ``prefetch``
        deliveries outstanding; the broker pushes them into ``_pushed`` (no round trip each)."""
        if self._cancelled:
            # The broker cancelled our consumer (e.g. the queue was deleted): reconnect, which
            # re-declares the queue, and consume again.
            self._drop()
        self._channel()
        if self._rx is None or not self._rx.is_open:
            self._pushed.clear()
            self._unacked.clear()
            self._rx = self._connection.channel()
            self._rx.add_on_cancel_callback(self._on_cancel)
            self._rx.basic_qos(prefetch_count=self.prefetch)
            self._rx.basic_consume(self.queue_name(self.zone), self._on_delivery, auto_ack=False)
        return self._rx

    def _on_cancel(self, _frame) -> None:
        self._cancelled = True

    def _on_delivery(self, _chan, method, properties, body) -> None:
        self._pushed.append((method, properties, body))

    def _ack(self, chan, tag: int) -> None:
        if chan is not self._rx or tag not in self._unacked:
            return  # its channel is gone (RabbitMQ requeued it) or it was handed back already
        self._unacked.discard(tag)
        try:
            chan.basic_ack(tag)
        except AMQPError as error:
            # The channel is broken: the next call reconnects, RabbitMQ redelivers, the inbox dedups.
            logger.warning("AMQP ack of delivery %s failed (%r); it will be redelivered", tag, error)
