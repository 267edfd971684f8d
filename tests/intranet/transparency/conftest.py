"""A case moved through the back office, so the log has entries; the log's signing key in the
session's temporary certificate key folder."""

import pytest

from policeonline.accounts.officers.models import Officer
from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.catalog.models import Department
from policeonline.transparency.log import keys

from ..cases.conftest import portal  # noqa: F401


@pytest.fixture(autouse=True)
def log_key(certificate_keys):
    keys.ensure()
    return keys.signing_key()


@pytest.fixture
def officers(db):
    """One population clerk (no password: these tests never sign in, and hashing is slow)."""
    return {"clerk": Officer.objects.create(username="200001", last_name="测", first_name="试",
                                            department=Department.objects.get(code="population"),
                                            roles=["clerk"])}


@pytest.fixture
def moved_case(db, portal, officers):  # noqa: F811
    """A household case received, claimed, accepted and sent back for corrections: 4 events."""
    app_id, _ = portal.submit("HZ-001")
    case = Case.objects.get(application_id=app_id)
    clerk = engine.Actor.officer(officers["clerk"])
    engine.claim(case.pk, clerk)
    engine.perform(case.pk, "accept", clerk)
    engine.perform(case.pk, "request_supplement", clerk, note="照片不清晰，请重新上传")
    case.refresh_from_db()
    return case
