"""Routing, answers and public Q&A from the intranet (inside the inbox's transaction)."""

from policeonline.exchange.types import handles

from . import services


@handles("letter.updated", from_zone="intranet")
def on_updated(body, envelope):
    services.routed(body)


@handles("letter.answered", from_zone="intranet")
def on_answered(body, envelope):
    services.answered(body)


@handles("letter.published", from_zone="intranet")
def on_published(body, envelope):
    services.published(body)
