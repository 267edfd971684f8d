"""Finished 治安 (public-order) cases as the portal sent them, and ratings the portal sends."""

import uuid
from datetime import UTC, datetime

import pytest

from policeonline.cases import engine
from policeonline.cases.models import Case

from ..cases.conftest import portal, receipt_for  # noqa: F401
from ..conftest import make_officer


@pytest.fixture
def team(db):
    return {"clerk": make_officer("500901", "public_order", ["clerk"]),
            "clerk2": make_officer("500903", "public_order", ["clerk"]),
            "supervisor": make_officer("500902", "public_order", ["supervisor"]),
            "stranger": make_officer("200901", "population", ["clerk", "supervisor"])}


def finished_case(sender) -> Case:
    app_id, _ = sender.submit("ZA-001")
    case = Case.objects.get(application_id=app_id)
    engine.perform(case.pk, "refuse", engine.SYSTEM, reason_code="duplicate")
    case.refresh_from_db()
    return case


@pytest.fixture
def case(portal):  # noqa: F811
    return finished_case(portal)


def rating(sender, case, level, kind="case", comment="", rating_id=None):
    return sender.send("rating.submitted", {
        "application_id": str(case.application_id), "receipt_no": case.receipt_no,
        "rating_id": rating_id or str(uuid.uuid4()), "kind": kind, "level": level, "comment": comment,
        "at": datetime.now(UTC).isoformat().replace("+00:00", "Z")})
