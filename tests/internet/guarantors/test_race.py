"""Many applicants naming the same guarantor at the same moment, on PostgreSQL (real row
locks): the yearly limit holds — exactly ``yearly_limit`` submissions go through, every other
one is refused cleanly on the guarantor's field and nothing of it is sent."""

import threading

import pytest
from django.db import connections

from policeonline.applications import services
from policeonline.exchange.models import OutboxEntry
from policeonline.guarantors.portal.models import GuaranteeRequest
from policeonline.guarantors.rules import rules
from tests.conftest import make_id_number, need_postgresql

from .conftest import GUARANTOR, draft, make_user

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_the_yearly_limit_holds_under_concurrent_submissions(catalog):
    need_postgresql("the concurrent guarantor test")
    guarantor = make_user(**GUARANTOR)
    applicants = [make_user(name=f"申请{i}", id_number=make_id_number(f"11010119800101{i:03d}"),
                            phone=f"139{i:08d}") for i in range(THREADS)]
    drafts = [draft(user) for user in applicants]
    barrier = threading.Barrier(THREADS)
    results: list = []

    def attempt(user, app):
        try:
            barrier.wait()
            services.submit(app.pk, user)
            results.append("submitted")
        except services.Refused as exc:
            results.append(getattr(exc, "code", exc.message))
        except Exception as exc:  # noqa: BLE001  (anything else is a failure of the test)
            results.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=pair) for pair in zip(applicants, drafts, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    limit = rules().yearly_limit
    assert sorted(set(results)) == ["submitted", "yearly_limit"], results
    assert results.count("submitted") == limit
    assert GuaranteeRequest.objects.filter(guarantor=guarantor).count() == limit
    assert OutboxEntry.objects.filter(type="application.submitted").count() == limit
