"""Letters and ratings from the portal (inside the inbox's transaction)."""

from policeonline.exchange.types import handles

from . import services


@handles("letter.submitted", from_zone="internet")
def on_submitted(body, envelope):
    services.receive(body)


@handles("letter.rated", from_zone="internet")
def on_rated(body, envelope):
    services.rated(body)
