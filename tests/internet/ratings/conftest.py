"""Applications as the portal holds them after the intranet's updates: one in progress, one
finished; the intranet played by sealed envelopes (``intranet`` from the applications tests)."""

import uuid
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from policeonline.applications.models import Application
from policeonline.applications.receipts import new_receipt_no

from ..applications.conftest import citizen, intranet, other_citizen, outbox_bodies  # noqa: F401

__all__ = ["outbox_bodies"]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def submitted(owner, sender, *steps, item_code="ZA-001") -> Application:
    app = Application.objects.create(owner=owner, item_code=item_code, workflow="simple",
                                     status=Application.Status.SENT, receipt_no=new_receipt_no(2026),
                                     round=1, submitted_at=timezone.now())
    for action, state, extra in (("receive", "submitted", {"due_date": "2026-12-30"}), *steps):
        sender.update(app, action, state, **extra)
    app.refresh_from_db()
    return app


ACCEPT = ("accept", "accepted", {"due_date": "2026-12-30", "note": "请张三携带身份证原件"})
COMPLETE = ("complete", "completed", {"outcome": "granted"})


@pytest.fixture
def in_progress(citizen, intranet):  # noqa: F811
    return submitted(citizen, intranet, ACCEPT)


@pytest.fixture
def finished(citizen, intranet):  # noqa: F811
    return submitted(citizen, intranet, ACCEPT, COMPLETE)


def rectification(sender, app, status="open", answer=""):
    body = {"application_id": str(app.pk), "receipt_no": app.receipt_no, "task_id": str(uuid.uuid5(
        uuid.NAMESPACE_URL, app.receipt_no)), "status": status, "due_date": "2027-01-15",
        "at": datetime.now(UTC).isoformat().replace("+00:00", "Z")}
    if answer:
        body["answer"] = answer
    return sender.send("rectification.updated", body)
