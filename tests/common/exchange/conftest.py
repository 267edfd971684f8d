"""Both ends of the boundary in one test process: two keyrings that trust each other, two
spool transports under one root, and the real ferry between them. (The zones share this
test database, but every exchange table is keyed by direction, as in production.)"""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.db import transaction

from policeonline.exchange import inbox, outbox
from policeonline.exchange.endpoint import Endpoint
from policeonline.exchange.ferry import Faults, Ferry
from policeonline.exchange.keys import Keyring
from policeonline.exchange.shipper import resend_due, ship
from policeonline.exchange.transports.contrib.spool import SpoolTransport


@dataclass
class Pair:
    internet: Endpoint
    intranet: Endpoint
    ferry: Ferry

    def probe(self, label: str, sender: str = "internet") -> str:
        with transaction.atomic():
            return outbox.enqueue("exchange.probe", {"label": label,
                                                     "sent_at": datetime.now(UTC).isoformat()},
                                  endpoint=getattr(self, sender))

    def pump(self, rounds: int = 3, resend: bool = False) -> None:
        """Ship, ferry and receive both ways, ``rounds`` times."""
        for _ in range(rounds):
            for endpoint in (self.internet, self.intranet):
                ship(endpoint)
                if resend:
                    resend_due(endpoint)
            self.ferry.run_once()
            for endpoint in (self.internet, self.intranet):
                inbox.receive(endpoint)


def make_keyrings(root):
    rings = {zone: Keyring(root / zone / "keys", zone) for zone in ("internet", "intranet")}
    for ring in rings.values():
        ring.create()
    rings["internet"].trust(rings["intranet"].export_public())
    rings["intranet"].trust(rings["internet"].export_public())
    return rings


@pytest.fixture
def pair(tmp_path, db):
    rings = make_keyrings(tmp_path)
    spool = tmp_path / "spool"
    endpoints = {zone: Endpoint(zone=zone, keyring=rings[zone],
                                transport=SpoolTransport(zone, root=str(spool)),
                                resend_after=0.0, gap_alert_after=0.0)
                 for zone in rings}
    return Pair(endpoints["internet"], endpoints["intranet"], Ferry(spool, Faults(), seed=1))
