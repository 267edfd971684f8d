"""The intranet played on the portal: ``stats.published`` batches sealed with its key."""

import uuid
from datetime import UTC, datetime

import pytest

from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process


class Intranet:
    def __init__(self, keyring):
        self.keyring, self.seq = keyring, 0

    def publish(self, rows: list[dict]):
        self.seq += 1
        body = {"batch_id": str(uuid.uuid4()),
                "computed_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"), "rows": rows}
        message_type = types.get("stats.published", 1, "intranet")
        _, data = seal(message_type, body, keyring=self.keyring, seq=self.seq, stream=message_type.stream)
        return process(default_endpoint(), data, "test")


@pytest.fixture
def intranet(exchange_keys, db):
    return Intranet(exchange_keys["intranet"])


def row(day, item="HZ-001", department="population", **counts):
    base = {"received": 0, "completed": 0, "on_time": 0, "working_days": 0, "ratings": 0,
            "rating_sum": 0, "satisfied": 0}
    return {"day": str(day), "item": item, "department": department, **base, **counts}
