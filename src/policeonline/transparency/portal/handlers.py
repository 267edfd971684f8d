"""Leaves and signed tree heads from the intranet (inside the inbox's transaction)."""

from policeonline.exchange.types import handles

from . import services


@handles("transparency.leaves", from_zone="intranet")
def on_leaves(body, envelope):
    services.store_leaves(body["first"], body["entries"], body["cases"])
    services.advance()


@handles("transparency.sth", from_zone="intranet")
def on_tree_head(body, envelope):
    services.store_head(body)
    services.advance()
