"""PAYMENT GATEWAY SIMULATOR — not part of the platform. A stand-in for a Chinese payment
gateway (支付宝/微信支付/银联 style) so the demo and the tests exercise the real protocol:
signed create-order/query/refund requests from the merchant, a pay page, asynchronous signed
callbacks retried with backoff until acknowledged, and a daily statement file (对账单).

It is its own tiny Django project (settings ``policeonline.gateway_simulator.settings``, its
own SQLite database, its own port) and imports nothing from the platform."""
