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

``receive`` uses ``basic_get``: it returns at once on an empty queue and holds no deliveries
beyond those it yielded (at most ``prefetch`` per call). Like pika itself, not thread-safe.

Nothing connects until the first ``send``/``receive``, so importing and configuring this
transport works while the broker is down. Connection options (``heartbeat``,
``socket_timeout``, ``blocked_connection_timeout``, TLS via ``amqps://``) go in the URL.
"""

import logging
from collections.abc import Iterator
from functools import partial

import pika
from pika.exceptions import AMQPError, UnroutableError

from ..base import Received, Transport
from ..registry import register

logger = logging.getLogger(__name__)

ZONES = ("internet", "intranet")


@register
class AmqpTransport(Transport):
    name = "amqp"

    def __init__(self, zone: str, url: str = "amqp://guest:guest@127.0.0.1:5672/%2F",
                 exchange: str = "pso.boundary", peer: str | None = None, prefetch: int = 200,
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
        self._chan = None  # confirm mode: single sends, receiving, acks
        self._tx = None  # transactional: batches (its acks would wait for a commit, so not here)
        self._returned: list[str] = []  # message ids the broker returned as unroutable
        self._unacked: set[int] = set()  # delivery tags yielded on self._chan, not acked yet

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
        connection, self._connection, self._chan, self._tx = self._connection, None, None, None
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
        chan = self._channel()
        queue = self.queue_name(self.zone)
        try:
            # What the last call yielded and the inbox did not ack (e.g. a database error) goes
            # back to the queue now, so it is offered again without waiting for a reconnect.
            for tag in sorted(self._unacked):
                chan.basic_nack(tag, requeue=True)
            self._unacked.clear()
            for _ in range(min(limit, self.prefetch)):
                method, properties, body = chan.basic_get(queue, auto_ack=False)
                if method is None:  # the queue is empty: return at once
                    return
                tag = method.delivery_tag
                self._unacked.add(tag)
                yield Received(properties.message_id or f"amqp-{tag}", body, partial(self._ack, chan, tag))
        except AMQPError:
            self._drop()  # unacked deliveries go back to the queue; the inbox dedups them
            raise

    def _ack(self, chan, tag: int) -> None:
        if chan is not self._chan or tag not in self._unacked:
            return  # its channel is gone (RabbitMQ requeued it) or it was handed back already
        self._unacked.discard(tag)
        try:
            chan.basic_ack(tag)
        except AMQPError as error:
            # The channel is broken: the next call reconnects, RabbitMQ redelivers, the inbox dedups.
            logger.warning("AMQP ack of delivery %s failed (%r); it will be redelivered", tag, error)
