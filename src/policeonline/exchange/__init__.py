"""The boundary exchange: signed envelopes between the zones (docs/exchange-protocol.md).

Sending is a transactional outbox, receiving an inbox with quarantine; transports are dumb
plugins (spool directory + ferry, RabbitMQ) and trusted for nothing: integrity comes from the
signature, exactly-once from envelope ids and per-stream sequence numbers.
"""
